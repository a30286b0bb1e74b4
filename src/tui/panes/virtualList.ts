// A list over a plain blessed box that draws only the rows in view, so its length costs nothing (blessed's own list draws every row).
import type { Widgets } from 'blessed';
import { ListCursor } from '../viewModels/index.js';
import type { Blessed } from '../screen/index.js';

export interface VirtualListOptions {
  parent: Widgets.Node;
  /** The text of row `index` at `width` columns (tags allowed; escape the item's own text), or null while it is loading. */
  renderRow(index: number, width: number, selected: boolean): string | null;
  /** The selected row is drawn with these tags around it (e.g. the theme's selection colours). */
  selectionTags(): { open: string; focused: boolean };
  /** Rows that are about to be drawn: fetch what is missing. */
  onVisible?(top: number, count: number): void;
  onSelect?(index: number): void;
  /** A double click (or a click on the already selected row of a focused list). */
  onActivate?(index: number): void;
  onFocusRequest?(): void;
  /** More blessed box options (a border, a label). */
  box?: Widgets.BoxOptions;
}

export class VirtualList {
  readonly box: Widgets.BoxElement;
  cursor = new ListCursor();
  private lastClick = { index: -1, at: 0 };

  constructor(
    blessed: Blessed,
    private readonly options: VirtualListOptions,
  ) {
    this.box = blessed.box({ ...options.box, parent: options.parent, tags: true, wrap: false, clickable: true, mouse: true, scrollable: false });
    this.box.on('click', (mouse: Widgets.Events.IMouseEventArg) => this.click(mouse));
    this.box.on('wheeldown', () => this.wheel(3));
    this.box.on('wheelup', () => this.wheel(-3));
  }

  get selected(): number {
    return this.cursor.selected;
  }

  setCount(count: number): void {
    this.cursor.setCount(count);
  }

  /** Redraws the rows in view into the box; call before `screen.render()`. */
  draw(): void {
    const height = Math.max(1, this.innerHeight());
    const width = Math.max(1, this.innerWidth());
    this.cursor.setHeight(height);
    const { top, count, selected } = this.cursor;
    const visible = Math.min(height, Math.max(0, count - top));
    this.options.onVisible?.(top, height);
    const lines: string[] = [];
    const selection = this.options.selectionTags();
    for (let line = 0; line < visible; line += 1) {
      const index = top + line;
      const isSelected = index === selected;
      const text = this.options.renderRow(index, width, isSelected) ?? '  …';
      lines.push(isSelected ? `${selection.open}${text}{/}` : text);
    }
    this.box.setContent(lines.join('\n'));
  }

  private innerHeight(): number {
    return (this.box.height as number) - (this.box.iheight as number);
  }

  private innerWidth(): number {
    return (this.box.width as number) - (this.box.iwidth as number);
  }

  private click(mouse: Widgets.Events.IMouseEventArg): void {
    this.options.onFocusRequest?.();
    const line = mouse.y - (this.box.atop as number) - (this.box.itop as number);
    const index = this.cursor.rowAtLine(line);
    if (index === null) return;
    const now = Date.now();
    const again = this.lastClick.index === index && now - this.lastClick.at < 400;
    this.lastClick = { index, at: now };
    if (again) {
      this.options.onActivate?.(index);
      return;
    }
    this.cursor.select(index);
    this.options.onSelect?.(index);
  }

  private wheel(delta: number): void {
    const before = this.cursor.selected;
    this.cursor.scroll(delta);
    if (this.cursor.selected !== before) this.options.onSelect?.(this.cursor.selected);
    else this.options.onSelect?.(before);
  }
}
