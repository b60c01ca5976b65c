import type { RecordedExchange } from './recording-forwarder';

/** One request of a capture, as the CLI sent it (scrubbed). */
export interface CapturedRequest {
  path: string;
  /** Only the headers that say what the CLI is and speaks: version, betas, user agent. */
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/**
 * What one Claude Code version sends, kept so the test suite can replay it without installing
 * the CLI: its first main turn, the turn that carries a tool result back, and a `count_tokens`
 * body when the version makes one.
 */
export interface ClaudeCodeFixture {
  client: '@anthropic-ai/claude-code';
  version: string;
  firstTurn: CapturedRequest;
  toolTurn: CapturedRequest;
  countTokens?: CapturedRequest;
}

/** On disk, the tool turn's fields equal to the first turn's are named instead of repeated. */
interface StoredRequest extends CapturedRequest {
  sameAsFirstTurn?: string[];
}

export interface StoredClaudeCodeFixture extends Omit<ClaudeCodeFixture, 'toolTurn'> {
  toolTurn: StoredRequest;
}

/** What ties a capture to the machine and run it came from, and what to put in its place. */
export interface MachineDetails {
  /** Exact strings to replace, longest first is not required: they are sorted here. */
  replacements: Array<[from: string, to: string]>;
  /** The day of the capture; its dates become `stableDate`. */
  today: Date;
}

const keptHeaders = ['anthropic-version', 'anthropic-beta', 'user-agent', 'x-app'];
const stableDate = { iso: '2025-01-01', us: '1/1/2025' };
const uuidPattern = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const toolCallIdPattern = /\b(?:call|toolu)_[A-Za-z0-9_]+/g;

/** Replaces what is particular to this machine and run with stable stand-ins. */
export function scrubCaptureText(text: string, machine: MachineDetails): string {
  let result = text;
  const replacements = [...machine.replacements]
    .filter(([from]) => from.length > 2)
    .sort((left, right) => right[0].length - left[0].length);
  for (const [from, to] of replacements) result = result.replaceAll(from, to);
  const year = machine.today.getFullYear();
  const month = machine.today.getMonth() + 1;
  const day = machine.today.getDate();
  const iso = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  result = result.replaceAll(iso, stableDate.iso).replaceAll(`${month}/${day}/${year}`, stableDate.us);
  result = result
    .replace(/\/tmp\/ccp-compat-(work|home)-[A-Za-z0-9]+/g, (_match, kind: string) =>
      kind === 'work' ? '/tmp/work' : '/home/user',
    )
    // the CLI's per-project folder name is the working directory with slashes turned into dashes
    .replace(/-tmp-ccp-compat-work-[A-Za-z0-9]+/g, '-tmp-work')
    .replace(/127\.0\.0\.1:\d{2,5}/g, '127.0.0.1:8082')
    .replace(/OS Version: [^\\"\n]+/g, 'OS Version: Linux 6.1.0')
    // 64-hex ids (the per-install user id sits between underscores: `user_<hex>_account`)
    .replace(/(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])/g, '0'.repeat(64));
  const uuids = new Map<string, string>();
  result = result.replace(uuidPattern, (uuid) => {
    if (!uuids.has(uuid))
      uuids.set(uuid, `00000000-0000-4000-8000-${String(uuids.size + 1).padStart(12, '0')}`);
    return uuids.get(uuid)!;
  });
  const toolIds = new Map<string, string>();
  return result.replace(toolCallIdPattern, (id) => {
    if (!toolIds.has(id)) toolIds.set(id, `toolu_compat_${String(toolIds.size + 1).padStart(2, '0')}`);
    return toolIds.get(id)!;
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pathOf(exchange: RecordedExchange): string {
  return exchange.path.split('?')[0] ?? exchange.path;
}

function toolNames(body: Record<string, unknown>): string[] {
  if (!Array.isArray(body.tools)) return [];
  return body.tools.flatMap((tool) => (isRecord(tool) && typeof tool.name === 'string' ? [tool.name] : []));
}

/** True when a message holds a block of `type`. */
export function hasBlock(body: Record<string, unknown>, type: string): boolean {
  if (!Array.isArray(body.messages)) return false;
  return body.messages.some(
    (message) =>
      isRecord(message) &&
      Array.isArray(message.content) &&
      message.content.some((block) => isRecord(block) && block.type === type),
  );
}

/** The exchanges of `POST /v1/messages` (not count_tokens) whose body offers the Bash tool. */
export function mainTurns(
  exchanges: RecordedExchange[],
): Array<RecordedExchange & { body: Record<string, unknown> }> {
  return exchanges.filter(
    (exchange): exchange is RecordedExchange & { body: Record<string, unknown> } =>
      exchange.method === 'POST' &&
      pathOf(exchange) === '/v1/messages' &&
      isRecord(exchange.body) &&
      toolNames(exchange.body).includes('Bash'),
  );
}

/** The `count_tokens` exchanges. */
export function countTokensCalls(exchanges: RecordedExchange[]): RecordedExchange[] {
  return exchanges.filter(
    (exchange) => exchange.method === 'POST' && pathOf(exchange) === '/v1/messages/count_tokens',
  );
}

function captured(exchange: RecordedExchange & { body: Record<string, unknown> }): CapturedRequest {
  const headers: Record<string, string> = {};
  for (const name of keptHeaders) {
    const value = exchange.headers[name];
    if (value !== undefined) headers[name] = value;
  }
  return { path: exchange.path, headers, body: exchange.body };
}

/**
 * Picks the requests worth keeping from a run's exchanges and scrubs them: the first main turn,
 * the first turn that carries a `tool_result`, and the `count_tokens` body with the most tools.
 * Returns undefined when the run never got that far.
 */
export function buildClaudeCodeFixture(
  version: string,
  exchanges: RecordedExchange[],
  machine: MachineDetails,
): ClaudeCodeFixture | undefined {
  const turns = mainTurns(exchanges);
  const firstTurn = turns[0];
  const toolTurn = turns.find((exchange) => hasBlock(exchange.body, 'tool_result'));
  if (!firstTurn || !toolTurn) return undefined;
  const counted = countTokensCalls(exchanges)
    .filter((exchange): exchange is RecordedExchange & { body: Record<string, unknown> } =>
      isRecord(exchange.body),
    )
    .reduce<(RecordedExchange & { body: Record<string, unknown> }) | undefined>(
      (best, exchange) =>
        best === undefined || toolNames(exchange.body).length > toolNames(best.body).length ? exchange : best,
      undefined,
    );
  const fixture: ClaudeCodeFixture = {
    client: '@anthropic-ai/claude-code',
    version,
    firstTurn: captured(firstTurn),
    toolTurn: captured(toolTurn),
    ...(counted ? { countTokens: captured(counted) } : {}),
  };
  // One pass over the whole fixture, so an id or uuid gets the same stand-in in every request.
  return JSON.parse(scrubCaptureText(JSON.stringify(fixture), machine)) as ClaudeCodeFixture;
}

/** The fixture as stored: the tool turn names the fields it shares with the first turn. */
export function storeClaudeCodeFixture(fixture: ClaudeCodeFixture): StoredClaudeCodeFixture {
  const body: Record<string, unknown> = {};
  const sameAsFirstTurn: string[] = [];
  for (const [key, value] of Object.entries(fixture.toolTurn.body)) {
    if (
      ['system', 'tools'].includes(key) &&
      JSON.stringify(value) === JSON.stringify(fixture.firstTurn.body[key])
    ) {
      sameAsFirstTurn.push(key);
    } else {
      body[key] = value;
    }
  }
  return { ...fixture, toolTurn: { ...fixture.toolTurn, body, sameAsFirstTurn } };
}

/** The stored fixture with the tool turn's shared fields filled in again, in their original order. */
export function expandClaudeCodeFixture(stored: StoredClaudeCodeFixture): ClaudeCodeFixture {
  const { sameAsFirstTurn = [], ...toolTurn } = stored.toolTurn;
  const body: Record<string, unknown> = {};
  for (const key of Object.keys(stored.firstTurn.body)) {
    if (sameAsFirstTurn.includes(key)) body[key] = stored.firstTurn.body[key];
    else if (key in toolTurn.body) body[key] = toolTurn.body[key];
  }
  for (const [key, value] of Object.entries(toolTurn.body)) if (!(key in body)) body[key] = value;
  return { ...stored, toolTurn: { ...toolTurn, body } };
}
