import { copyFile, mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli';

const repositoryModels = join(import.meta.dirname, '../../../models');
const shipped = JSON.parse(await readFile(join(repositoryModels, 'openrouter_models.json'), 'utf8')) as {
  models: { id: string; free: boolean; reasoning: boolean; source: string }[];
};

async function workspace(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'ccp-select-'));
}

describe('ccp-select models and templates', () => {
  it('lists free reasoning models as JSON, matching the shipped catalog', async () => {
    const cwd = await workspace();
    const result = await runCli(['models', 'list', '--free', '--reasoning', '--json'], { cwd });
    expect(result.stderr).toBe('');
    const output = JSON.parse(result.stdout) as { count: number; models: { id: string }[] };
    const expected = shipped.models.filter((model) => model.free && model.reasoning).map((model) => model.id);
    expect(output.models.map((model) => model.id)).toEqual(expected);
    expect(output.count).toBe(expected.length);
  });

  it('hides marketplace models when ENABLE_OPENROUTER_SELECTION=false in .env', async () => {
    const cwd = await workspace();
    await writeFile(join(cwd, '.env'), 'ENABLE_OPENROUTER_SELECTION=false\n');
    const output = JSON.parse((await runCli(['models', 'list', '--json'], { cwd })).stdout) as {
      models: { source: string }[];
    };
    expect(output.models.length).toBe(shipped.models.filter((model) => model.source !== 'openrouter').length);
  });

  it('shows a model, and explains an unknown one with suggestions', async () => {
    const cwd = await workspace();
    const shown = await runCli(['models', 'show', 'anthropic/claude-sonnet-4'], { cwd });
    expect(shown.stdout).toMatch(/context\s+200000 tokens/);
    const missing = await runCli(['models', 'show', 'anthropic/claude-sonet'], { cwd });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(
      /^error: No model "anthropic\/claude-sonet" in the catalog\. .*models list --search/,
    );
    expect(missing.stderr).not.toMatch(/\n\s+at /);
  });

  it('applies a template to .env with --write, keeping the user lines', async () => {
    const cwd = await workspace();
    await writeFile(join(cwd, '.env'), '# mine\nPROVIDER_API_KEY=sk-1\nREASONING_MAX_TOKENS=999\n');
    const result = await runCli(['templates', 'apply', 'free-tier', '--write', '--json'], { cwd });
    const output = JSON.parse(result.stdout) as {
      settings: Record<string, string>;
      written: { backupPath: string };
    };
    // free-tier is the former id of openrouter-free and still works.
    expect(output.settings.BIG_MODEL).toBe('deepseek/deepseek-chat-v3-0324:free');
    const env = await readFile(join(cwd, '.env'), 'utf8');
    expect(env).toMatch(/^# mine\nPROVIDER_API_KEY=sk-1\n# REASONING_MAX_TOKENS=999 {2}# cleared by/);
    expect(env).toContain('BIG_MODEL=deepseek/deepseek-chat-v3-0324:free\n');
    expect(await readFile(output.written.backupPath, 'utf8')).toBe(
      '# mine\nPROVIDER_API_KEY=sk-1\nREASONING_MAX_TOKENS=999\n',
    );
  });

  it('recommends free alternatives with scores and reasons', async () => {
    const cwd = await workspace();
    const output = JSON.parse(
      (await runCli(['recommend', 'anthropic/claude-sonnet-4', '--free', '--json'], { cwd })).stdout,
    ) as {
      alternatives: { id: string; score: number; reasons: string[]; model: { free: boolean } }[];
    };
    expect(output.alternatives.length).toBe(5);
    expect(
      output.alternatives.every((alternative) => alternative.model.free && alternative.reasons.length > 0),
    ).toBe(true);
  });

  it('recommends alternatives to a curated model the June 2025 snapshot lacked (openai/gpt-5)', async () => {
    const cwd = await workspace();
    const result = await runCli(['recommend', 'openai/gpt-5', '--json'], { cwd });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout) as {
      model: string;
      alternatives: { id: string; reasons: string[]; model: { reasoning: boolean } }[];
    };
    expect(output.model).toBe('openai/gpt-5');
    expect(output.alternatives.length).toBe(5);
    expect(
      output.alternatives.every(
        (alternative) =>
          alternative.id !== 'openai/gpt-5' && alternative.model.reasoning && alternative.reasons.length > 0,
      ),
    ).toBe(true);
  });
});

describe('ccp-select modes', () => {
  it('saves from .env plus flags, lists, loads into .env, exports, imports and deletes', async () => {
    const cwd = await workspace();
    const env = { CCP_HOME: join(cwd, 'home') };
    await writeFile(join(cwd, '.env'), '# keep\nBIG_MODEL=openai/gpt-4.1\n');
    const saved = await runCli(['modes', 'save', 'Daily', '--small-model', 'openai/gpt-4.1-nano', '--json'], {
      cwd,
      env,
    });
    expect(JSON.parse(saved.stdout)).toMatchObject({
      id: 1,
      name: 'Daily',
      settings: { BIG_MODEL: 'openai/gpt-4.1', SMALL_MODEL: 'openai/gpt-4.1-nano' },
    });
    await runCli(['modes', 'save', 'other', '--id', '5', '--big-model', 'x/y'], { cwd, env });
    const listed = JSON.parse((await runCli(['modes', 'list', '--json'], { cwd, env })).stdout) as {
      id: number;
      name: string;
    }[];
    expect(listed.map((mode) => [mode.id, mode.name])).toEqual([
      [1, 'Daily'],
      [5, 'other'],
    ]);

    await writeFile(join(cwd, '.env'), '# keep\nBIG_MODEL=changed\n');
    const loaded = await runCli(['modes', 'load', 'DAILY'], { cwd, env });
    expect(loaded.stdout).toContain('written to');
    expect(await readFile(join(cwd, '.env'), 'utf8')).toMatch(
      /^# keep\nBIG_MODEL=openai\/gpt-4\.1\n[\s\S]*SMALL_MODEL=openai\/gpt-4\.1-nano\n/,
    );

    const exportPath = join(cwd, 'export.json');
    await runCli(['modes', 'export', '--output', exportPath], { cwd, env });
    expect(JSON.parse((await runCli(['modes', 'delete', '5', '--json'], { cwd, env })).stdout)).toMatchObject(
      { name: 'other' },
    );
    const missing = await runCli(['modes', 'load', 'other'], { cwd, env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/No mode named "other"\. Saved modes: 1:Daily/);
    const imported = JSON.parse(
      (await runCli(['modes', 'import', exportPath, '--json'], { cwd, env })).stdout,
    ) as {
      imported: { id: number; name: string }[];
    };
    expect(imported.imported.map((mode) => [mode.id, mode.name])).toEqual([
      [1, 'Daily'],
      [5, 'other'],
    ]);
  });
});

describe('ccp-select fetch-models', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    const source = JSON.parse(
      await readFile(
        join(
          import.meta.dirname,
          '../../../packages/catalog/src/__fixtures__/openrouter-models-2025-06.json',
        ),
        'utf8',
      ),
    ) as { data: unknown[] };
    server = createServer((request, response) => {
      const bodies: Record<string, unknown> = {
        '/api/v1/models': { data: source.data.slice(0, 30) },
        '/api/tags': { models: [{ name: 'gemma3:12b' }, { name: 'my-custom:latest' }] },
        '/v1/models': { data: [{ id: 'qwen2.5-coder-14b-instruct' }] },
      };
      const body = bodies[request.url ?? ''];
      response.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body ?? {}));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.close();
  });

  async function catalogCopy(): Promise<{ cwd: string; catalog: string }> {
    const cwd = await workspace();
    await mkdir(join(cwd, 'models'));
    const catalog = join(cwd, 'models', 'openrouter_models.json');
    await copyFile(join(repositoryModels, 'openrouter_models.json'), catalog);
    await copyFile(
      join(repositoryModels, 'openrouter_models.csv'),
      join(cwd, 'models', 'openrouter_models.csv'),
    );
    return { cwd, catalog };
  }

  it('refreshes the snapshot from OpenRouter, Ollama and LM Studio and writes JSON and CSV', async () => {
    const { cwd, catalog } = await catalogCopy();
    const args = [
      'fetch-models',
      '--catalog',
      catalog,
      '--openrouter-url',
      `${url}/api/v1/models`,
      '--ollama-url',
      url,
      '--lmstudio-url',
      url,
    ];
    const result = await runCli(args, { cwd });
    expect(result.stdout).toMatch(/OpenRouter: fetched 30 models\./);
    expect(result.stdout).toMatch(/Ollama: found 2 installed model/);
    expect(result.stdout).toMatch(/LM Studio: found 1 installed model/);
    const written = JSON.parse(await readFile(catalog, 'utf8')) as {
      models: { id: string; source: string }[];
    };
    expect(written.models.filter((model) => model.source === 'openrouter').length).toBe(30);
    expect(written.models[0]?.id).toBe('ollama/gemma3:12b');
    expect(written.models[1]?.id).toBe('ollama/my-custom:latest');
    const csv = await readFile(join(cwd, 'models', 'openrouter_models.csv'), 'utf8');
    expect(csv.trimEnd().split('\n').length).toBe(written.models.length + 1);
  });

  it('says it is offline and leaves the snapshot untouched', async () => {
    const { cwd, catalog } = await catalogCopy();
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const before = await stat(catalog);
    const beforeText = await readFile(catalog, 'utf8');
    const result = await runCli(
      [
        'fetch-models',
        '--catalog',
        catalog,
        '--openrouter-url',
        `${deadUrl}/api/v1/models`,
        '--ollama-url',
        deadUrl,
        '--lmstudio-url',
        deadUrl,
      ],
      { cwd },
    );
    expect(result.stdout).toMatch(/Offline: cannot reach .*ECONNREFUSED/);
    expect(result.stdout).toMatch(/Offline: no source answered, so the snapshot at .* is unchanged\./);
    expect(await readFile(catalog, 'utf8')).toBe(beforeText);
    expect((await stat(catalog)).mtimeMs).toBe(before.mtimeMs);
  });
});

describe('ccp-select options and settings', () => {
  it('takes options written before the command', async () => {
    const cwd = await workspace();
    await writeFile(join(cwd, 'custom.env'), 'ENABLE_OPENROUTER_SELECTION=false\n');
    const result = await runCli(['--env-file', 'custom.env', 'models', 'list', '--json'], { cwd });
    expect(result.stderr).toBe('');
    const output = JSON.parse(result.stdout) as { models: { source: string }[] };
    expect(output.models.length).toBe(shipped.models.filter((model) => model.source !== 'openrouter').length);
  });

  it('opens the interactive menu with the options given and no command', async () => {
    const cwd = await workspace();
    await writeFile(join(cwd, 'custom.env'), 'BIG_MODEL=custom-big-model-from-file\n');
    const result = await runCli(['--env-file', 'custom.env'], { cwd, input: 'q\n' });
    expect(result.stderr).not.toMatch(/Unknown command/);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('custom-big-model-from-file');
  });

  it('stops on a bad setting with the one settings message, exit code 2 and no stack trace', async () => {
    const cwd = await workspace();
    await writeFile(join(cwd, 'custom.env'), 'ENABLE_OPENROUTER_SELECTION=maybe\nOLLAMA_URL=localhost:11434\n');
    for (const args of [['--env-file', 'custom.env'], ['models', 'list', '--env-file', 'custom.env']]) {
      const result = await runCli(args, { cwd, input: 'q\n' });
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        [
          'Invalid ccp settings:',
          '  ENABLE_OPENROUTER_SELECTION="maybe": expected true or false',
          '  OLLAMA_URL="localhost:11434": expected an http(s) URL such as https://api.openai.com/v1',
          `Fix them in ${join(cwd, 'custom.env')}, the environment or the flags, then run again.`,
          '',
        ].join('\n'),
      );
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
