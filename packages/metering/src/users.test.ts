import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { createClient } from '@libsql/client';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDatabase } from '../test/temp-database';
import { hashApiKey } from './api-keys';
import { MeteringInputError } from './metering-input-error';
import { openMeter } from './open-meter';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function fileMeter() {
  const database = tempDatabase();
  cleanups.push(database.remove);
  const meter = await openMeter({ url: database.url });
  cleanups.push(() => meter.close());
  return { meter, database };
}

describe('users and keys', () => {
  it('creates a user whose key is returned once and stored only as a hash', async () => {
    const { meter, database } = await fileMeter();
    expect(await meter.hasUsers()).toBe(false);
    const { user, apiKey } = await meter.createUser({
      username: 'ada',
      email: 'ada@example.com',
      quotaRequests: 100,
      quotaTokens: 50_000,
      quotaCost: 12.5,
    });
    expect(apiKey).toMatch(/^ccp_[A-Za-z0-9_-]{32}$/);
    expect(user).toMatchObject({ username: 'ada', quotaRequests: 100, quotaTokens: 50_000, quotaCost: 12.5 });
    expect(await meter.hasUsers()).toBe(true);

    const client = createClient({ url: database.url });
    cleanups.push(() => client.close());
    const stored = await client.execute('SELECT * FROM api_keys');
    expect(JSON.stringify(stored.rows)).not.toContain(apiKey);
    expect(stored.rows[0]?.hash).toBe(hashApiKey(apiKey));
  });

  it('authenticates the right user and nobody for a wrong, foreign or truncated key', async () => {
    const { meter } = await fileMeter();
    const ada = await meter.createUser({ username: 'ada' });
    const bob = await meter.createUser({ username: 'bob' });
    expect((await meter.authenticate(ada.apiKey))?.id).toBe(ada.user.id);
    expect((await meter.authenticate(bob.apiKey))?.id).toBe(bob.user.id);
    expect(await meter.authenticate(`${ada.apiKey.slice(0, -1)}x`)).toBeNull();
    expect(await meter.authenticate(ada.apiKey.slice(0, 12))).toBeNull();
    expect(await meter.authenticate('sk-ant-something')).toBeNull();
    expect(await meter.authenticate('')).toBeNull();
  });

  it('rotates a key: the old one stops working, the new one works', async () => {
    const { meter } = await fileMeter();
    const { user, apiKey } = await meter.createUser({ username: 'ada' });
    const rotated = await meter.rotateKey(user.id);
    expect(rotated?.apiKey).not.toBe(apiKey);
    expect(await meter.authenticate(apiKey)).toBeNull();
    expect((await meter.authenticate(rotated?.apiKey ?? ''))?.id).toBe(user.id);
    expect(await meter.rotateKey('usr_missing')).toBeNull();
  });

  it('disables a user: their key stops working and the list shows it', async () => {
    const { meter } = await fileMeter();
    const { user, apiKey } = await meter.createUser({ username: 'ada' });
    const disabled = await meter.disableUser(user.id);
    expect(disabled?.disabledAt).toEqual(expect.any(Number));
    expect(await meter.authenticate(apiKey)).toBeNull();
    const [listed] = await meter.listUsers();
    expect(listed?.disabledAt).toBe(disabled?.disabledAt);
    expect(await meter.disableUser('usr_missing')).toBeNull();
  });

  it('refuses a taken username, a bad username and a negative quota with clear errors', async () => {
    const { meter } = await fileMeter();
    await meter.createUser({ username: 'ada' });
    await expect(meter.createUser({ username: 'ada' })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('already exists'),
    });
    await expect(meter.createUser({ username: '' })).rejects.toBeInstanceOf(MeteringInputError);
    await expect(meter.createUser({ username: 'has space' })).rejects.toMatchObject({ code: 'invalid' });
    await expect(meter.createUser({ username: 'eve', quotaRequests: -1 })).rejects.toMatchObject({
      code: 'invalid',
      message: expect.stringContaining('quota_requests'),
    });
    await expect(meter.createUser({ username: 'eve', quotaTokens: 1.5 })).rejects.toMatchObject({
      code: 'invalid',
    });
    await expect(meter.createUser({ username: 'eve', email: 'not-an-email' })).rejects.toMatchObject({
      code: 'invalid',
    });
    expect((await meter.listUsers()).map((user) => user.username)).toEqual(['ada']);
  });
});

describe('users on a shared database file', () => {
  it('a user created by another process counts on the next ask', async () => {
    const { database, meter } = await fileMeter();
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
    const { meter } = await fileMeter();
    expect(await meter.hasUsers()).toBe(false);
    await meter.createUser({ username: 'here' });
    expect(await meter.hasUsers()).toBe(true);
  });
});
