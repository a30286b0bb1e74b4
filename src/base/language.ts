// Languages as a person names them (eng, en, English) and as servers tag streams, reduced to one code to compare.
import langs, { type LangsLanguage } from 'langs';

/** A language known by its ISO 639-2/T code (`deu`, never `ger`), with its English name. */
export interface Language {
  code: string;
  name: string;
}

let byName: Map<string, LangsLanguage> | undefined;

/** The language `text` writes as a 2-letter code, a 3-letter code (either ISO 639-2 form, or 639-3) or an English name. */
function languageNamed(text: string): LangsLanguage | undefined {
  const lowered = text.trim().toLowerCase();
  if (/^[a-z]{2}$/.test(lowered)) return langs.where('1', lowered);
  if (/^[a-z]{3}$/.test(lowered)) return langs.where('2T', lowered) ?? langs.where('2B', lowered) ?? langs.where('3', lowered);
  byName ??= new Map(langs.all().map((language) => [language.name.toLowerCase(), language]));
  return byName.get(lowered);
}

/**
 * The language `text` names, case-insensitively: a 3-letter code (`eng`, `deu` or `ger`), a 2-letter tag
 * (`en`, also `en-US`), or an English name (`German`); undefined for anything else.
 */
export function findLanguage(text: string | undefined): Language | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const language = languageNamed(text) ?? languageNamed(text.split(/[-_]/)[0] ?? '');
  return language ? { code: language['2T'], name: language.name } : undefined;
}
