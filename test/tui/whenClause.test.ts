// `when` clauses: evaluation over the documented contexts, normalized text, clear errors, and overlap.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { WhenClauseError, parseWhenClause, whenClausesOverlap } from '../../src/tui/whenClause.js';

test('evaluation with !, &&, || and parentheses; a missing context is false', () => {
  const clause = parseWhenClause('listFocus && !paletteOpen || (detailsFocus && playerRunning)');
  assert.ok(clause.evaluate({ listFocus: true }));
  assert.not.ok(clause.evaluate({ listFocus: true, paletteOpen: true }));
  assert.ok(clause.evaluate({ detailsFocus: true, playerRunning: true }));
  assert.not.ok(clause.evaluate({ detailsFocus: true }));
  assert.not.ok(clause.evaluate({}));
  assert.equal(clause.contexts.sort(), ['detailsFocus', 'listFocus', 'paletteOpen', 'playerRunning']);
  // && binds tighter than ||, as in VS Code.
  assert.ok(parseWhenClause('offline || listFocus && searchFocus').evaluate({ offline: true }));
  assert.not.ok(parseWhenClause('(offline || listFocus) && searchFocus').evaluate({ offline: true }));
  assert.ok(parseWhenClause('!!offline').evaluate({ offline: true }));
  assert.ok(parseWhenClause('!(listFocus && offline)').evaluate({ listFocus: true }));
});

test('the text is normalized, with parentheses only where needed', () => {
  assert.is(parseWhenClause('  listFocus&&!paletteOpen ').text, 'listFocus && !paletteOpen');
  assert.is(parseWhenClause('((listFocus))').text, 'listFocus');
  assert.is(parseWhenClause('(offline || listFocus) && searchFocus').text, '(offline || listFocus) && searchFocus');
  assert.is(parseWhenClause('offline || (listFocus && searchFocus)').text, 'offline || listFocus && searchFocus');
  assert.is(parseWhenClause('!(offline || listFocus)').text, '!(offline || listFocus)');
});

test('bad syntax gives an error that names the clause and what was expected', () => {
  const cases: Array<[string, RegExp]> = [
    ['', /the clause is empty/],
    ['listFocus &&', /expected a context name after "&&", found the end/],
    ['listFocus & offline', /unexpected "&" at column 11 \(write "&&"\)/],
    ['listFocus | offline', /write "\|\|"/],
    ['(listFocus || offline', /expected "\)" to close the "\(" at column 1, found the end/],
    ['listFocus offline', /unexpected "offline" at column 11/],
    ['listFocus)', /unexpected "\)" at column 10/],
    ['editorFocus', /unknown context "editorFocus" at column 1 \(known: listFocus, sidebarFocus/],
    ['listFocus == true', /unexpected "="/],
    ['!', /expected a context name after "!", found the end/],
  ];
  for (const [text, message] of cases) {
    try {
      parseWhenClause(text);
      assert.unreachable(`"${text}" should not parse`);
    } catch (error) {
      assert.instance(error, WhenClauseError);
      assert.match((error as Error).message, new RegExp(`^when "${text.replace(/[()|&!]/g, '\\$&')}": `));
      assert.match((error as Error).message, message);
    }
  }
});

test('overlap: some possible state makes both true; two focus contexts are never true together', () => {
  const clause = (text: string) => parseWhenClause(text);
  assert.ok(whenClausesOverlap(undefined, undefined));
  assert.ok(whenClausesOverlap(undefined, clause('paletteOpen')));
  assert.ok(whenClausesOverlap(clause('listFocus'), clause('offline')));
  assert.not.ok(whenClausesOverlap(clause('paletteOpen'), clause('!paletteOpen')));
  assert.not.ok(whenClausesOverlap(clause('listFocus'), clause('searchFocus')));
  assert.not.ok(whenClausesOverlap(clause('searchFocus'), clause('!searchFocus && !paletteOpen')));
  assert.ok(whenClausesOverlap(clause('listFocus || detailsFocus'), clause('!searchFocus && !paletteOpen')));
});

test.run();
