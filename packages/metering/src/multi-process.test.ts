import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleRecord, tempDatabase } from '../test/temp-database';
import { openMeter } from './open-meter';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');
const childScript = fileURLToPath(new URL('../test/shared-file-writer.ts', import.meta.url));

function startChild(args: string[]) {
  const child = spawn(process.execPath, [tsxCli, childScript, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  let errors = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    errors += chunk;
  });
  const ready = new Promise<void>((resolve, reject) => {
    const check = () => (output.includes('ready\n') ? resolve() : undefined);
    child.stdout.on('data', check);
    child.on('exit', (code) => reject(new Error(`child exited (${code}) before ready: ${errors}`)));
  });
  const finished = new Promise<{ admitted: number }>((resolve, reject) => {
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`child exited with ${code}: ${errors}`));
      const last = output.trim().split('\n').at(-1) ?? '{}';
      resolve(JSON.parse(last) as { admitted: number });
    });
  });
  cleanups.push(() => {
    if (child.exitCode === null) child.kill();
  });
  return { child, ready, finished };
}

describe('several processes sharing one database file', () => {
  it('keeps every row and the quota limit when two processes write at the same time', async () => {
    const database = tempDatabase();
    cleanups.push(database.remove);
    const meter = await openMeter({ url: database.url, batchSize: 50, flushIntervalMs: 5 });
    cleanups.push(() => meter.close());
    const { user } = await meter.createUser({ username: 'shared', quotaRequests: 25 });

    const other = startChild([database.url, 'child', '2000', user.id, '30']);
    await other.ready;
    other.child.stdin.write('go\n');
    const decisions = Promise.all(Array.from({ length: 30 }, () => meter.reserveQuota(user.id)));
    for (let index = 0; index < 2000; index += 1) {
      meter.record(sampleRecord({ id: `parent-${index}` }));
      if (index % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    const admittedHere = (await decisions).filter((decision) => decision.ok).length;
    const { admitted: admittedThere } = await other.finished;
    await meter.flush();

    expect(await meter.countRequests()).toBe(4000);
    expect(meter.stats()).toMatchObject({ dropped: 0, failed: 0 });
    expect(admittedHere + admittedThere).toBe(25);
    expect((await meter.quotaStatus(user.id))?.requests.used).toBe(25);
  }, 60_000);
});
