// plexterm's own commands with their titles in words, and the default key for each (VS Code key syntax and `when` clauses).

export interface KeybindingRule {
  key: string;
  /** A command id; in config.json, "-<command>" removes a default or plugin binding instead. */
  command: string;
  when?: string;
}

/** Titles for the `?` screen and the palette: what the command does, in words. */
export const defaultCommandTitles: Record<string, string> = {
  'plexterm.cursorUp': 'move up',
  'plexterm.cursorDown': 'move down',
  'plexterm.focusLeft': 'move to the pane on the left',
  'plexterm.focusRight': 'move to the pane on the right',
  'plexterm.focusNext': 'move to the next pane',
  'plexterm.focusPrevious': 'move to the previous pane',
  'plexterm.cursorTop': 'go to the top',
  'plexterm.cursorBottom': 'go to the bottom',
  'plexterm.pageUp': 'page up',
  'plexterm.pageDown': 'page down',
  'plexterm.open': 'open or play',
  'plexterm.back': 'go back',
  'plexterm.search': 'search',
  'plexterm.search.accept': 'show the search results',
  'plexterm.search.close': 'close the search',
  'plexterm.filter': "filter or sort the library by the server's own filters, or list its collections",
  'plexterm.play': 'play',
  'plexterm.resume': 'resume',
  'plexterm.playFromStart': 'play from the start',
  'plexterm.stopPlayback': 'stop the player',
  'plexterm.queueNext': 'play the next entry of the queue',
  'plexterm.queuePrevious': 'play the previous entry of the queue',
  'plexterm.toggleUpNext': 'show or hide Up next (the play queue)',
  'plexterm.playNext': 'play next: add the item right after the entry of the queue that plays (or play it when no queue plays)',
  'plexterm.addToQueue': 'add to queue: add the item at the end of the queue that plays (or play it when no queue plays)',
  'plexterm.upNext.play': 'play the entry selected in Up next now: the queue goes on from there',
  'plexterm.upNext.remove': 'remove the entry selected in Up next from the queue',
  'plexterm.upNext.moveUp': 'move the entry selected in Up next one place up',
  'plexterm.upNext.moveDown': 'move the entry selected in Up next one place down',
  'plexterm.skipIntro': 'skip the intro (while the status bar offers it)',
  'plexterm.upNext.playNow': 'start the next entry now (while the status bar counts down to it)',
  'plexterm.upNext.stay': 'stay: the next entry starts when this one ends (while the status bar counts down to it)',
  'plexterm.cycleAudio': 'switch what plays to its next audio track',
  'plexterm.cycleSubtitles': 'switch what plays to its next subtitle (or none)',
  'plexterm.toggleWatched': 'mark watched or unwatched',
  'plexterm.togglePin': 'keep offline (pin) or unpin',
  'plexterm.evict': 'evict from the cache',
  'plexterm.toggleCachePanel': 'show or hide the cache panel',
  'plexterm.cache.togglePin': 'keep the cache panel\'s entry offline (pin) or unpin it',
  'plexterm.cache.evict': 'evict the cache panel\'s entry',
  'plexterm.commandPalette': 'open the command palette',
  'plexterm.palette.accept': 'run the chosen command',
  'plexterm.palette.close': 'close the palette',
  'plexterm.pickTheme': 'pick a theme',
  'plexterm.help': 'list the key bindings',
  'plexterm.quit': 'quit',
};

/** Letters and punctuation type into the search box and the palette, so their bindings stay out of the way there. */
const notTyping = '!searchFocus && !paletteOpen';
/** While the status bar offers to skip an intro, s skips it; while it counts down to the next entry, Enter and Escape answer it. */
const skipIntroOffered = `skipIntroShown && ${notTyping}`;
const upNextOffered = `upNextShown && ${notTyping}`;
/** Item actions apply to the selected item, in the list or the details pane. */
const onItem = 'listFocus || detailsFocus';
/** The same, except where the details pane shows Up next: its keys act on the queue entry selected there. */
const onLibraryItem = 'listFocus || (detailsFocus && !upNextFocus)';
const inUpNext = `detailsFocus && upNextFocus && ${notTyping}`;

export const defaultKeybindings: readonly KeybindingRule[] = [
  { key: 'up', command: 'plexterm.cursorUp' },
  { key: 'k', command: 'plexterm.cursorUp', when: notTyping },
  { key: 'down', command: 'plexterm.cursorDown' },
  { key: 'j', command: 'plexterm.cursorDown', when: notTyping },
  { key: 'left', command: 'plexterm.focusLeft', when: notTyping },
  { key: 'h', command: 'plexterm.focusLeft', when: notTyping },
  { key: 'right', command: 'plexterm.focusRight', when: notTyping },
  { key: 'l', command: 'plexterm.focusRight', when: notTyping },
  { key: 'tab', command: 'plexterm.focusNext', when: '!paletteOpen' },
  { key: 'shift+tab', command: 'plexterm.focusPrevious', when: '!paletteOpen' },
  { key: 'g', command: 'plexterm.cursorTop', when: notTyping },
  { key: 'home', command: 'plexterm.cursorTop', when: notTyping },
  { key: 'shift+g', command: 'plexterm.cursorBottom', when: notTyping },
  { key: 'end', command: 'plexterm.cursorBottom', when: notTyping },
  { key: 'pageup', command: 'plexterm.pageUp' },
  { key: 'pagedown', command: 'plexterm.pageDown' },
  { key: 'enter', command: 'plexterm.open', when: `${notTyping} && !upNextShown && !upNextFocus` },
  { key: 'enter', command: 'plexterm.upNext.play', when: `${inUpNext} && !upNextShown` },
  { key: 'enter', command: 'plexterm.upNext.playNow', when: upNextOffered },
  { key: 'backspace', command: 'plexterm.back', when: notTyping },
  { key: 'escape', command: 'plexterm.back', when: `${notTyping} && !upNextShown` },
  { key: 'escape', command: 'plexterm.upNext.stay', when: upNextOffered },
  { key: '/', command: 'plexterm.search', when: notTyping },
  { key: 'enter', command: 'plexterm.search.accept', when: 'searchFocus' },
  { key: 'escape', command: 'plexterm.search.close', when: 'searchFocus' },
  { key: 'f', command: 'plexterm.filter', when: notTyping },
  { key: 'p', command: 'plexterm.play', when: onItem },
  { key: 'r', command: 'plexterm.resume', when: onItem },
  { key: 'shift+p', command: 'plexterm.playFromStart', when: onItem },
  { key: 's', command: 'plexterm.stopPlayback', when: `${notTyping} && !skipIntroShown` },
  { key: 's', command: 'plexterm.skipIntro', when: skipIntroOffered },
  { key: '>', command: 'plexterm.queueNext', when: notTyping },
  { key: '<', command: 'plexterm.queuePrevious', when: notTyping },
  { key: 'u', command: 'plexterm.toggleUpNext', when: notTyping },
  { key: 'n', command: 'plexterm.playNext', when: onLibraryItem },
  { key: 'e', command: 'plexterm.addToQueue', when: onLibraryItem },
  { key: 'x', command: 'plexterm.upNext.remove', when: inUpNext },
  { key: 'delete', command: 'plexterm.upNext.remove', when: inUpNext },
  { key: 'shift+k', command: 'plexterm.upNext.moveUp', when: inUpNext },
  { key: 'shift+j', command: 'plexterm.upNext.moveDown', when: inUpNext },
  { key: 'a', command: 'plexterm.cycleAudio', when: notTyping },
  // `a` and `c` (captions) are the tracks' keys, as issue 16 has them; the cache panel is on C.
  { key: 'c', command: 'plexterm.cycleSubtitles', when: notTyping },
  { key: 'w', command: 'plexterm.toggleWatched', when: onItem },
  { key: 'o', command: 'plexterm.togglePin', when: onItem },
  { key: 'x', command: 'plexterm.evict', when: onLibraryItem },
  { key: 'shift+c', command: 'plexterm.toggleCachePanel', when: notTyping },
  { key: 'o', command: 'plexterm.cache.togglePin', when: 'cacheFocus' },
  { key: 'x', command: 'plexterm.cache.evict', when: 'cacheFocus' },
  { key: ':', command: 'plexterm.commandPalette', when: notTyping },
  { key: 'ctrl+p', command: 'plexterm.commandPalette', when: '!paletteOpen' },
  { key: 'enter', command: 'plexterm.palette.accept', when: 'paletteOpen' },
  { key: 'escape', command: 'plexterm.palette.close', when: 'paletteOpen' },
  { key: 'ctrl+p', command: 'plexterm.palette.close', when: 'paletteOpen' },
  { key: 't', command: 'plexterm.pickTheme', when: notTyping },
  { key: '?', command: 'plexterm.help', when: notTyping },
  { key: 'q', command: 'plexterm.quit', when: notTyping },
  { key: 'ctrl+c', command: 'plexterm.quit' },
];
