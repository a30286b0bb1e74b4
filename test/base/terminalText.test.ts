// Server text made safe for a terminal: escape sequences, C0/C1 controls and bidi overrides go, printable text of every script stays.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { terminalLine, terminalParagraphs } from '../../src/base/terminalText.js';

test('escape sequences and controls cannot reach the terminal', () => {
  assert.is(terminalLine('The Terminal\u001b]0;pwned\u0007\u001b[2J Escape'), 'The Terminal Escape');
  assert.is(terminalLine('red \u001b[31mtext\u001b[0m'), 'red text');
  assert.is(terminalLine('link \u001b]8;;https://example.com\u001b\\here\u001b]8;;\u001b\\'), 'link here');
  assert.is(terminalLine('c1 \u009b31m csi'), 'c1  csi');
  assert.is(terminalLine('bell\u0007 backspace\u0008 delete\u007f nul\u0000'), 'bell backspace delete nul');
  assert.is(terminalLine('order \u202eesrever\u202c kept'), 'order esrever kept');
});

test('tabs and line breaks become one space; text in every script is kept', () => {
  assert.is(terminalLine('two\nlines\r\nand\ta tab'), 'two lines and a tab');
  for (const text of ['七人の侍', '기생충', 'باب الحديد', '👨‍👩‍👧 🇯🇵', 'Ame\u0301lie', '{red-fg}braces{/}']) assert.is(terminalLine(text), text);
});

test('paragraphs keep their line breaks and lose the rest', () => {
  assert.is(terminalParagraphs('one\u001b[2J\r\ntwo\tthree\nfour'), 'one\ntwo three\nfour');
});

test.run();
