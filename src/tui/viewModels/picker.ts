// A filterable choice list (command palette, theme picker, key help, a plugin's quick pick): typed text narrows it fuzzily.
import { fuzzyFilter } from './fuzzy.js';
import { ListCursor } from './listCursor.js';

export interface PickerItem {
  id: string;
  label: string;
  /** Shown dimmed after the label: a key, a source, a description. */
  detail: string;
}

export class PickerModel {
  query = '';
  readonly cursor = new ListCursor();
  private shown: PickerItem[];

  constructor(
    readonly title: string,
    readonly items: readonly PickerItem[],
    /** A picker whose items are only read (the key help) has no choice to accept. */
    readonly acceptsChoice = true,
  ) {
    this.shown = [...items];
    this.cursor.setCount(this.shown.length);
  }

  get filtered(): readonly PickerItem[] {
    return this.shown;
  }

  get selectedItem(): PickerItem | undefined {
    return this.shown[this.cursor.selected];
  }

  type(text: string): void {
    this.setQuery(this.query + text);
  }

  deleteBackward(): void {
    this.setQuery([...this.query].slice(0, -1).join(''));
  }

  setQuery(query: string): void {
    this.query = query;
    this.shown = fuzzyFilter(this.items, query, (item) => `${item.label} ${item.detail}`);
    this.cursor.setCount(this.shown.length);
    this.cursor.select(0);
  }
}
