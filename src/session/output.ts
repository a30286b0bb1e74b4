// Where a session says things: the CLI prints them, the TUI writes them to its log file.

export interface Output {
  out(text: string): void;
  err(text: string): void;
  /**
   * How many display columns a table written with out() may take, asked at each table (a terminal can
   * be resized); undefined or absent: no limit.
   */
  columns?(): number | undefined;
}
