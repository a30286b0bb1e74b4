// Long-running cache commands end on SIGINT or SIGTERM: the signal resolves a promise, so the cache closes cleanly and the exit code is 0.
// A reader that goes away (`cache watch | head -1`) ends them the same way, as 'SIGPIPE'.
import { onReaderGone } from '../readerGone.js';

export interface StopSignal {
  /** Resolves with the first SIGINT or SIGTERM received after `stopSignal()`, or SIGPIPE when the output's reader left. */
  readonly received: Promise<NodeJS.Signals>;
  /** Removes the handlers: a later signal acts as usual again (a second Ctrl-C while closing quits at once). */
  dispose(): void;
}

export function stopSignal(): StopSignal {
  let resolveReceived: (signal: NodeJS.Signals) => void = () => {};
  const received = new Promise<NodeJS.Signals>((resolve) => (resolveReceived = resolve));
  let forgetReader = () => {};
  const onSignal = (signal: NodeJS.Signals) => {
    dispose();
    resolveReceived(signal);
  };
  const dispose = () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    forgetReader();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  forgetReader = onReaderGone(() => onSignal('SIGPIPE'));
  return { received, dispose };
}
