import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDefaultResponder, type RecordedRequest, reply } from '@ccp/fake-upstream';
import { startStack } from '../test/support/start-stack';
import { type RecordedExchange, startRecordingForwarder } from './recording-forwarder';

export const compatApiKey = 'compat-proxy-key';

/**
 * The task every version runs: a Bash tool call, its result and a final answer; a second turn on
 * the same conversation; then `/context`, which makes the versions that know it count tokens.
 */
export const compatPrompts = {
  first: 'Run `echo compat-ok` and tell me what it printed',
  second: 'Now run `echo compat-again` please',
  context: '/context',
} as const;

/** The upstream model that reasons: its answers carry `reasoning_content`, as DeepSeek's do. */
export const reasoningModel = 'deepseek-reasoner';
export const reasoningText = 'The user wants the output of a shell command; run it with Bash.';

export interface ClaudeRun {
  label: keyof typeof compatPrompts;
  args: string[];
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export interface ClaudeCodeSession {
  runs: ClaudeRun[];
  /** What the CLI sent to ccp, with ccp's answers. */
  exchanges: RecordedExchange[];
  /** What ccp sent to the fake upstream. */
  upstreamRequests: RecordedRequest[];
  /** Strings of this run that must not reach a fixture (temp folders, port). */
  machineStrings: { home: string; workDirectory: string; baseUrl: string };
  proxyLogs: string[];
}

function runClaude(
  binary: string,
  label: ClaudeRun['label'],
  args: string[],
  cwd: string,
  environment: Record<string, string>,
  timeoutMs: number,
): Promise<ClaudeRun> {
  return new Promise((resolve) => {
    const child = spawn(binary, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: environment });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ label, args, code: null, stdout, stderr: `${stderr}${error.message}`, timedOut });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ label, args, code, stdout, stderr, timedOut });
    });
  });
}

/**
 * Runs the compat task with one installed Claude Code: the fake upstream and ccp in this process,
 * a recording forwarder in front of ccp, and the CLI with a throw-away HOME and working folder.
 * Thinking is turned on both ways versions know: `MAX_THINKING_TOKENS` (1.x and 2.0 then send
 * `thinking: {type: "enabled"}` with that budget) and `alwaysThinkingEnabled` in the user
 * settings; 2.1 versions think adaptively on their own.
 */
export async function runClaudeCodeSession(
  binary: string,
  options: { thinkingBudget?: number; timeoutMs?: number } = {},
): Promise<ClaudeCodeSession> {
  const stack = await startStack({
    PROXY_AUTH_KEY: compatApiKey,
    PROVIDER: 'deepseek',
    BIG_MODEL: reasoningModel,
    MIDDLE_MODEL: reasoningModel,
    SMALL_MODEL: 'deepseek-chat',
  });
  // The default answers, with reasoning in front for the reasoning model, so thinking blocks
  // reach the CLI and come back in its next turn.
  const answer = createDefaultResponder();
  stack.upstream.setResponder(async (request) => {
    const scenario = await answer(request);
    const body = request.body as { model?: unknown } | null;
    if (scenario.kind !== 'reply' || body?.model !== reasoningModel) return scenario;
    return reply({ ...scenario.answer, reasoning: reasoningText, reasoningField: 'reasoning_content' });
  });
  const forwarder = await startRecordingForwarder(stack.proxy.url);
  const home = mkdtempSync(join(tmpdir(), 'ccp-compat-home-'));
  const workDirectory = mkdtempSync(join(tmpdir(), 'ccp-compat-work-'));
  mkdirSync(join(home, '.claude'), { recursive: true });
  writeFileSync(
    join(home, '.claude', 'settings.json'),
    `${JSON.stringify({ alwaysThinkingEnabled: true })}\n`,
  );
  const environment: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    ANTHROPIC_BASE_URL: forwarder.url,
    ANTHROPIC_API_KEY: compatApiKey,
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_AUTOUPDATER: '1',
    DISABLE_TELEMETRY: '1',
    DISABLE_ERROR_REPORTING: '1',
    CI: 'true',
    MAX_THINKING_TOKENS: String(options.thinkingBudget ?? 8000),
  };
  const timeoutMs = options.timeoutMs ?? 150_000;
  const runs: ClaudeRun[] = [];
  try {
    const allowed = ['--allowedTools', 'Bash(echo:*)'];
    const steps: Array<[ClaudeRun['label'], string[]]> = [
      ['first', ['-p', compatPrompts.first, ...allowed]],
      ['second', ['-p', '--continue', compatPrompts.second, ...allowed]],
      ['context', ['-p', compatPrompts.context]],
    ];
    for (const [label, args] of steps) {
      const run = await runClaude(binary, label, args, workDirectory, environment, timeoutMs);
      runs.push(run);
      if (run.code !== 0) break;
    }
    return {
      runs,
      exchanges: forwarder.exchanges,
      upstreamRequests: [...stack.upstream.requests],
      machineStrings: { home, workDirectory, baseUrl: forwarder.url },
      proxyLogs: stack.logs,
    };
  } finally {
    await forwarder.close();
    await stack.close();
    rmSync(home, { recursive: true, force: true });
    rmSync(workDirectory, { recursive: true, force: true });
  }
}
