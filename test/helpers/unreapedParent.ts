// A parent that does not reap its children, so a killed child stays a zombie, as under a busy or careless parent.
// Usage: node --import tsx test/helpers/unreapedParent.ts -- <command> [args...]
// Each line `start [more args]` on stdin starts the command once with those args added (its stdout
// and stderr are this process's) and prints `child <pid> <the line>`. Between commands this process
// blocks in a synchronous read of stdin, so its event loop, which is where Node reaps children,
// never runs: a child that dies stays a zombie. The line `end` (or the end of stdin) lets the loop
// run again: every child is SIGKILLed and reaped, and this process ends.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readSync, writeSync } from 'node:fs';

const [command = '', ...args] = process.argv.slice(process.argv.indexOf('--') + 1);
const children: ChildProcess[] = [];

function readLineBlocking(): string | null {
  const buffer = Buffer.alloc(256);
  let line = '';
  for (;;) {
    let count: number;
    try {
      count = readSync(0, buffer, 0, buffer.length, null);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EAGAIN') continue;
      throw error;
    }
    if (count === 0) return line === '' ? null : line;
    line += buffer.toString('utf8', 0, count);
    if (line.endsWith('\n')) return line.trim();
  }
}

for (let line = readLineBlocking(); line?.startsWith('start'); line = readLineBlocking()) {
  const child = spawn(command, [...args, ...line.slice('start'.length).trim().split(' ').filter(Boolean)], { stdio: ['ignore', 'inherit', 'inherit'] });
  children.push(child);
  // Synchronous, like the spawn: the event loop must not run before the next read.
  writeSync(1, `child ${child.pid} ${line}\n`);
}

await Promise.all(
  children.map(async (child) => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
  }),
);
