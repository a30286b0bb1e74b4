// processCpuMs reads a real process's CPU time from /proc: it grows while the process spins, not while it sleeps.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { processCpuMs } from '../../src/extensions/processCpuTime.js';

test('a spinning child gains CPU time; a sleeping one does not; a gone pid tells nothing', async () => {
  // The child spins for 300 ms of its own CPU time, then sleeps; it prints when it starts sleeping.
  const child = spawn(process.execPath, ['-e', `
    const start = process.cpuUsage();
    while ((process.cpuUsage(start).user + process.cpuUsage(start).system) < 300_000) {}
    console.log('sleeping');
    setTimeout(() => {}, 60_000);
  `], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const before = processCpuMs(child.pid!);
    assert.type(before, 'number');
    await once(child.stdout!, 'data');
    const afterSpin = processCpuMs(child.pid!)!;
    assert.ok(afterSpin - before! >= 250, `spinning used ${afterSpin - before!} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const afterSleep = processCpuMs(child.pid!)!;
    assert.ok(afterSleep - afterSpin < 100, `sleeping used ${afterSleep - afterSpin} ms`);
  } finally {
    child.kill('SIGKILL');
    await once(child, 'exit');
  }
  assert.is(processCpuMs(2 ** 22 + 12345), undefined);
});

test.run();
