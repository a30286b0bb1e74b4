// The global flags of a plexterm run, as commander reads them: what a Session is made from.

export interface GlobalOptions {
  demo?: boolean;
  home?: string;
  server?: string;
  token?: string;
  plexTv?: string;
  /** Seconds each request attempt may take. */
  timeout?: number;
  verbose?: boolean;
  /** `--plugins-dir DIR`, repeatable. */
  pluginsDir?: string[];
  /** False with `--no-plugins` (safe mode). */
  plugins?: boolean;
}
