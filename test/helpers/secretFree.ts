// Asserting that a secret shows nowhere a person or a log could see an error: message, stack, inspect, JSON.
import { inspect } from 'node:util';
import * as assert from 'uvu/assert';

export function assertSecretFree(error: unknown, ...secrets: string[]): void {
  const shown = error instanceof Error ? error : new Error(String(error));
  const texts = [shown.message, shown.stack ?? '', String(error), JSON.stringify(error), inspect(error, { depth: Infinity, showHidden: true })];
  for (const secret of secrets) {
    for (const text of texts) assert.not.ok(text.includes(secret), `a secret shows in: ${text.slice(0, 300)}`);
  }
}
