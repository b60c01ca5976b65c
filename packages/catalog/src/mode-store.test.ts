import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withFileLock } from './file-lock';
import { createModeStore, MODE_SLOT_COUNT } from './mode-store';
import { resolveModesFilePath } from './modes-path';

const packageDirectory = join(import.meta.dirname, '..');
const childScript = join(import.meta.dirname, '__fixtures__/mode-writer-child.ts');

async function temporaryModesFile(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'ccp-modes-')), 'modes.json');
}

function startChild(...args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', childScript, ...args], {
    cwd: packageDirectory,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; stderr: string }> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
}

describe('mode store', () => {
  it('saves, loads and deletes by case-insensitive name or by ID', async () => {
    const warnings: string[] = [];
    const store = createModeStore({
      filePath: await temporaryModesFile(),
      onWarning: (message) => warnings.push(message),
    });
    expect(await store.list()).toEqual([]);
    const first = await store.save({ name: 'Fast Local', settings: { BIG_MODEL: 'ollama/qwen3:8b' } });
    const second = await store.save({
      name: 'cheap',
      settings: { BIG_MODEL: 'deepseek/deepseek-chat-v3-0324' },
    });
    expect([first.id, second.id]).toEqual([1, 2]);
    expect((await store.load('fast local')).settings.BIG_MODEL).toBe('ollama/qwen3:8b');
    expect((await store.load('2')).name).toBe('cheap');
    expect((await store.load(2)).name).toBe('cheap');

    const updated = await store.save({
      name: 'FAST LOCAL',
      settings: { BIG_MODEL: 'ollama/deepseek-r1:8b' },
    });
    expect(updated.id).toBe(1);
    expect(updated.createdAt).toBe(first.createdAt);
    expect((await store.list()).map((mode) => [mode.id, mode.name, mode.settings.BIG_MODEL])).toEqual([
      [1, 'FAST LOCAL', 'ollama/deepseek-r1:8b'],
      [2, 'cheap', 'deepseek/deepseek-chat-v3-0324'],
    ]);

    expect((await store.delete('Cheap')).id).toBe(2);
    expect((await store.delete(1)).name).toBe('FAST LOCAL');
    await expect(store.load('cheap')).rejects.toThrow(/No mode named "cheap"\. No modes are saved yet/);
    await expect(store.delete(5)).rejects.toThrow(/No mode in slot "5"/);
    expect(warnings).toEqual([]);
  });

  it('has 99 slots and says what to do when they are full or an ID is out of range', async () => {
    const store = createModeStore({ filePath: await temporaryModesFile() });
    await store.save({ name: 'in the last slot', settings: {}, id: 99 });
    await expect(store.save({ name: 'x', settings: {}, id: 100 })).rejects.toThrow(/from 1 to 99/);
    await expect(store.save({ name: '42', settings: {} })).rejects.toThrow(/looks like a slot ID/);
    await expect(
      store.save({ name: 'secret', settings: { PROVIDER_API_KEY: 'sk' } as never }),
    ).rejects.toThrow(/invalid settings/);
    for (let index = 1; index < MODE_SLOT_COUNT; index++)
      await store.save({ name: `mode ${index}`, settings: {} });
    const modes = await store.list();
    expect(modes.length).toBe(99);
    expect(modes.map((mode) => mode.id)).toEqual(Array.from({ length: 99 }, (_, index) => index + 1));
    await expect(store.save({ name: 'one too many', settings: {} })).rejects.toThrow(
      /All 99 mode slots are taken/,
    );
    const replaced = await store.save({ name: 'replacement', settings: {}, id: 7 });
    expect(replaced.id).toBe(7);
    expect(await store.find('mode 7')).toBeUndefined();
  });

  it('exports and imports modes, keeping names and moving clashing IDs', async () => {
    const source = createModeStore({ filePath: await temporaryModesFile() });
    await source.save({ name: 'alpha', settings: { BIG_MODEL: 'a' } });
    await source.save({ name: 'beta', settings: { BIG_MODEL: 'b', REASONING_EFFORT: 'high' } });
    const exported = await source.exportModes();
    const onlyBeta = JSON.parse(await source.exportModes(['BETA'])) as { modes: { name: string }[] };
    expect(onlyBeta.modes.map((mode) => mode.name)).toEqual(['beta']);

    const target = createModeStore({ filePath: await temporaryModesFile() });
    await target.save({ name: 'mine', settings: { BIG_MODEL: 'm' } });
    const result = await target.importModes(exported);
    expect(result.skipped).toEqual([]);
    expect((await target.list()).map((mode) => [mode.id, mode.name, mode.settings.BIG_MODEL])).toEqual([
      [1, 'mine', 'm'],
      // alpha's slot 1 is taken, so it moves to the lowest free slot, which then pushes beta on.
      [2, 'alpha', 'a'],
      [3, 'beta', 'b'],
    ]);
    const again = await target.importModes(exported, { overwrite: false });
    expect(again.imported).toEqual([]);
    expect(again.skipped.map((skip) => skip.name)).toEqual(['alpha', 'beta']);
    await expect(target.importModes('{"nope":1}')).rejects.toThrow(/not in the export format/);
  });

  it('loads from the backup when the main file is truncated, with a warning', async () => {
    const filePath = await temporaryModesFile();
    const store = createModeStore({ filePath });
    await store.save({ name: 'first', settings: { BIG_MODEL: 'one' } });
    await store.save({ name: 'second', settings: { BIG_MODEL: 'two' } });
    const text = await readFile(filePath, 'utf8');
    await writeFile(filePath, text.slice(0, Math.floor(text.length / 2)));

    const warnings: string[] = [];
    const reader = createModeStore({ filePath, onWarning: (message) => warnings.push(message) });
    expect((await reader.list()).map((mode) => mode.name)).toEqual(['first']);
    expect(warnings.join('\n')).toMatch(/is damaged .*loaded 1 mode\(s\) from the backup .*modes\.json\.bak/);
    // The next save starts from the backup and must not turn the damaged file into the backup.
    await reader.save({ name: 'third', settings: {} });
    expect((await reader.list()).map((mode) => mode.name)).toEqual(['first', 'third']);
    const backup = JSON.parse(await readFile(`${filePath}.bak`, 'utf8')) as { modes: unknown[] };
    expect(backup.modes.length).toBe(1);
    expect(await readdir(join(filePath, '..'))).toContain('modes.json.damaged');
  });

  it('keeps every mode when several processes save at the same time', async () => {
    const filePath = await temporaryModesFile();
    const names = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot'];
    const results = await Promise.all(names.map((name) => exitOf(startChild('save', filePath, name))));
    for (const result of results) expect(result, result.stderr).toMatchObject({ code: 0 });
    const modes = await createModeStore({ filePath }).list();
    expect(modes.map((mode) => mode.name).sort()).toEqual(names);
    expect(new Set(modes.map((mode) => mode.id)).size).toBe(names.length);
    for (const mode of modes) expect(mode.settings.BIG_MODEL).toBe(`model-of-${mode.name}`);
  }, 60_000);

  it('survives a writer killed mid-write: the file stays valid and its lock is taken over', async () => {
    const filePath = await temporaryModesFile();
    const child = startChild('loop', filePath, 'looping');
    const exit = exitOf(child);
    await new Promise<void>((resolve) => {
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if ((output.match(/saved/g) ?? []).length >= 20) resolve();
      });
    });
    child.kill('SIGKILL');
    await exit;
    const warnings: string[] = [];
    const store = createModeStore({
      filePath,
      onWarning: (message) => warnings.push(message),
      timeoutMilliseconds: 5000,
    });
    const modes = await store.list();
    expect(modes.length).toBeGreaterThan(0);
    expect(modes.every((mode) => mode.name.startsWith('looping-'))).toBe(true);
    expect(warnings).toEqual([]);
    // The killed process may have held the lock; a dead owner's lock must not block us.
    await store.save({ name: 'after the crash', settings: {} });
    expect((await store.find('AFTER THE CRASH'))?.name).toBe('after the crash');
    // A temporary file the killed writer left behind is cleaned up by the next save.
    expect((await readdir(join(filePath, '..'))).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  }, 60_000);

  it('takes over a lock left by a process that no longer exists', async () => {
    const filePath = await temporaryModesFile();
    const dead = spawn(process.execPath, ['-e', '0']);
    const deadPid = await new Promise<number>((resolve) => dead.on('exit', () => resolve(dead.pid ?? 0)));
    await writeFile(`${filePath}.lock`, `${deadPid} 0 stale`);
    const store = createModeStore({ filePath, timeoutMilliseconds: 3000 });
    await store.save({ name: 'ok', settings: {} });
    expect((await store.list()).length).toBe(1);
  });

  it('waits for a live lock and gives a clear message on timeout', async () => {
    const filePath = await temporaryModesFile();
    await writeFile(`${filePath}.lock`, `${process.pid} ${Date.now()} live`);
    const store = createModeStore({ filePath, timeoutMilliseconds: 200 });
    await expect(store.save({ name: 'blocked', settings: {} })).rejects.toThrow(
      /held the lock .*delete that file/,
    );
  });

  it('serialises tasks in one process through the lock', async () => {
    const lockPath = `${await temporaryModesFile()}.lock`;
    const order: string[] = [];
    await Promise.all(
      ['a', 'b', 'c'].map((label) =>
        withFileLock(lockPath, async () => {
          order.push(`${label}-start`);
          await new Promise((resolve) => setTimeout(resolve, 20));
          order.push(`${label}-end`);
        }),
      ),
    );
    for (let index = 0; index < order.length; index += 2) {
      expect(order[index]?.replace('-start', '')).toBe(order[index + 1]?.replace('-end', ''));
    }
  });
});

describe('resolveModesFilePath', () => {
  it('uses CCP_MODES_FILE, else CCP_HOME, else ~/.ccp', () => {
    expect(
      resolveModesFilePath({
        env: { CCP_MODES_FILE: '/x/m.json', CCP_HOME: '/h' },
        homeDirectory: '/home/u',
      }),
    ).toBe('/x/m.json');
    expect(resolveModesFilePath({ env: { CCP_HOME: '/h' }, homeDirectory: '/home/u' })).toBe(
      join('/h', 'modes.json'),
    );
    expect(resolveModesFilePath({ env: {}, homeDirectory: '/home/u' })).toBe(
      join('/home/u', '.ccp', 'modes.json'),
    );
    expect(resolveModesFilePath({ env: { CCP_MODES_FILE: '' }, homeDirectory: '/home/u' })).toBe(
      join('/home/u', '.ccp', 'modes.json'),
    );
  });
});
