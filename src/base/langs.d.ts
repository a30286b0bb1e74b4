// Types of the `langs` package (ISO 639 codes and English names), which ships none: only what plexterm reads.
declare module 'langs' {
  /** One language; the keys are ISO 639-1 ("1"), 639-2/T ("2", "2T"), 639-2/B ("2B"), 639-3 ("3"). */
  export interface LangsLanguage {
    name: string;
    local: string;
    '1': string;
    '2': string;
    '2T': string;
    '2B': string;
    '3': string;
  }
  export type LangsCriterion = '1' | '2' | '2T' | '2B' | '3' | 'name' | 'local';
  const langs: {
    all(): LangsLanguage[];
    where(criterion: LangsCriterion, value: string): LangsLanguage | undefined;
  };
  export default langs;
}
