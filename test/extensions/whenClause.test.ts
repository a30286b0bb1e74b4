// `when` clauses: evaluation over the documented contexts, normalized text, clear errors, and overlap.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { WhenClauseError, namesSelectedItem, parseWhenClause, whenClausesOverlap } from '../../src/extensions/whenClause.js';

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
    ['listFocus == true', /"listFocus" is true or false: write "listFocus" or "!listFocus", not "==" \(at column 11\)/],
    ['itemType = episode', /unexpected "=" at column 10 \(write "=="\)/],
    ['itemType ==', /expected a value after "itemType ==", found the end/],
    ['itemType != (', /expected a value after "itemType !=", found "\(" at column 13/],
    ['!', /expected a context name after "!", found the end/],
  ];
  for (const [text, message] of cases) {
    try {
      parseWhenClause(text);
      assert.unreachable(`"${text}" should not parse`);
    } catch (error) {
      assert.instance(error, WhenClauseError);
      assert.match((error as Error).message, new RegExp(`^when "${text.replace(/[()|&!=]/g, '\\$&')}": `));
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

test('value contexts: == and != compare itemType; alone it is true when an item is selected', () => {
  const season = parseWhenClause('itemType==season || itemType == episode');
  assert.is(season.text, 'itemType == season || itemType == episode');
  assert.ok(season.evaluate({ itemSelected: true, itemType: 'episode' }));
  assert.ok(season.evaluate({ itemSelected: true, itemType: 'season' }));
  assert.not.ok(season.evaluate({ itemSelected: true, itemType: 'show' }));
  assert.not.ok(season.evaluate({}), 'nothing selected');
  const notMovie = parseWhenClause('itemSelected && itemType != movie');
  assert.is(notMovie.text, 'itemSelected && itemType != movie');
  assert.ok(notMovie.evaluate({ itemSelected: true, itemType: 'show' }));
  assert.not.ok(notMovie.evaluate({ itemSelected: true, itemType: 'movie' }));
  assert.not.ok(notMovie.evaluate({ itemType: '' }));
  assert.ok(parseWhenClause('itemType').evaluate({ itemType: 'track' }));
  assert.not.ok(parseWhenClause('itemType').evaluate({ itemType: '' }));
  assert.is(parseWhenClause('!(itemType == show)').text, 'itemType != show');
  assert.equal(season.contexts, ['itemType']);
});

test('namesSelectedItem: a clause naming itemSelected or itemType acts on the selected item', () => {
  assert.ok(namesSelectedItem(parseWhenClause('itemSelected')));
  assert.ok(namesSelectedItem(parseWhenClause('listFocus && itemType == season')));
  assert.not.ok(namesSelectedItem(parseWhenClause('listFocus && !paletteOpen')));
});

test('overlap with values: one value at a time, and a value means the context is set', () => {
  const clause = (text: string) => parseWhenClause(text);
  assert.not.ok(whenClausesOverlap(clause('itemType == show'), clause('itemType == season')));
  assert.ok(whenClausesOverlap(clause('itemType == show'), clause('itemType != season')));
  assert.ok(whenClausesOverlap(clause('itemType == show'), clause('itemType')));
  assert.not.ok(whenClausesOverlap(clause('itemType == show'), clause('!itemType')));
  assert.ok(whenClausesOverlap(clause('itemType == show || itemType == season'), clause('itemType == season && listFocus')));
  assert.not.ok(whenClausesOverlap(clause('itemType == movie && listFocus'), clause('itemType == movie && detailsFocus')));
});

test.run();
