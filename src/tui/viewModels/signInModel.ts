// What the first-run screen shows and does with each key: a menu of three ways in, the PIN's address and code, the account's servers to choose from, a URL and token form.

export type SignInStep =
  | { kind: 'none' }
  | { kind: 'pin' }
  | { kind: 'save'; url: string; token: string }
  | { kind: 'server'; index: number }
  | { kind: 'cancel' }
  | { kind: 'done'; outcome: 'demo' | 'quit' };

/** `connecting`: the PIN flow after a server was picked. */
type Mode = 'menu' | 'pin' | 'servers' | 'connecting' | 'url' | 'token' | 'saving';

/** A server the signed-in account reaches. */
export interface ServerOption {
  name: string;
  owned: boolean;
}

export const signInChoices = ['Sign in with your Plex account (a code to approve at plex.tv)', 'Give a server URL and a token', 'Try the demo server'] as const;

export class SignInModel {
  mode: Mode = 'menu';
  selected = 0;
  url = '';
  token = '';
  private pin: { address: string; code: string } | null = null;
  private servers: ServerOption[] = [];
  private serverSelected = 0;
  private notes: string[] = [];
  private error: string | null = null;

  /** A key: `name` for enter, escape, backspace, up, down; `character` for typing. */
  press(name: string | undefined, character: string | undefined): SignInStep {
    const typed = name === undefined && character !== undefined && [...character].length === 1 && character >= ' ' ? character : undefined;
    if (this.mode === 'menu') {
      if (name === 'up' || typed === 'k') this.selected = (this.selected + signInChoices.length - 1) % signInChoices.length;
      else if (name === 'down' || typed === 'j') this.selected = (this.selected + 1) % signInChoices.length;
      else if (typed === 'q' || name === 'escape') return { kind: 'done', outcome: 'quit' };
      else if (typed !== undefined && /^[1-3]$/.test(typed)) return this.choose(Number(typed) - 1);
      else if (name === 'enter') return this.choose(this.selected);
      return { kind: 'none' };
    }
    if (name === 'escape') {
      const wasPin = this.mode === 'pin' || this.mode === 'servers' || this.mode === 'connecting';
      this.reset();
      return wasPin ? { kind: 'cancel' } : { kind: 'none' };
    }
    if (this.mode === 'servers') return this.pressInServers(name, typed);
    if (this.mode === 'url' || this.mode === 'token') {
      const field = this.mode;
      if (name === 'backspace') this[field] = [...this[field]].slice(0, -1).join('');
      else if (typed !== undefined) this[field] += typed;
      else if (name === 'enter' && field === 'url' && this.url.trim() !== '') this.mode = 'token';
      else if (name === 'enter' && field === 'token' && this.token.trim() !== '') {
        this.mode = 'saving';
        this.notes = [`Checking ${this.url.trim()}…`];
        return { kind: 'save', url: this.url.trim(), token: this.token.trim() };
      }
    }
    return { kind: 'none' };
  }

  pinShown(address: string, code: string): void {
    this.pin = { address, code };
  }

  /** The PIN was approved and the account reaches several servers: the person picks one (`suggested` first). */
  serversShown(servers: ServerOption[], suggested: number): void {
    this.mode = 'servers';
    this.servers = servers;
    this.serverSelected = Math.min(Math.max(0, suggested), servers.length - 1);
  }

  progress(text: string): void {
    this.notes.push(text);
  }

  /** Back to the menu with the error shown. */
  failed(message: string): void {
    this.reset();
    this.error = message;
  }

  lines(): string[] {
    const lines = ['No Plex server is set up yet.', ''];
    if (this.error) lines.push(`Could not sign in: ${this.error}`, '');
    if (this.mode === 'menu') {
      signInChoices.forEach((choice, index) => lines.push(`${index === this.selected ? '›' : ' '} ${index + 1}. ${choice}`));
      lines.push('', 'Enter or 1–3 chooses, q quits.');
    } else if (this.mode === 'pin') {
      if (this.pin === null) lines.push('Asking plex.tv for a code…');
      else lines.push('Open this address in a browser and approve plexterm:', '', this.pin.address, '', `Code: ${this.pin.code}`, '', 'Waiting for approval… (Esc goes back)');
      lines.push(...this.notes);
    } else if (this.mode === 'servers') {
      lines.push(`Signed in. Your account reaches ${this.servers.length} servers; which one should plexterm use?`, '');
      this.servers.forEach((server, index) => lines.push(`${index === this.serverSelected ? '›' : ' '} ${index + 1}. ${server.name}${server.owned ? ' (yours)' : ''}`));
      lines.push('', `Enter or 1–${Math.min(9, this.servers.length)} chooses, Esc goes back.`);
    } else if (this.mode === 'url' || this.mode === 'token') {
      lines.push(`Server URL: ${this.url}${this.mode === 'url' ? '▏' : ''}`);
      if (this.mode === 'token') lines.push(`Token:      ${'•'.repeat([...this.token].length)}▏`);
      lines.push('', this.mode === 'url' ? 'e.g. http://192.168.1.10:32400 — Enter for the token, Esc goes back' : 'Enter saves, Esc goes back');
    } else lines.push(...this.notes);
    return lines;
  }

  private pressInServers(name: string | undefined, typed: string | undefined): SignInStep {
    const count = this.servers.length;
    if (name === 'up' || typed === 'k') this.serverSelected = (this.serverSelected + count - 1) % count;
    else if (name === 'down' || typed === 'j') this.serverSelected = (this.serverSelected + 1) % count;
    else if (name === 'enter' || (typed !== undefined && /^[1-9]$/.test(typed) && Number(typed) <= count)) {
      const index = name === 'enter' ? this.serverSelected : Number(typed) - 1;
      this.mode = 'connecting';
      this.notes = [];
      return { kind: 'server', index };
    }
    return { kind: 'none' };
  }

  private choose(index: number): SignInStep {
    this.error = null;
    this.notes = [];
    if (index === 0) {
      this.mode = 'pin';
      this.pin = null;
      return { kind: 'pin' };
    }
    if (index === 1) {
      this.mode = 'url';
      return { kind: 'none' };
    }
    return { kind: 'done', outcome: 'demo' };
  }

  private reset(): void {
    this.mode = 'menu';
    this.pin = null;
    this.servers = [];
    this.notes = [];
    this.url = '';
    this.token = '';
  }
}
