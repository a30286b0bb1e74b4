// Which row is selected and which row is at the top of a list of a given height: pure arithmetic, kept in view.

export class ListCursor {
  selected = 0;
  top = 0;
  height = 1;
  count = 0;

  /** The list's length changed (a page arrived, a new listing): the selection stays inside. */
  setCount(count: number): void {
    this.count = Math.max(0, count);
    this.clamp();
  }

  setHeight(height: number): void {
    this.height = Math.max(1, height);
    this.clamp();
  }

  move(delta: number): void {
    this.select(this.selected + delta);
  }

  select(index: number): void {
    this.selected = index;
    this.clamp();
  }

  toTop(): void {
    this.select(0);
  }

  toBottom(): void {
    this.select(this.count - 1);
  }

  pageDown(): void {
    this.move(this.height - 1);
  }

  pageUp(): void {
    this.move(-(this.height - 1));
  }

  /** The wheel scrolls the view, taking the selection along only when it would leave the view. */
  scroll(delta: number): void {
    const maximumTop = Math.max(0, this.count - this.height);
    this.top = Math.min(maximumTop, Math.max(0, this.top + delta));
    if (this.selected < this.top) this.selected = this.top;
    if (this.selected >= this.top + this.height) this.selected = this.top + this.height - 1;
    this.clamp();
  }

  /** The row drawn on screen line `line` (0 = first line of the list), or null past the end. */
  rowAtLine(line: number): number | null {
    const index = this.top + line;
    return line >= 0 && line < this.height && index < this.count ? index : null;
  }

  private clamp(): void {
    if (this.count === 0) {
      this.selected = 0;
      this.top = 0;
      return;
    }
    this.selected = Math.min(this.count - 1, Math.max(0, this.selected));
    if (this.selected < this.top) this.top = this.selected;
    if (this.selected >= this.top + this.height) this.top = this.selected - this.height + 1;
    this.top = Math.max(0, Math.min(this.top, Math.max(0, this.count - this.height)));
  }
}
