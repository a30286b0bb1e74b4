// While the screen is up, whatever libraries print (console, process warnings, stderr, stray rejections) goes to the log file instead of the terminal.

/** Redirects console output, stderr writes, process warnings and unhandled rejections to `log`; returns the function that puts them back. */
export function quietConsole(log: (line: string) => void): () => void {
  const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
  const saved = methods.map((method) => [method, console[method]] as const);
  for (const method of methods) {
    console[method] = (...values: unknown[]) => log(`console.${method}: ${values.map((value) => (typeof value === 'string' ? value : String(value))).join(' ')}`);
  }
  const stderrWrite = process.stderr.write;
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    log(`stderr: ${typeof chunk === 'string' ? chunk.trimEnd() : Buffer.from(chunk).toString('utf8').trimEnd()}`);
    const callback = rest.find((value): value is () => void => typeof value === 'function');
    callback?.();
    return true;
  }) as typeof process.stderr.write;
  const warningListeners = process.listeners('warning');
  process.removeAllListeners('warning');
  const onWarning = (warning: Error) => log(`warning: ${warning.name}: ${warning.message}`);
  process.on('warning', onWarning);
  // A stray rejection would end the process with the terminal still in raw mode: it is logged instead.
  const onRejection = (reason: unknown) => log(`unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`);
  process.on('unhandledRejection', onRejection);
  return () => {
    process.off('unhandledRejection', onRejection);
    for (const [method, original] of saved) console[method] = original as never;
    process.stderr.write = stderrWrite;
    process.off('warning', onWarning);
    for (const listener of warningListeners) process.on('warning', listener);
  };
}
