// Where a session says things: the CLI prints them, the TUI writes them to its log file.

export interface Output {
  out(text: string): void;
  err(text: string): void;
}
