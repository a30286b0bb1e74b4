// Runs the real CLI and keeps the exact bytes it wrote, for tests about what reaches a terminal; and the check that no data from a server or plugin can drive one.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import * as assert from 'uvu/assert';
import { packageRoot } from '../../src/base/packageRoot.js';
import { timeLimit } from './timeLimit.js';

export interface CliBytes {
  code: number | null;
  stdout: Buffer;
  stderr: Buffer;
}

const entry = join(packageRoot(), 'src', 'main', 'entry.ts');

export function runCliBytes(args: string[], environment: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<CliBytes> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], { cwd: packageRoot(), env: environment, stdio: ['ignore', 'pipe', 'pipe'] });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeLimit(timeoutMs));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr) });
    });
  });
}

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
