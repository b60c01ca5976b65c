import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from './support/start-stack';

const require = createRequire(import.meta.url);
const claudeBinary = join(dirname(require.resolve('@anthropic-ai/claude-code/package.json')), 'bin', 'claude.exe');

type UpstreamMessage = { role: string; content: unknown; tool_calls?: Array<{ function: { name: string; arguments: string } }> };

let stack: Stack;
let home: string;
let workdir: string;

beforeAll(async () => {
  stack = await startStack({ PROXY_AUTH_KEY: 'claude-code-test-key' });
  home = mkdtempSync(join(tmpdir(), 'ccp-claude-home-'));
  workdir = mkdtempSync(join(tmpdir(), 'ccp-claude-work-'));
});

afterAll(async () => {
  await stack.close();
  rmSync(home, { recursive: true, force: true });
  rmSync(workdir, { recursive: true, force: true });
});

function runClaude(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(claudeBinary, args, {
      cwd: workdir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH,
        HOME: home,
        ANTHROPIC_BASE_URL: stack.proxy.url,
        ANTHROPIC_API_KEY: 'claude-code-test-key',
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
        DISABLE_AUTOUPDATER: '1',
        DISABLE_TELEMETRY: '1',
        DISABLE_ERROR_REPORTING: '1',
        CI: 'true',
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`claude timed out\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const chatRequests = () =>
  stack.upstream.requests.filter((request) => request.path.endsWith('/chat/completions')).map(
    (request) => request.body as { model: string; messages: UpstreamMessage[]; tools?: Array<{ function: { name: string } }> },
  );

describe('the real Claude Code CLI through ccp', () => {
  it('completes a task that needs a Bash tool call and its result', async () => {
    const result = await runClaude([
      '-p',
      'Run `echo hello-ccp` and tell me what it printed',
      '--allowedTools',
      'Bash(echo:*)',
    ]);
    expect(result.stderr).not.toMatch(/API Error/);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('The command printed: hello-ccp');

    const requests = chatRequests();
    const toolCall = requests.find((request) =>
      request.messages.some((message) => message.role === 'tool' && JSON.stringify(message.content).includes('hello-ccp')),
    );
    // The tool really ran: its output came back to the upstream as a tool message after the assistant's call.
    expect(toolCall).toBeDefined();
    const toolIndex = toolCall!.messages.findIndex((message) => message.role === 'tool');
    expect(toolCall!.messages[toolIndex - 1]?.tool_calls?.[0]?.function.name).toBe('Bash');
    expect(toolCall!.tools?.some((tool) => tool.function.name === 'Bash')).toBe(true);
  }, 150_000);

  it('continues the conversation in a second turn with the tool history intact', async () => {
    const before = chatRequests().length;
    const result = await runClaude(['-p', '--continue', 'Now run `echo second-turn` please', '--allowedTools', 'Bash(echo:*)']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('The command printed: second-turn');
    const later = chatRequests().slice(before);
    const withHistory = later.find((request) =>
      request.messages.some((message) => message.role === 'tool' && JSON.stringify(message.content).includes('hello-ccp')),
    );
    expect(withHistory).toBeDefined();
  }, 150_000);
});
