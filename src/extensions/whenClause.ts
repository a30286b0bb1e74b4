// `when` clauses of plugin commands and key bindings ("listFocus && !paletteOpen", "itemType == episode"): the documented contexts, a parser with clear errors, evaluation. Part of what a plugin contributes, so the TUI and the CLI both read it here.

/** The contexts a `when` clause may name; the TUI keeps each one true or false. */
export const whenContexts = {
  listFocus: 'the item list has the keyboard focus',
  sidebarFocus: 'the sidebar (Home and the libraries) has the keyboard focus',
  detailsFocus: 'the details pane has the keyboard focus',
  upNextFocus: 'the details pane shows Up next (the play queue) and has the keyboard focus: its keys act on the entry selected there',
  cacheFocus: 'the cache panel has the keyboard focus (Tab reaches it while it is shown)',
  searchFocus: 'the search box has the keyboard focus (typing goes into it)',
  paletteOpen: 'the command palette or the theme picker is open and has the keyboard focus',
  playerRunning: 'a player is playing something',
  cachePanelVisible: 'the cache panel is shown',
  offline: 'the server cannot be reached',
  skipIntroShown: 'the status bar offers "Skip intro (s)": what plays is in its intro (with `skipIntro: "ask"`)',
  upNextShown: 'the status bar counts down to the next entry of the queue ("Up next: … in 8 s"): Enter starts it now, Escape stays',
  itemSelected: 'the item list has an item under its cursor (the one the details pane shows): plugin commands run from the palette or a key act on it',
  itemType: 'the type of that item, compared with `==` or `!=`: `itemType == episode` (movie, show, season, episode, artist, album, track, …); empty when there is none',
} as const;

export type WhenContextName = keyof typeof whenContexts;

/** The contexts that hold a text value (compared with `==` and `!=`; alone, true when not empty); the others are true or false. */
const whenValueContexts = ['itemType'] as const satisfies readonly WhenContextName[];

export type WhenValueContextName = (typeof whenValueContexts)[number];

/** The state a clause is evaluated against; a missing context is false (or has no value). */
export type WhenContext = { [Name in WhenContextName]?: Name extends WhenValueContextName ? string : boolean };

/** At most one of these is true at a time: only one part of the TUI holds the keyboard focus. */
const focusContexts: readonly WhenContextName[] = ['listFocus', 'sidebarFocus', 'detailsFocus', 'cacheFocus', 'searchFocus', 'paletteOpen'];

type Expression =
  | { kind: 'context'; name: WhenContextName }
  | { kind: 'equals'; name: WhenValueContextName; value: string }
  | { kind: 'not'; operand: Expression }
  | { kind: 'and' | 'or'; left: Expression; right: Expression };

/** A context name, or a comparison of a value context: what a clause is built of. */
export type WhenAtom = Extract<Expression, { kind: 'context' | 'equals' }>;

export interface WhenClause {
  /** Normalized text, with parentheses only where they are needed. */
  text: string;
  /** The contexts it names. */
  contexts: WhenContextName[];
  /** The names and comparisons it is built of (for the overlap check). */
  atoms: readonly WhenAtom[];
  evaluate(context: WhenContext): boolean;
}

export class WhenClauseError extends Error {
  override name = 'WhenClauseError';
}

/** Parses once; throws WhenClauseError naming the position and what was expected. */
export function parseWhenClause(text: string): WhenClause {
  const parser = new Parser(text);
  const expression = parser.parse();
  const contexts = [...new Set(contextsOf(expression))];
  return { text: print(expression, 0), contexts, atoms: atomsIn(expression), evaluate: (context) => evaluate(expression, context) };
}

/** True when the clause names the selected item (`itemSelected`, `itemType`): a command with such a clause acts on an item. */
export function namesSelectedItem(clause: WhenClause): boolean {
  return clause.contexts.includes('itemSelected') || clause.contexts.includes('itemType');
}

/** True when some state that can happen (one focus at most, one value per context) makes both clauses true; undefined means always. */
export function whenClausesOverlap(first: WhenClause | undefined, second: WhenClause | undefined): boolean {
  const atoms = uniqueAtoms([...(first?.atoms ?? []), ...(second?.atoms ?? [])]);
  for (let mask = 0; mask < 1 << atoms.length; mask += 1) {
    const truth = (index: number) => (mask & (1 << index)) !== 0;
    const context = contextWith(atoms, truth);
    // A state no TUI can be in: two values of one context, or a value without its context being set.
    if (atoms.some((atom, index) => evaluate(atom, context) !== truth(index))) continue;
    if (focusContexts.filter((name) => context[name] === true).length > 1) continue;
    if ((first?.evaluate(context) ?? true) && (second?.evaluate(context) ?? true)) return true;
  }
  return false;
}

function uniqueAtoms(atoms: WhenAtom[]): WhenAtom[] {
  const byText = new Map(atoms.map((atom) => [print(atom, 0), atom]));
  return [...byText.values()];
}

/** The context where the atoms `truth` says are true hold: names set, values given (a bare value context gets a value of its own). */
function contextWith(atoms: readonly WhenAtom[], truth: (index: number) => boolean): WhenContext {
  const context: Record<string, boolean | string> = {};
  atoms.forEach((atom, index) => {
    if (atom.kind === 'equals' && truth(index)) context[atom.name] = atom.value;
  });
  atoms.forEach((atom, index) => {
    if (atom.kind !== 'context') return;
    if (!isValueContext(atom.name)) context[atom.name] = truth(index);
    else if (truth(index) && context[atom.name] === undefined) context[atom.name] = '\u0000some value';
  });
  return context as WhenContext;
}

type Token = { kind: 'name'; value: string; at: number } | { kind: '!' | '&&' | '||' | '(' | ')' | '==' | '!=' | 'end'; at: number };

class Parser {
  private readonly tokens: Token[];
  private index = 0;

  constructor(private readonly text: string) {
    this.tokens = tokenize(text, (message) => this.fail(message));
  }

  parse(): Expression {
    if (this.peek().kind === 'end') this.fail('the clause is empty');
    const expression = this.or();
    const next = this.peek();
    if (next.kind !== 'end') this.fail(`unexpected ${describe(next)} at column ${next.at + 1}`);
    return expression;
  }

  private or(): Expression {
    return this.chain('||', 'or', () => this.and());
  }

  private and(): Expression {
    return this.chain('&&', 'and', () => this.unary());
  }

  /** Left-associative runs of one operator: `a && b && c`. */
  private chain(operator: '||' | '&&', kind: 'or' | 'and', operand: () => Expression): Expression {
    let left = operand();
    while (this.peek().kind === operator) {
      this.index += 1;
      left = { kind, left, right: operand() };
    }
    return left;
  }

  private unary(): Expression {
    const token = this.next();
    if (token.kind === '!') return { kind: 'not', operand: this.unary() };
    if (token.kind === '(') {
      const inner = this.or();
      const close = this.next();
      if (close.kind !== ')') this.fail(`expected ")" to close the "(" at column ${token.at + 1}, found ${describe(close)}`);
      return inner;
    }
    if (token.kind === 'name') {
      if (!Object.hasOwn(whenContexts, token.value)) {
        this.fail(`unknown context "${token.value}" at column ${token.at + 1} (known: ${Object.keys(whenContexts).join(', ')})`);
      }
      const name = token.value as WhenContextName;
      const operator = this.peek();
      if (operator.kind !== '==' && operator.kind !== '!=') return { kind: 'context', name };
      if (!isValueContext(name)) this.fail(`"${name}" is true or false: write "${name}" or "!${name}", not "${operator.kind}" (at column ${operator.at + 1})`);
      this.index += 1;
      const value = this.next();
      if (value.kind !== 'name') this.fail(`expected a value after "${name} ${operator.kind}", found ${describe(value)}${value.kind === 'end' ? '' : ` at column ${value.at + 1}`}`);
      const equals: Expression = { kind: 'equals', name, value: value.value };
      return operator.kind === '==' ? equals : { kind: 'not', operand: equals };
    }
    const previous = this.tokens[this.tokens.indexOf(token) - 1];
    const after = previous ? ` after "${previous.kind === 'name' ? previous.value : previous.kind}"` : '';
    return this.fail(`expected a context name${after}, found ${describe(token)}${token.kind === 'end' ? '' : ` at column ${token.at + 1}`}`);
  }

  private peek(): Token {
    return this.tokens[this.index] as Token;
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.index += 1;
    return token;
  }

  private fail(message: string): never {
    throw new WhenClauseError(`when "${this.text}": ${message}`);
  }
}

function tokenize(text: string, fail: (message: string) => never): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s*(?:([A-Za-z_][\w.-]*)|(&&|\|\||==|!=|!|\(|\))|(\S))/y;
  let match: RegExpExecArray | null;
  while (pattern.lastIndex < text.length && (match = pattern.exec(text)) !== null) {
    const at = match.index + match[0].length - (match[1] ?? match[2] ?? match[3] ?? '').length;
    if (match[1] !== undefined) tokens.push({ kind: 'name', value: match[1], at });
    else if (match[2] !== undefined) tokens.push({ kind: match[2] as '!' | '&&' | '||' | '(' | ')' | '==' | '!=', at });
    else if (match[3] !== undefined) {
      const hint = match[3] === '&' || match[3] === '|' || match[3] === '=' ? ` (write "${match[3]}${match[3]}")` : '';
      fail(`unexpected "${match[3]}" at column ${at + 1}${hint}; use context names, ==, !=, !, &&, || and parentheses`);
    } else break;
  }
  tokens.push({ kind: 'end', at: text.length });
  return tokens;
}

function describe(token: Token): string {
  if (token.kind === 'end') return 'the end';
  return token.kind === 'name' ? `"${token.value}"` : `"${token.kind}"`;
}

function isValueContext(name: WhenContextName): name is WhenValueContextName {
  return (whenValueContexts as readonly string[]).includes(name);
}

function contextsOf(expression: Expression): WhenContextName[] {
  return atomsIn(expression).map((atom) => atom.name);
}

/** The names and comparisons a clause is built of. */
function atomsIn(expression: Expression): WhenAtom[] {
  if (expression.kind === 'context' || expression.kind === 'equals') return [expression];
  if (expression.kind === 'not') return atomsIn(expression.operand);
  return [...atomsIn(expression.left), ...atomsIn(expression.right)];
}

function evaluate(expression: Expression, context: WhenContext): boolean {
  switch (expression.kind) {
    case 'context': {
      const value = context[expression.name];
      return value === true || (typeof value === 'string' && value !== '');
    }
    case 'equals':
      return context[expression.name] === expression.value;
    case 'not':
      return !evaluate(expression.operand, context);
    case 'and':
      return evaluate(expression.left, context) && evaluate(expression.right, context);
    case 'or':
      return evaluate(expression.left, context) || evaluate(expression.right, context);
  }
}

/** Precedence: or 1, and 2, not and names 3; parentheses only where a looser operator sits inside a tighter one. */
function print(expression: Expression, outer: number): string {
  if (expression.kind === 'context') return expression.name;
  if (expression.kind === 'equals') return `${expression.name} == ${expression.value}`;
  if (expression.kind === 'not' && expression.operand.kind === 'equals') return `${expression.operand.name} != ${expression.operand.value}`;
  if (expression.kind === 'not') return `!${print(expression.operand, 3)}`;
  const own = expression.kind === 'or' ? 1 : 2;
  const text = `${print(expression.left, own)} ${expression.kind === 'or' ? '||' : '&&'} ${print(expression.right, own)}`;
  return own < outer ? `(${text})` : text;
}
