import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDatabase } from '../test/temp-database';
import { openMeter } from './open-meter';
import { UsersPresence } from './users-presence';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('UsersPresence', () => {
  it('reads once per turn until a user exists, then keeps the answer', async () => {
    let present = false;
    let reads = 0;
    const presence = new UsersPresence(async () => {
      reads += 1;
      return present;
    });
    const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
    // Asks made together share one read.
    expect(await Promise.all([presence.hasUsers(), presence.hasUsers(), presence.hasUsers()])).toEqual([
      false,
      false,
      false,
    ]);
    expect(reads).toBe(1);
    await nextTurn();
    expect(await presence.hasUsers()).toBe(false);
    expect(reads).toBe(2);
    present = true;
    await nextTurn();
    expect(await presence.hasUsers()).toBe(true);
    await nextTurn();
    expect(await presence.hasUsers()).toBe(true);
    expect(reads).toBe(3);
  });

  it('knows at once, without reading, that this process created a user', async () => {
    let reads = 0;
    const presence = new UsersPresence(async () => {
      reads += 1;
      return false;
    });
    presence.userCreated();
    expect(await presence.hasUsers()).toBe(true);
    expect(reads).toBe(0);
  });
});

describe('users on a shared database file', () => {
  it('a user created by another process counts on the next ask', async () => {
    const database = tempDatabase();
    cleanups.push(database.remove);
    const meter = await openMeter({ url: database.url });
    cleanups.push(() => meter.close());
    expect(await meter.hasUsers()).toBe(false);
    expect(await meter.hasUsers()).toBe(false);

    const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');
    const script = fileURLToPath(new URL('../test/create-user.ts', import.meta.url));
    const child = spawn(process.execPath, [tsxCli, script, database.url, 'from-elsewhere'], {
      stdio: 'pipe',
    });
    let errors = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      errors += chunk;
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(errors).toBe('');
    expect(code).toBe(0);
    expect(await meter.hasUsers()).toBe(true);
  });

  it('a user created through this meter counts at once', async () => {
    const database = tempDatabase();
    cleanups.push(database.remove);
    const meter = await openMeter({ url: database.url });
    cleanups.push(() => meter.close());
    expect(await meter.hasUsers()).toBe(false);
    await meter.createUser({ username: 'here' });
    expect(await meter.hasUsers()).toBe(true);
  });
});
