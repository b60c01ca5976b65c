import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { estimateTextTokens } from '@ccp/convert';
import { promptInjectionBudgets, promptInjectionSizes } from '@ccp/dashboard-modules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/run-cli';
import type { SessionIo } from '../interactive/session-io';
import {
  configurationReport,
  defaultPromptInjectionChoice,
  findStatusSegmentScript,
  parsePromptInjectionFlags,
  previewPromptInjection,
  previewProxyInfo,
  promptInjectionShellLines,
  runPromptInjectionConfigurator,
  samplePreviewState,
} from './configure-prompt-injection';

/** Feeds scripted answers and records everything printed, like a user at a terminal. */
function scriptedIo(answers: string[]): SessionIo & { transcript: string[] } {
  const transcript: string[] = [];
  return {
    transcript,
    ask(prompt) {
      const answer = answers.shift();
      transcript.push(`${prompt}${answer ?? '<end>'}`);
      return Promise.resolve(answer);
    },
    print: (text) => transcript.push(text),
    rows: () => 30,
    close() {},
  };
}

const state = samplePreviewState();
const proxy = previewProxyInfo({});

describe('parsePromptInjectionFlags', () => {
  it('keeps the defaults without flags', () => {
    expect(parsePromptInjectionFlags({})).toEqual({ choice: defaultPromptInjectionChoice, problems: [] });
  });

  it('reads modules, size and mode', () => {
    expect(parsePromptInjectionFlags({ modules: 'models, status', size: 'Small', mode: 'manual' })).toEqual({
      choice: { modules: ['status', 'models'], size: 'small', mode: 'manual' },
      problems: [],
    });
    expect(parsePromptInjectionFlags({ modules: 'all' }).choice.modules).toEqual([
      'status',
      'performance',
      'errors',
      'models',
    ]);
  });

  it('says what to pass instead of invalid values', () => {
    expect(parsePromptInjectionFlags({ modules: 'status,cost', size: 'xl', mode: 'never' }).problems).toEqual(
      [
        '--modules has unknown "cost": pass a comma list of status, performance, errors, models (or all).',
        '--size must be one of large, medium, small, got "xl".',
        '--mode must be one of auto, always, header, manual, got "never".',
      ],
    );
  });
});

describe('previews', () => {
  it.each(promptInjectionSizes)(
    'shows the exact %s text with its real token count, within budget',
    (size) => {
      const preview = previewPromptInjection(
        { modules: ['status', 'performance', 'errors', 'models'], size, mode: 'auto' },
        state,
        proxy,
      );
      expect(preview.tokens).toBe(estimateTextTokens(preview.text));
      expect(preview.maxTokens).toBe(promptInjectionBudgets[size].max);
      expect(preview.tokens).toBeLessThanOrEqual(preview.maxTokens);
      expect(preview.text).toContain('openrouter');
    },
  );

  it('previews the one-line header in header mode', () => {
    const preview = previewPromptInjection({ ...defaultPromptInjectionChoice, mode: 'header' }, state, proxy);
    expect(preview.text.startsWith('[ccp proxy] ✓ up')).toBe(true);
    expect(preview.text).not.toContain('\n');
  });

  it('uses the routed models from the environment', () => {
    const info = previewProxyInfo({ BIG_MODEL: 'deepseek/deepseek-r1', REASONING_EFFORT: 'low' });
    const preview = previewPromptInjection({ ...defaultPromptInjectionChoice, size: 'large' }, state, info);
    expect(preview.text).toContain('opus → deepseek/deepseek-r1');
    expect(preview.text).toContain('effort low');
  });
});

describe('runPromptInjectionConfigurator', () => {
  it('toggles modules, sets size and mode, re-previewing after each change', async () => {
    const io = scriptedIo(['3', '1', 'small', 'banana', 'header', '']);
    const choice = await runPromptInjectionConfigurator(io, {
      initial: defaultPromptInjectionChoice,
      state,
      proxy,
    });
    expect(choice).toEqual({ modules: ['performance', 'errors'], size: 'small', mode: 'header' });
    const previews = io.transcript.filter((line) => line.startsWith('── preview'));
    expect(previews).toHaveLength(5);
    expect(previews[3]).toMatch(/^── preview: small, \d+ tokens \(max 40\) ──$/);
    expect(previews[4]).toMatch(/^── preview: header line, \d+ tokens \(max 40\) ──$/);
    expect(io.transcript).toContain(
      '"banana" is not a choice: type 1-4, large/medium/small, auto/always/header/manual, Enter or q.',
    );
    expect(io.transcript).toContain('Modules: [ ] 1 status  [x] 2 performance  [x] 3 errors  [ ] 4 models');
  });

  it('refuses to finish with no module, and quits on q or end of input', async () => {
    const empty = scriptedIo(['1', '2', '', 'q']);
    expect(
      await runPromptInjectionConfigurator(empty, { initial: defaultPromptInjectionChoice, state, proxy }),
    ).toBe(undefined);
    expect(empty.transcript).toContain('Select at least one module first (1-4).');
    expect(empty.transcript).toContain('(nothing: select at least one module)');
    const ended = scriptedIo([]);
    expect(
      await runPromptInjectionConfigurator(ended, { initial: defaultPromptInjectionChoice, state, proxy }),
    ).toBe(undefined);
  });
});

describe('the printed configuration', () => {
  it('has the .zshrc lines and the Powerlevel10k snippet', () => {
    const choice = {
      modules: ['status', 'errors'] as const,
      size: 'large' as const,
      mode: 'always' as const,
    };
    const mutable = { ...choice, modules: [...choice.modules] };
    expect(promptInjectionShellLines(mutable)).toEqual([
      'export PROMPT_INJECTION_ENABLED=true',
      'export PROMPT_INJECTION_MODULES=status,errors',
      'export PROMPT_INJECTION_SIZE=large',
      'export PROMPT_INJECTION_MODE=always',
    ]);
    const script = findStatusSegmentScript(import.meta.dirname);
    expect(script).toMatch(/examples\/p10k_integration\.zsh$/);
    const report = configurationReport(mutable, previewPromptInjection(mutable, state, proxy), script).join(
      '\n',
    );
    expect(report).toContain(`source ${script}`);
    expect(report).toContain('custom_proxy_status');
  });
});

describe('ccp-select configure-prompt-injection (built CLI)', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'ccp-configure-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('prints JSON without prompting', async () => {
    const result = await runCli(
      ['configure-prompt-injection', '--json', '--modules', 'status,performance', '--size', 'small'],
      {
        cwd: directory,
      },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.settings).toEqual({
      enabled: true,
      modules: ['status', 'performance'],
      size: 'small',
      mode: 'auto',
    });
    expect(output.env).toEqual([
      'PROMPT_INJECTION_ENABLED=true',
      'PROMPT_INJECTION_MODULES=status,performance',
      'PROMPT_INJECTION_SIZE=small',
      'PROMPT_INJECTION_MODE=auto',
    ]);
    expect(output.preview.tokens).toBe(estimateTextTokens(output.preview.text));
    expect(output.powerlevel10k).toContain('p10k_integration.zsh');
  });

  it('prints the env lines and snippet as text with flags', async () => {
    const result = await runCli(['configure-prompt-injection', '--mode', 'header'], { cwd: directory });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('export PROMPT_INJECTION_MODE=header');
    expect(result.stdout).toContain('── preview: header line,');
  });

  it('fails with a clear message on an invalid flag', async () => {
    const result = await runCli(['configure-prompt-injection', '--size', 'huge'], { cwd: directory });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--size must be one of large, medium, small, got "huge".');
  });
});
