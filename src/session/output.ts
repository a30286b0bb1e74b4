// Where a session says things: the CLI prints them, the TUI writes them to its log file.

export interface Output {
  out(text: string): void;
  err(text: string): void;
  /**
   * How many display columns a table written with out() may take, asked at each table (a terminal can
   * be resized); undefined or absent: no limit.
   */
  columns?(): number | undefined;
  /** Set when out() writes to a terminal: a live table is redrawn in place there, and again when it is resized. */
  readonly outTerminal?: Terminal;
  /** Set when err() writes to a terminal: a status line is redrawn in place there, cut to its width. */
  readonly errTerminal?: Terminal;
}

/** A terminal an Output writes to. */
export interface Terminal {
  /** Its width in columns, when it is known. */
  columns(): number | undefined;
  /** Calls `listener` each time it changes size; returns the listener's removal. */
  onResize(listener: () => void): () => void;
}
