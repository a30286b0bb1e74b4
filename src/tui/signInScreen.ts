// The first-run screen when no server is set up: sign in through plex.tv (PIN), give a server URL and token, or try the demo.
import { terminalLine } from '../base/terminalText.js';
import { keyFromBlessed, type BlessedKeyEvent } from './keys/index.js';
import { createTuiScreen, quietConsole } from './screen/index.js';
import { SignInModel, type ServerOption, type SignInStep } from './viewModels/index.js';

export interface SignInDependencies {
  /**
   * The PIN flow: `show` gets the address and code, `pickServer` the account's servers when there are
   * several (it resolves with the chosen index); resolves with the server's name once saved.
   */
  signInWithPin(signal: AbortSignal, show: (address: string, code: string) => void, progress: (text: string) => void, pickServer: (servers: ServerOption[], suggested: number) => Promise<number>): Promise<string>;
  /** Checks the server answers with the token and saves both; resolves with its name. */
  saveServer(url: string, token: string): Promise<string>;
  log(line: string): void;
  environment?: NodeJS.ProcessEnv;
  streams?: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream };
}

export type SignInOutcome = 'signed-in' | 'demo' | 'quit';

/** Shows the screen until a server is saved, the demo is chosen, or the person quits. */
export async function runSignIn(dependencies: SignInDependencies): Promise<SignInOutcome> {
  const { log } = dependencies;
  const restoreConsole = quietConsole(log);
  const tuiScreen = createTuiScreen({ environment: dependencies.environment ?? process.env, log, ...(dependencies.streams ? { streams: dependencies.streams } : {}) });
  const { blessed, screen } = tuiScreen;
  const box = blessed.box({ parent: screen, top: 'center', left: 'center', width: '90%', height: 16, border: { type: 'line' }, label: ' plexterm — sign in ', tags: false, wrap: true });
  const model = new SignInModel();
  const pending: { controller: AbortController | null; pick: ((index: number) => void) | null } = { controller: null, pick: null };
  let settle: (outcome: SignInOutcome) => void = () => {};
  const finished = new Promise<SignInOutcome>((resolve) => (settle = resolve));
  const draw = () => {
    // Server names come from plex.tv: one safe line each.
    box.setContent(model.lines().map(terminalLine).join('\n'));
    screen.render();
  };
  const fail = (error: unknown) => {
    if (pending.controller?.signal.aborted) return;
    model.failed(error instanceof Error ? error.message : String(error));
    draw();
  };
  const start = (step: SignInStep) => {
    if (step.kind === 'done') settle(step.outcome);
    else if (step.kind === 'pin') {
      const controller = new AbortController();
      pending.controller = controller;
      const pickServer = (servers: ServerOption[], suggested: number) =>
        new Promise<number>((resolve, reject) => {
          controller.signal.addEventListener('abort', () => reject(new Error('cancelled')), { once: true });
          pending.pick = resolve;
          model.serversShown(servers, suggested);
          draw();
        });
      dependencies
        .signInWithPin(controller.signal, (address, code) => {
          model.pinShown(address, code);
          draw();
        }, (text) => {
          model.progress(text);
          draw();
        }, pickServer)
        .then((name) => {
          log(`signed in: ${name}`);
          settle('signed-in');
        }, fail);
    } else if (step.kind === 'save') {
      dependencies.saveServer(step.url, step.token).then((name) => {
        log(`saved the server ${name}`);
        settle('signed-in');
      }, fail);
    } else if (step.kind === 'server') {
      pending.pick?.(step.index);
      pending.pick = null;
    } else if (step.kind === 'cancel') pending.controller?.abort();
    draw();
  };
  screen.on('keypress', (character: string | undefined, event: BlessedKeyEvent | undefined) => {
    const key = keyFromBlessed(character, event);
    if (key === null) return;
    if (key === 'ctrl+c') return settle('quit');
    const named = ['enter', 'escape', 'backspace', 'up', 'down'].includes(key) ? key : undefined;
    start(model.press(named, named === undefined ? character : undefined));
  });
  try {
    draw();
    return await finished;
  } finally {
    pending.controller?.abort();
    tuiScreen.destroy();
    restoreConsole();
  }
}
