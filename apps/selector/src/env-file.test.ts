import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  backupTimestamp,
  parseEnvironmentText,
  updateEnvironmentText,
  writeEnvironmentFile,
} from './env-file';

const ORIGINAL = [
  '# Provider settings',
  'PROVIDER_API_KEY=sk-keep-me',
  '',
  'export BIG_MODEL=openai/gpt-4o   # the main model',
  '# SMALL_MODEL=commented-out-stays',
  'MIDDLE_MODEL="quoted value" # note',
  'REASONING_EFFORT=high',
  'OTHER_SETTING=untouched',
  'BIG_MODEL=duplicate-later',
  '',
].join('\n');

describe('updateEnvironmentText', () => {
  it('updates keys in place, keeps comments, other lines and inline comments, appends new keys', () => {
    const updated = updateEnvironmentText(
      ORIGINAL,
      {
        BIG_MODEL: 'anthropic/claude-sonnet-4',
        MIDDLE_MODEL: 'x',
        SMALL_MODEL: 'ollama/llama3.2:3b',
        REASONING_EFFORT: undefined,
      },
      'test',
    );
    expect(updated).toBe(
      [
        '# Provider settings',
        'PROVIDER_API_KEY=sk-keep-me',
        '',
        'export BIG_MODEL=anthropic/claude-sonnet-4   # the main model',
        '# SMALL_MODEL=commented-out-stays',
        'MIDDLE_MODEL=x # note',
        '# REASONING_EFFORT=high  # cleared by test',
        'OTHER_SETTING=untouched',
        'BIG_MODEL=anthropic/claude-sonnet-4',
        '',
        '# Added by test',
        'SMALL_MODEL=ollama/llama3.2:3b',
        '',
      ].join('\n'),
    );
    expect(parseEnvironmentText(updated)).toEqual({
      PROVIDER_API_KEY: 'sk-keep-me',
      BIG_MODEL: 'anthropic/claude-sonnet-4',
      MIDDLE_MODEL: 'x',
      OTHER_SETTING: 'untouched',
      SMALL_MODEL: 'ollama/llama3.2:3b',
    });
  });

  it('quotes values that need it and reads them back', () => {
    const updated = updateEnvironmentText(
      '',
      { A: 'has space', B: 'has#hash', C: 'say "hi"', D: 'plain/value:1' },
      'test',
    );
    expect(updated).toContain('D=plain/value:1\n');
    expect(parseEnvironmentText(updated)).toEqual({
      A: 'has space',
      B: 'has#hash',
      C: 'say "hi"',
      D: 'plain/value:1',
    });
  });

  it('keeps CRLF line endings and a missing final newline stays added only once', () => {
    expect(updateEnvironmentText('A=1\r\n# c\r\n', { A: '2' }, 't')).toBe('A=2\r\n# c\r\n');
    expect(updateEnvironmentText('A=1', { A: '2' }, 't')).toBe('A=2\n');
  });
});

describe('writeEnvironmentFile', () => {
  it('backs up the old file with a timestamp and writes the new one', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'ccp-env-'));
    const path = join(directory, '.env');
    await writeFile(path, ORIGINAL);
    const now = new Date('2025-07-01T12:30:05.123Z');
    const result = await writeEnvironmentFile(path, { BIG_MODEL: 'z-ai/model' }, now);
    expect(result.backupPath).toBe(`${path}.backup-20250701T123005Z`);
    expect(await readFile(result.backupPath ?? '', 'utf8')).toBe(ORIGINAL);
    const written = await readFile(path, 'utf8');
    expect(written).toContain('# Provider settings\nPROVIDER_API_KEY=sk-keep-me\n');
    expect(parseEnvironmentText(written).BIG_MODEL).toBe('z-ai/model');
    expect(result.changedKeys).toEqual(['BIG_MODEL']);
    expect((await readdir(directory)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('creates a missing .env without a backup', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'ccp-env-')), '.env');
    const result = await writeEnvironmentFile(path, { SMALL_MODEL: 's' }, new Date());
    expect(result.backupPath).toBeUndefined();
    expect(await readFile(path, 'utf8')).toMatch(/^# Added by ccp-select on .*\nSMALL_MODEL=s\n$/);
    expect(backupTimestamp(new Date('2025-01-02T03:04:05.000Z'))).toBe('20250102T030405Z');
  });
});
