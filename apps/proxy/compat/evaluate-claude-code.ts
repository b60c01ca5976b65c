import type { RecordedRequest } from '@ccp/fake-upstream';
import { countTokensCalls, hasBlock, mainTurns } from './claude-code-fixture';
import { type CompatCheck, type CompatRow, check, compatRow, notApplicable } from './compat-results';
import type { RecordedExchange } from './recording-forwarder';
import { type ClaudeCodeSession, type ClaudeRun, reasoningText } from './run-claude-code';

type UpstreamMessage = {
  role?: string;
  content?: unknown;
  reasoning_content?: unknown;
  tool_calls?: Array<{ function?: { name?: string } }>;
};

function upstreamMessages(request: RecordedRequest): UpstreamMessage[] {
  const body = request.body as { messages?: unknown } | null;
  return Array.isArray(body?.messages) ? (body.messages as UpstreamMessage[]) : [];
}

/** True when the upstream saw `output` come back as a tool message right after an assistant's Bash call. */
function toolResultReachedUpstream(requests: RecordedRequest[], output: string): boolean {
  return requests.some((request) => {
    const messages = upstreamMessages(request);
    return messages.some(
      (message, index) =>
        message.role === 'tool' &&
        JSON.stringify(message.content).includes(output) &&
        messages
          .slice(0, index)
          .reverse()
          .find((earlier) => earlier.role === 'assistant')
          ?.tool_calls?.some((call) => call.function?.name === 'Bash') === true,
    );
  });
}

function count(amount: number, noun: string): string {
  return `${amount} ${noun}${amount === 1 ? '' : 's'}`;
}

function lastWords(run: ClaudeRun | undefined): string {
  if (!run) return 'did not run';
  const output = `${run.stderr}\n${run.stdout}`.trim().replace(/\s+/g, ' ');
  const state = run.timedOut ? 'timed out' : `exit ${run.code}`;
  return output ? `${state}: ${output.slice(-240)}` : state;
}

function toolTask(session: ClaudeCodeSession): CompatCheck {
  const run = session.runs.find((item) => item.label === 'first');
  const answered = run?.code === 0 && run.stdout.includes('The command printed: compat-ok');
  if (!answered) return check('tool task', false, lastWords(run));
  if (!toolResultReachedUpstream(session.upstreamRequests, 'compat-ok')) {
    return check('tool task', false, 'the Bash result never reached the upstream as a tool message');
  }
  return check('tool task', true, '');
}

function secondTurn(session: ClaudeCodeSession): CompatCheck {
  const run = session.runs.find((item) => item.label === 'second');
  if (run?.code !== 0 || !run.stdout.includes('The command printed: compat-again')) {
    return check('second turn', false, lastWords(run));
  }
  const historyKept = session.upstreamRequests.some((request) => {
    const text = JSON.stringify(upstreamMessages(request));
    return (
      text.includes('compat-again') && upstreamMessages(request).some((message) => message.role === 'tool')
    );
  });
  const firstResultKept = session.upstreamRequests.some(
    (request) =>
      JSON.stringify(upstreamMessages(request)).includes('compat-again') &&
      toolResultReachedUpstream([request], 'compat-ok'),
  );
  if (!historyKept || !firstResultKept) {
    return check(
      'second turn',
      false,
      'the first turn’s tool call and result were missing from the second turn',
    );
  }
  return check('second turn', true, '');
}

function streamBroken(exchange: RecordedExchange): string | undefined {
  if (exchange.status !== 200) return `HTTP ${exchange.status}`;
  if (/^event: error$/m.test(exchange.responseText)) return 'an error event in the stream';
  if (!exchange.responseText.includes('event: message_stop')) return 'the stream ended without message_stop';
  return undefined;
}

function streaming(session: ClaudeCodeSession): CompatCheck {
  const streamed = mainTurns(session.exchanges).filter((exchange) => exchange.body.stream === true);
  if (streamed.length === 0) return notApplicable('streaming', 'this version asked for no stream');
  const broken = streamed.flatMap((exchange) => {
    const problem = streamBroken(exchange);
    return problem ? [problem] : [];
  });
  return broken.length > 0
    ? check('streaming', false, `${broken.length} of ${streamed.length} streams broken: ${broken[0]}`)
    : check('streaming', true, count(streamed.length, 'stream'));
}

function thinkingShape(body: Record<string, unknown>): string | undefined {
  const thinking = body.thinking as { type?: unknown; budget_tokens?: unknown } | undefined;
  if (thinking?.type === 'enabled') return `enabled, budget ${String(thinking.budget_tokens)}`;
  if (thinking?.type === 'adaptive') return 'adaptive';
  return undefined;
}

function thinking(session: ClaudeCodeSession): CompatCheck {
  const turns = mainTurns(session.exchanges);
  const shape = turns.map((exchange) => thinkingShape(exchange.body)).find((value) => value !== undefined);
  if (!shape) {
    return check(
      'thinking',
      false,
      'the CLI sent no thinking; neither MAX_THINKING_TOKENS nor alwaysThinkingEnabled took',
    );
  }
  const returned = turns.some(
    (exchange) =>
      hasBlock(exchange.body, 'tool_result') &&
      JSON.stringify(exchange.body.messages).includes('"signature":"ccp1.'),
  );
  if (!returned)
    return check('thinking', false, `${shape}: no signed thinking block came back with the tool result`);
  const echoed = session.upstreamRequests.some((request) =>
    upstreamMessages(request).some(
      (message) => message.role === 'assistant' && message.reasoning_content === reasoningText,
    ),
  );
  if (!echoed) return check('thinking', false, `${shape}: the reasoning was not handed back to the upstream`);
  return check('thinking', true, shape);
}

function countTokens(session: ClaudeCodeSession): CompatCheck {
  const calls = countTokensCalls(session.exchanges);
  if (calls.length === 0) return notApplicable('count_tokens', 'this version makes no count_tokens call');
  const failed = calls.filter((exchange) => {
    if (exchange.status !== 200) return true;
    try {
      const answer = JSON.parse(exchange.responseText) as { input_tokens?: unknown };
      return typeof answer.input_tokens !== 'number' || answer.input_tokens < 0;
    } catch {
      return true;
    }
  });
  return failed.length > 0
    ? check('count_tokens', false, `${failed.length} of ${calls.length} failed: HTTP ${failed[0]?.status}`)
    : check('count_tokens', true, count(calls.length, 'call'));
}

function noErrors(session: ClaudeCodeSession): CompatCheck {
  const refused = session.exchanges.filter((exchange) => exchange.status >= 400 || exchange.status === 0);
  if (refused.length > 0) {
    const first = refused[0]!;
    return check(
      'no errors',
      false,
      `${first.method} ${first.path.split('?')[0]} → ${first.status}: ${first.responseText.slice(0, 200)}`,
    );
  }
  const apiError = session.runs.find((run) => /API Error/.test(run.stdout + run.stderr));
  if (apiError) return check('no errors', false, `the CLI reported an API error: ${lastWords(apiError)}`);
  return check('no errors', true, count(session.exchanges.length, 'request'));
}

/** Facts about the version worth a line although nothing failed. */
function observations(session: ClaudeCodeSession): string[] {
  const notes: string[] = [];
  const repeating = mainTurns(session.exchanges).find((exchange) => {
    const ids = JSON.stringify(exchange.body.messages).match(/"type":"tool_use","id":"[^"]+"/g) ?? [];
    return new Set(ids).size < ids.length;
  });
  if (repeating) {
    notes.push('sends its tool call and result twice in the next turn; ccp passes both on');
  }
  return notes;
}

/** Turns one version's session into its matrix row. */
export function evaluateClaudeCodeSession(version: string, session: ClaudeCodeSession): CompatRow {
  return compatRow(
    '@anthropic-ai/claude-code',
    version,
    [
      toolTask(session),
      secondTurn(session),
      streaming(session),
      thinking(session),
      countTokens(session),
      noErrors(session),
    ],
    observations(session),
  );
}
