// The check that no data from a server or plugin can drive a terminal, on the exact bytes a command wrote.
import * as assert from 'uvu/assert';

/** What the hostile texts carry that must never come out: their payloads, and the bytes that start or act as controls. */
export const hostilePayloads = ['pwned', 'cHduZWQ', 'evil.example', '\u202e', '\u009b'];

/**
 * Fails unless `bytes` is valid UTF-8 holding no ESC, BEL, BS, CR or other C0 control but newline,
 * no C1 control (as UTF-8 or raw), no bidi override and, unless it is JSON (which keeps the exact text,
 * its controls escaped), none of the hostile payloads.
 */
export function assertInert(bytes: Buffer, what: string, json = false): void {
  const text = bytes.toString('utf8');
  assert.ok(Buffer.from(text, 'utf8').equals(bytes), `${what}: valid UTF-8`);
  const control = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u.exec(text);
  assert.not.ok(control, `${what}: a control character U+${control?.[0].charCodeAt(0).toString(16).padStart(4, '0')} at ${control?.index}: ${JSON.stringify(text.slice(Math.max(0, (control?.index ?? 0) - 40), (control?.index ?? 0) + 40))}`);
  if (json) return;
  for (const payload of hostilePayloads) assert.not.ok(text.includes(payload), `${what}: ${JSON.stringify(payload)} is in ${JSON.stringify(text.slice(0, 400))}`);
}
