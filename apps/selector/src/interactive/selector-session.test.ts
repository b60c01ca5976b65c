import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCatalog, createModeStore, loadShippedCatalog } from '@ccp/catalog';
import { resolveSettings } from '@ccp/config';
import { describe, expect, it } from 'vitest';
import { parseEnvironmentText } from '../env-file';
import { createTerminalStyle } from '../terminal-style';
import { runSelectorSession } from './selector-session';
import type { SessionIo } from './session-io';

const catalog = createCatalog((await loadShippedCatalog()).models);

/** Feeds scripted answers and records everything printed, like a user at a terminal. */
function scriptedIo(answers: string[], rows = 30): SessionIo & { transcript: string[] } {
  const transcript: string[] = [];
  return {
    transcript,
    async ask(prompt) {
      const next = answers.shift();
      transcript.push(`${prompt}${next ?? '<end>'}`);
      return next;
    },
    print: (text) => transcript.push(text),
    rows: () => rows,
    close: () => undefined,
  };
}

async function setup(envText: string) {
  const directory = await mkdtemp(join(tmpdir(), 'ccp-session-'));
  const environmentFilePath = join(directory, '.env');
  await writeFile(environmentFilePath, envText);
  const modeStore = createModeStore({ filePath: join(directory, 'modes.json') });
  return { directory, environmentFilePath, modeStore };
}

describe('runSelectorSession', () => {
  it('edits reasoning settings, rejects bad values, and clears with "-"', async () => {
    const { environmentFilePath, modeStore } = await setup('REASONING_MAX_TOKENS=5000\n');
    const io = scriptedIo(['4', 'HIGH', 'lots', 'y', 'loud', '4', '', '-', '', '', '9', 'q']);
    await runSelectorSession({
      io,
      catalog,
      modeStore,
      environmentFilePath,
      initialSelection: { REASONING_MAX_TOKENS: '5000' },
      includeMarketplace: true,
      style: createTerminalStyle(false),
      now: () => new Date('2025-07-01T00:00:00Z'),
    });
    const text = io.transcript.join('\n');
    expect(text).toContain('"lots" is not a positive whole number of tokens.');
    expect(text).toContain('"loud" is not a verbosity');
    const env = parseEnvironmentText(await readFile(environmentFilePath, 'utf8'));
    expect(env).toEqual({ REASONING_EFFORT: 'high', REASONING_EXCLUDE: 'true' });
  });

  it('limits the picker to local models, and hides the marketplace when asked', async () => {
    const { environmentFilePath, modeStore } = await setup('');
    const io = scriptedIo(['6', '1', '2', '5', 'q']);
    await runSelectorSession({
      io,
      catalog,
      modeStore,
      environmentFilePath,
      initialSelection: {},
      includeMarketplace: true,
      style: createTerminalStyle(false),
      now: () => new Date(),
    });
    const text = io.transcript.join('\n');
    // The 12 default local models plus the curated local ones, all on one page.
    const localCount = catalog.filter({ local: true }).length;
    expect(localCount).toBeGreaterThan(12);
    expect(text).toMatch(
      new RegExp(`Select BIG model: ${localCount} model\\(s\\), page 1/1, filters: local only`),
    );
    expect(text).toContain('BIG model set to ollama/qwen3:8b.');
    expect(text).toMatch(/BIG_MODEL=ollama\/qwen3:8b/);

    const hidden = scriptedIo(['1', 'b', 'q']);
    await runSelectorSession({
      io: hidden,
      catalog,
      modeStore,
      environmentFilePath,
      initialSelection: {},
      includeMarketplace: false,
      style: createTerminalStyle(false),
      now: () => new Date(),
    });
    expect(hidden.transcript.join('\n')).toMatch(
      new RegExp(
        `Select BIG model: ${localCount} model\\(s\\).*\\n.*marketplace hidden by ENABLE_OPENROUTER_SELECTION=false`,
      ),
    );
  });

  it('recommends a cheaper model for a tier and loads a saved mode by ID', async () => {
    const { environmentFilePath, modeStore } = await setup('');
    await modeStore.save({
      name: 'saved one',
      settings: { SMALL_MODEL: 'openai/gpt-4.1-nano', REASONING_EFFORT: 'low' },
    });
    const io = scriptedIo(['8', 'b', '1', '10', '1', 'q']);
    await runSelectorSession({
      io,
      catalog,
      modeStore,
      environmentFilePath,
      initialSelection: { BIG_MODEL: 'anthropic/claude-opus-4', REASONING_MAX_TOKENS: '1' },
      includeMarketplace: true,
      style: createTerminalStyle(false),
      now: () => new Date(),
    });
    const text = io.transcript.join('\n');
    expect(text).toContain('Alternatives to anthropic/claude-opus-4');
    const picked = /BIG model set to (\S+)\./.exec(text)?.[1];
    expect(picked).toBeDefined();
    expect(catalog.findModel(picked ?? '')?.free).toBe(true);
    expect(text).toContain('Loaded mode 1 "saved one"');
    expect(text).toMatch(/SMALL\s+openai\/gpt-4\.1-nano/);
    expect(text).toContain('effort=low, max tokens=default');
    expect(text).toContain('Quit without writing .env');
  });

  it('keeps recommendations local when "local models only" is on, for a tier and from usage', async () => {
    const { environmentFilePath, modeStore } = await setup('');
    const row = {
      startedAt: Date.now(),
      sessionId: 's1',
      routedModel: 'anthropic/claude-sonnet-4',
      provider: 'openrouter',
      route: 'middle',
      inputTokens: 30_000,
      outputTokens: 2_000,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      thinkingTokens: 300,
      costUsd: 0.12,
    };
    let reads = 0;
    const io = scriptedIo(['6', '8', 'b', '', '8', 'u', '1', 'm', 'q']);
    await runSelectorSession({
      io,
      catalog,
      modeStore,
      environmentFilePath,
      initialSelection: { BIG_MODEL: 'anthropic/claude-sonnet-4' },
      includeMarketplace: true,
      style: createTerminalStyle(false),
      now: () => new Date(),
      readUsage: async () => {
        reads += 1;
        return { database: 'file:/tmp/ccp.db', days: 30, user: null, rows: [row, row] };
      },
    });
    expect(reads).toBe(1);
    const text = io.transcript.join('\n');
    const listed = (section: string) =>
      [...section.matchAll(/^\s+\d+\s{2}(\S+)\s/gm)].map((match) => match[1] ?? '');
    const forTier = text.slice(
      text.indexOf('Alternatives to anthropic/claude-sonnet-4'),
      text.indexOf('Use one for BIG'),
    );
    expect(listed(forTier).length).toBeGreaterThan(0);
    expect(listed(forTier).every((id) => catalog.findModel(id)?.local)).toBe(true);
    const fromUsage = text.slice(
      text.indexOf('Usage of the last 30 day(s)'),
      text.indexOf('Use one? number'),
    );
    expect(fromUsage).toContain('anthropic/claude-sonnet-4 @openrouter: 2 request(s)');
    expect(fromUsage).toMatch(/saves \$0\.24 \(100%\)/);
    const usageIds = listed(fromUsage);
    expect(usageIds.length).toBeGreaterThan(0);
    expect(usageIds.every((id) => catalog.findModel(id)?.local && catalog.findModel(id)?.tools)).toBe(true);
    expect(text).toContain(`MIDDLE model set to ${usageIds[0]}.`);
  });

  it('shows what the proxy would run with when nothing is set, and where each value comes from', async () => {
    const { environmentFilePath, modeStore } = await setup('');
    const io = scriptedIo(['q']);
    await runSelectorSession({
      io,
      catalog,
      modeStore,
      environmentFilePath,
      initialSelection: {},
      environment: {},
      includeMarketplace: true,
      style: createTerminalStyle(false),
      now: () => new Date(),
    });
    const header = io.transcript.join('\n');
    expect(header).not.toContain('not set');
    // Nothing configured: the proxy's own defaults, Ollama with its default models.
    const defaults = resolveSettings({});
    for (const tier of ['big', 'middle', 'small'] as const) {
      expect(header).toMatch(
        new RegExp(`${tier.toUpperCase()}\\s+${escapeRegExp(defaults.tiers[tier].model)}\\b.*· default`),
      );
    }
    expect(header).toMatch(
      new RegExp(
        `URL\\s+${escapeRegExp(defaults.provider.baseUrl)} · default: Ollama, as neither PROVIDER_API_KEY`,
      ),
    );
  });

  it('names .env, the environment, a flag, a mode or a choice made here as the source', async () => {
    const { environmentFilePath, modeStore } = await setup('BIG_MODEL=openai/gpt-4.1\n');
    await modeStore.save({ name: 'cheap small', settings: { SMALL_MODEL: 'openai/gpt-4.1-nano' } });
    const io = scriptedIo(['10', '1', 'q']);
    await runSelectorSession({
      io,
      catalog,
      modeStore,
      environmentFilePath,
      initialSelection: { BIG_MODEL: 'openai/gpt-4.1', PROVIDER_BASE_URL: 'https://openrouter.ai/api/v1' },
      initialOrigins: { BIG_MODEL: '.env', PROVIDER_BASE_URL: 'environment' },
      environment: {
        BIG_MODEL: 'openai/gpt-4.1',
        PROVIDER_BASE_URL: 'https://openrouter.ai/api/v1',
        PROVIDER_API_KEY: 'sk-or-test',
      },
      includeMarketplace: true,
      style: createTerminalStyle(false),
      now: () => new Date(),
    });
    const text = io.transcript.join('\n');
    expect(text).toMatch(/BIG\s+openai\/gpt-4\.1\b.*· \.env/);
    expect(text).toMatch(/MIDDLE\s+openai\/gpt-4\.1\b.*· follows BIG_MODEL/);
    expect(text).toMatch(/SMALL\s+gpt-4o-mini\b.*· default/);
    expect(text).toMatch(/URL\s+https:\/\/openrouter\.ai\/api\/v1 · environment/);
    // After loading the mode, SMALL comes from it.
    expect(text).toMatch(/SMALL\s+openai\/gpt-4\.1-nano\b.*· mode cheap small/);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
