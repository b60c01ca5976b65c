import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { estimateTextTokens } from '@ccp/convert';
import {
  createPromptInjectionState,
  type PromptInjectionMode,
  type PromptInjectionModule,
  type PromptInjectionProxyInfo,
  type PromptInjectionSize,
  type PromptInjectionState,
  promptInjectionBudgets,
  promptInjectionHeaderBudget,
  promptInjectionModes,
  promptInjectionModules,
  promptInjectionSizes,
  reducePromptInjectionState,
  renderPromptInjection,
  renderPromptInjectionHeader,
  samplePromptInjectionEvents,
  sampleProxyInfo,
} from '@ccp/dashboard-modules';
import { defineCommand } from 'citty';
import { guarded, printJson } from '../app-context';
import { createTerminalIo, type SessionIo } from '../interactive/session-io';

/** What the configurator produces: the PROMPT_INJECTION_* settings. */
export type PromptInjectionChoice = {
  modules: PromptInjectionModule[];
  size: PromptInjectionSize;
  mode: PromptInjectionMode;
};

export const defaultPromptInjectionChoice: PromptInjectionChoice = {
  modules: ['status', 'performance'],
  size: 'medium',
  mode: 'auto',
};

export type PromptInjectionPreview = { text: string; tokens: number; maxTokens: number };

function _isOneOf<Value extends string>(values: readonly Value[], candidate: string): candidate is Value {
  return (values as readonly string[]).includes(candidate);
}

/**
 * Validates `--modules`, `--size` and `--mode`; a missing flag keeps the default. Problems say
 * what to pass instead.
 *
 * @example parsePromptInjectionFlags({ modules: 'status,errors', size: 'small' }).choice.size // 'small'
 */
export function parsePromptInjectionFlags(flags: { modules?: string; size?: string; mode?: string }): {
  choice: PromptInjectionChoice;
  problems: string[];
} {
  const choice: PromptInjectionChoice = { ...defaultPromptInjectionChoice };
  const problems: string[] = [];
  if (flags.modules !== undefined) {
    const names = flags.modules
      .split(',')
      .map((name) => name.trim().toLowerCase())
      .filter(Boolean);
    const unknown = names.filter((name) => name !== 'all' && !_isOneOf(promptInjectionModules, name));
    if (unknown.length > 0 || names.length === 0) {
      problems.push(
        `--modules ${names.length === 0 ? 'is empty' : `has unknown ${unknown.map((name) => `"${name}"`).join(', ')}`}: pass a comma list of ${promptInjectionModules.join(', ')} (or all).`,
      );
    } else {
      choice.modules = names.includes('all')
        ? [...promptInjectionModules]
        : promptInjectionModules.filter((module) => names.includes(module));
    }
  }
  if (flags.size !== undefined) {
    const size = flags.size.trim().toLowerCase();
    if (_isOneOf(promptInjectionSizes, size)) choice.size = size;
    else problems.push(`--size must be one of ${promptInjectionSizes.join(', ')}, got "${flags.size}".`);
  }
  if (flags.mode !== undefined) {
    const mode = flags.mode.trim().toLowerCase();
    if (_isOneOf(promptInjectionModes, mode)) choice.mode = mode;
    else problems.push(`--mode must be one of ${promptInjectionModes.join(', ')}, got "${flags.mode}".`);
  }
  return { choice, problems };
}

/** The sample proxy state previews are rendered from: a short realistic session. */
export function samplePreviewState(): PromptInjectionState {
  return samplePromptInjectionEvents().reduce(reducePromptInjectionState, createPromptInjectionState());
}

/** The sample configuration, with the routed models of the environment when they are set. */
export function previewProxyInfo(environment: Record<string, string | undefined>): PromptInjectionProxyInfo {
  const pick = (name: string, fallback: string) => environment[name]?.trim() || fallback;
  return {
    ...sampleProxyInfo,
    models: {
      big: pick('BIG_MODEL', sampleProxyInfo.models.big),
      middle: pick('MIDDLE_MODEL', sampleProxyInfo.models.middle),
      small: pick('SMALL_MODEL', sampleProxyInfo.models.small),
    },
    reasoning: { ...sampleProxyInfo.reasoning, effort: pick('REASONING_EFFORT', 'high') },
  };
}

/**
 * The exact text the proxy would inject for `choice` (the header line in header mode), and its
 * token count as the proxy measures it.
 */
export function previewPromptInjection(
  choice: PromptInjectionChoice,
  state: PromptInjectionState,
  proxy: PromptInjectionProxyInfo,
): PromptInjectionPreview {
  const common = {
    modules: choice.modules,
    proxy,
    estimateTokens: estimateTextTokens,
    uptimeMs: 62 * 60_000,
  };
  if (choice.mode === 'header') {
    const text = renderPromptInjectionHeader(state, common);
    return { text, tokens: estimateTextTokens(text), maxTokens: promptInjectionHeaderBudget.max };
  }
  const text = renderPromptInjection(state, { ...common, size: choice.size });
  return { text, tokens: estimateTextTokens(text), maxTokens: promptInjectionBudgets[choice.size].max };
}

/** The lines to add to ~/.zshrc. */
export function promptInjectionShellLines(choice: PromptInjectionChoice): string[] {
  return [
    'export PROMPT_INJECTION_ENABLED=true',
    `export PROMPT_INJECTION_MODULES=${choice.modules.join(',')}`,
    `export PROMPT_INJECTION_SIZE=${choice.size}`,
    `export PROMPT_INJECTION_MODE=${choice.mode}`,
  ];
}

/** Where examples/p10k_integration.zsh is, looking up from this file (source or bundle). */
export function findStatusSegmentScript(startDirectory: string): string | null {
  let directory = startDirectory;
  for (;;) {
    const candidate = join(directory, 'examples', 'p10k_integration.zsh');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(directory);
    if (parent === directory) return null;
    directory = parent;
  }
}

/** The Powerlevel10k lines: source the segment script, then add the element. */
export function powerlevel10kSnippet(scriptPath: string | null): string[] {
  return [
    '# ccp proxy status in the prompt (~/.zshrc, after Powerlevel10k is loaded):',
    `source ${scriptPath ?? '/path/to/ccp/examples/p10k_integration.zsh'}`,
    '# then in ~/.p10k.zsh add the element:',
    '#   typeset -g POWERLEVEL9K_RIGHT_PROMPT_ELEMENTS=(... custom_proxy_status)',
    "# without Powerlevel10k: setopt prompt_subst; RPROMPT='$(ccp_status_prompt)'",
    '# plain text instead of Nerd Font icons: export CCP_STATUS_PLAIN=1',
  ];
}

function _previewLines(choice: PromptInjectionChoice, preview: PromptInjectionPreview): string[] {
  const what = choice.mode === 'header' ? 'header line' : `${choice.size}`;
  return [
    `── preview: ${what}, ${preview.tokens} tokens (max ${preview.maxTokens}) ──`,
    preview.text === '' ? '(nothing: select at least one module)' : preview.text,
    '──',
  ];
}

function _menuLines(choice: PromptInjectionChoice): string[] {
  const modules = promptInjectionModules
    .map((module, index) => `[${choice.modules.includes(module) ? 'x' : ' '}] ${index + 1} ${module}`)
    .join('  ');
  return [
    `Modules: ${modules}`,
    `Size: ${choice.size} (large | medium | small)   Mode: ${choice.mode} (auto | always | header | manual)`,
    'Type 1-4 to toggle a module, a size or a mode to set it; Enter when done, q to quit.',
  ];
}

/**
 * The interactive loop: shows the menu and the live preview after every change. Resolves the
 * final choice, or undefined when the user quits (q, or end of input).
 */
export async function runPromptInjectionConfigurator(
  io: SessionIo,
  options: { initial: PromptInjectionChoice; state: PromptInjectionState; proxy: PromptInjectionProxyInfo },
): Promise<PromptInjectionChoice | undefined> {
  let choice: PromptInjectionChoice = { ...options.initial, modules: [...options.initial.modules] };
  const show = () => {
    for (const line of _menuLines(choice)) io.print(line);
    for (const line of _previewLines(choice, previewPromptInjection(choice, options.state, options.proxy))) {
      io.print(line);
    }
  };
  show();
  for (;;) {
    const answer = await io.ask('> ');
    if (answer === undefined) return undefined;
    const input = answer.trim().toLowerCase();
    if (input === 'q' || input === 'quit') return undefined;
    if (input === '' || input === 'done') {
      if (choice.modules.length > 0) return choice;
      io.print('Select at least one module first (1-4).');
      continue;
    }
    const number = Number.parseInt(input, 10);
    const module = String(number) === input ? promptInjectionModules[number - 1] : undefined;
    if (module) {
      const modules = choice.modules.includes(module)
        ? choice.modules.filter((selected) => selected !== module)
        : [...choice.modules, module];
      choice = { ...choice, modules: promptInjectionModules.filter((name) => modules.includes(name)) };
    } else if (_isOneOf(promptInjectionSizes, input)) {
      choice = { ...choice, size: input };
    } else if (_isOneOf(promptInjectionModes, input)) {
      choice = { ...choice, mode: input };
    } else {
      io.print(
        `"${answer.trim()}" is not a choice: type 1-4, large/medium/small, auto/always/header/manual, Enter or q.`,
      );
      continue;
    }
    show();
  }
}

/** Everything the command prints at the end, as text lines. */
export function configurationReport(
  choice: PromptInjectionChoice,
  preview: PromptInjectionPreview,
  scriptPath: string | null,
): string[] {
  return [
    ..._previewLines(choice, preview),
    '',
    '# ccp prompt injection (~/.zshrc, or without `export` in the proxy .env):',
    ...promptInjectionShellLines(choice),
    '',
    ...powerlevel10kSnippet(scriptPath),
  ];
}

export const configurePromptInjectionCommand = defineCommand({
  meta: {
    name: 'configure-prompt-injection',
    description: 'Choose the proxy stats injected into Claude’s system prompt, with live previews',
  },
  args: {
    modules: { type: 'string', description: 'Comma list of status, performance, errors, models (or all)' },
    size: { type: 'string', description: 'large | medium | small' },
    mode: { type: 'string', description: 'auto | always | header | manual' },
    json: { type: 'boolean', description: 'Print JSON instead of text (never prompts)' },
  },
  run: guarded(async (args) => {
    const { choice: flagged, problems } = parsePromptInjectionFlags(args);
    if (problems.length > 0) throw new Error(problems.join(' '));
    const state = samplePreviewState();
    const proxy = previewProxyInfo(process.env);
    const scriptPath = findStatusSegmentScript(import.meta.dirname);
    const nonInteractive =
      args.json === true || args.modules !== undefined || args.size !== undefined || args.mode !== undefined;
    let choice: PromptInjectionChoice | undefined = flagged;
    if (!nonInteractive) {
      const io = createTerminalIo(process.stdin, process.stdout);
      try {
        choice = await runPromptInjectionConfigurator(io, { initial: flagged, state, proxy });
      } finally {
        io.close();
      }
      if (!choice) {
        process.stdout.write('Nothing changed.\n');
        return;
      }
    }
    const preview = previewPromptInjection(choice, state, proxy);
    if (args.json) {
      printJson({
        settings: { enabled: true, ...choice },
        env: promptInjectionShellLines(choice).map((line) => line.replace(/^export /, '')),
        preview,
        powerlevel10k: powerlevel10kSnippet(scriptPath).join('\n'),
      });
      return;
    }
    process.stdout.write(`${configurationReport(choice, preview, scriptPath).join('\n')}\n`);
  }),
});
