/**
 * Charges each sample of a V8 CPU profile (`--cpu-prof`) to one stage of a proxied request, by
 * the frames on its stack: the innermost frame some stage claims wins, so `JSON.parse` called by
 * the request parser is "parse" and the same built-in called by the answer converter is "answer
 * conversion". Bundled frames are traced to their source files through the bundle's source map.
 * Frames of Node itself (`node:` URLs) are only looked at when no frame of ccp, its
 * libraries or the stand-in claims the sample.
 */
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

type CallFrame = { functionName: string; url: string; lineNumber: number; columnNumber?: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
export type CpuProfile = {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
};

/** A profile frame with the source file it came from (through the bundle's source map). */
type Frame = { name: string; url: string; source: string; line: number };

export type StageId =
  | 'http in'
  | 'admission'
  | 'parse'
  | 'validate'
  | 'route'
  | 'convert'
  | 'serialize'
  | 'upstream write'
  | 'upstream read'
  | 'answer conversion'
  | 'answer write'
  | 'metering'
  | 'feed'
  | 'log'
  | 'handler'
  | 'timers and promises'
  | 'gc'
  | 'native'
  | 'other';

/** Claims a frame by its source file (ccp's, through the source map) or URL, and optionally its name. */
type Claim = { source?: RegExp; url?: RegExp; names?: string[] };
type Stage = { id: StageId; covers: string; claims?: Claim[]; nodeClaims?: Claim[] };

const gateway = (path: string) => new RegExp(`packages/gateway/src/${path}`);
const convert = (path: string) => new RegExp(`packages/convert/src/${path}`);

/** undici's own functions that send a request rather than read an answer. */
const undiciWrite = [
  'request',
  'dispatch',
  'writeH1',
  'writeBuffer',
  'writeBlob',
  'writeIterable',
  'writeStream',
  '_resume',
  'resume',
  'connect',
  'processHeader',
  'Request',
  'RequestHandler',
  '[dispatch]',
];

/**
 * In the order they happen to a request, as the table lists them. A stage's claims name the
 * functions that start its work; helpers they call are charged to them by being on the stack.
 */
export const STAGES: Stage[] = [
  {
    id: 'http in',
    covers: 'node:http parsing the client request and reading its body',
    claims: [
      {
        source: gateway('messages/read-json-body'),
        names: ['readNodeRequestBody', 'onData', 'onEnd', 'onGone', 'cleanup'],
      },
    ],
    nodeClaims: [{ url: /^node:_http_(server|common|incoming)$/ }],
  },
  {
    id: 'admission',
    covers: 'Host check, origin, API key, quota',
    claims: [{ source: /apps\/proxy\/src\/auth\// }],
  },
  {
    id: 'parse',
    covers: 'body bytes to a request: known tools matched as bytes, the rest decoded and JSON.parse',
    claims: [
      {
        source: gateway('messages/session-tools'),
        names: ['parseRequest', 'parseRest', 'parseWhole', 'find'],
      },
      { source: gateway('messages/read-json-body'), names: ['bodyText', 'parseJsonText'] },
    ],
  },
  {
    id: 'validate',
    covers: 'the valibot check of the Anthropic request',
    claims: [{ source: convert('anthropic-request-schema') }, { url: /valibot/ }],
  },
  {
    id: 'route',
    covers: 'tier, task routes, fallbacks, the token estimate, the context guard, catalog look-ups',
    claims: [
      { source: gateway('messages/(route-request|context-guard)') },
      { source: gateway('(routing|models)/') },
      { source: convert('(quick-token-estimate|estimate-tokens)') },
    ],
  },
  {
    id: 'convert',
    covers: 'the Anthropic request to the provider body: messages, tools, reasoning',
    claims: [
      { source: gateway('messages/plan-upstream-request') },
      { source: convert('convert-(to-openai-request|messages|content-blocks|system-prompt|tools)') },
      { source: /packages\/reasoning\/src\// },
      { source: gateway('messages/session-tools'), names: ['sanitizedSchema'] },
    ],
  },
  {
    id: 'serialize',
    covers: 'the upstream body to bytes (the known tools spliced in as bytes)',
    claims: [
      {
        source: gateway('messages/session-tools'),
        names: ['serializeBody', 'toolsShape', 'addFields', 'sameShape'],
      },
    ],
  },
  {
    id: 'upstream write',
    covers: 'tries, breaker and deadline; undici sending the request',
    claims: [{ source: gateway('upstream/') }, { url: /undici/, names: undiciWrite }],
  },
  {
    id: 'upstream read',
    covers: "undici parsing the upstream answer's head and body",
    claims: [{ url: /undici/ }],
  },
  {
    id: 'answer conversion',
    covers: 'the upstream answer to Anthropic JSON or SSE text',
    claims: [
      { source: convert('(stream/|convert-openai-response|map-finish-reason|anthropic-ids|redact-secrets)') },
      { source: gateway('messages/(upstream-answer|sse-pump|sse-response-stream)') },
    ],
  },
  {
    id: 'answer write',
    covers: "node:http writing the answer's head and body to the client",
    claims: [{ source: /apps\/proxy\/src\/http\/node-messages-route/, names: ['write', 'end', 'drained'] }],
    nodeClaims: [{ url: /^node:_http_outgoing$/ }],
  },
  {
    id: 'metering',
    covers: 'the usage record: timings, cost, journal, database',
    claims: [
      { source: gateway('(observe/(metering-observer|request-observer)|messages/request-end)') },
      { source: /packages\/metering\/src\// },
      { url: /libsql|drizzle/ },
    ],
  },
  {
    id: 'feed',
    covers: 'live feed events and the stats behind /api/status and prompt stats',
    claims: [
      { source: gateway('(observe/feed-observer|prompt-injection/)') },
      { source: /packages\/(feed|dashboard-modules)\/src\// },
    ],
  },
  { id: 'log', covers: 'terminal log lines', claims: [{ source: /apps\/proxy\/src\/terminal-logger\// }] },
  {
    id: 'handler',
    covers: "the messages handler's own steps between the stages (awaits, abort wiring, answer headers)",
    claims: [
      { source: gateway('(messages/handle-messages|gateway)') },
      { source: /apps\/proxy\/src\/http\// },
    ],
  },
  {
    id: 'timers and promises',
    covers: 'microtasks, timers and stream plumbing with no project frame on the stack',
    nodeClaims: [{ url: /^node:internal\/(process\/task_queues|timers)$/ }],
  },
  { id: 'gc', covers: 'garbage collection on the main thread' },
  { id: 'native', covers: 'inside Node or the kernel with no JavaScript frame (socket reads, wake-ups)' },
  { id: 'other', covers: 'everything no stage claims' },
];

/** Native functions that hand bytes to a socket. */
const socketWrites = ['writev', 'writeUtf8String', 'writeLatin1String', 'writeBuffer', 'writeAsciiString'];

const matches = (claim: Claim, frame: Frame) =>
  (!claim.source || claim.source.test(frame.source)) &&
  (!claim.url || claim.url.test(frame.url)) &&
  (!claim.names || claim.names.includes(frame.name));

export type StageCharge = {
  /** ms per request, by stage. */
  stages: Partial<Record<StageId, number>>;
  /** Main-thread busy ms per request. */
  busyMs: number;
  /** ms of the window the samples cover, idle included (not per request). */
  coveredMs: number;
  /** Stacks no stage claimed, leaf first, with ms per request, largest first. */
  unclaimed: Array<[string, number]>;
  /** Within each stage: the leaf function and the frame that claimed it, ms per request, largest first. */
  detail: Partial<Record<StageId, Array<[string, number]>>>;
};

/** The stage a stack belongs to, and the frame that claimed it. */
function classify(stack: Frame[]): { stage: StageId; by?: Frame } {
  const leaf = stack[0];
  if (leaf?.name === '(garbage collector)') return { stage: 'gc' };
  if (leaf?.name === '(program)') return { stage: 'native' };
  // A socket write is the upstream request when undici made it, else the answer to the client
  // (the pump's write to the response can be inlined away from the stack).
  if (leaf && leaf.url === '' && socketWrites.includes(leaf.name)) {
    return {
      stage: stack.some((frame) => /undici/.test(frame.url)) ? 'upstream write' : 'answer write',
      by: leaf,
    };
  }
  for (const frame of stack) {
    if (frame.url.startsWith('node:')) continue;
    const stage = STAGES.find((candidate) => candidate.claims?.some((claim) => matches(claim, frame)));
    if (stage) return { stage: stage.id, by: frame };
  }
  for (const frame of stack) {
    const stage = STAGES.find((candidate) => candidate.nodeClaims?.some((claim) => matches(claim, frame)));
    if (stage) return { stage: stage.id, by: frame };
  }
  return { stage: 'other' };
}

const frameLabel = (frame: Frame) =>
  `${frame.name || '(anonymous)'}@${(frame.source || frame.url).replace(/^.*\/(node_modules|apps|packages)\//, '')}:${frame.line}`;

/** Source files of bundled frames, through each bundle's `.map` file (read once). */
function sourceMapper(): (frame: CallFrame) => Frame {
  const maps = new Map<string, SourceMap | null>();
  return (frame) => {
    const plain = { name: frame.functionName, url: frame.url, source: '', line: frame.lineNumber + 1 };
    if (!frame.url.startsWith('file://') || !frame.url.endsWith('.js')) return plain;
    let map = maps.get(frame.url);
    if (map === undefined) {
      const path = fileURLToPath(frame.url);
      map = existsSync(`${path}.map`) ? new SourceMap(JSON.parse(readFileSync(`${path}.map`, 'utf8'))) : null;
      maps.set(frame.url, map);
    }
    const entry = map?.findEntry(frame.lineNumber, frame.columnNumber ?? 0);
    if (!entry || !('originalSource' in entry)) return plain;
    return { ...plain, source: entry.originalSource, line: entry.originalLine + 1 };
  };
}

/**
 * Charges the samples taken between `window.from` and `window.to` (µs, the monotonic clock V8
 * and `process.hrtime` share on Linux) to stages, per request.
 */
export function chargeProfile(
  profile: CpuProfile,
  window: { from: number; to: number },
  requests: number,
): StageCharge {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const mapFrame = sourceMapper();
  const frameOf = new Map<number, Frame>();
  const stackOf = new Map<number, Frame[]>();
  const stack = (id: number): Frame[] => {
    let frames = stackOf.get(id);
    if (!frames) {
      frames = [];
      for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) {
        const node = nodes.get(at);
        if (!node || node.callFrame.functionName === '(root)') continue;
        let frame = frameOf.get(at);
        if (!frame) {
          frame = mapFrame(node.callFrame);
          frameOf.set(at, frame);
        }
        frames.push(frame);
      }
      stackOf.set(id, frames);
    }
    return frames;
  };
  const totals = new Map<StageId, number>();
  const unclaimed = new Map<string, number>();
  const detail = new Map<StageId, Map<string, number>>();
  let busy = 0;
  let covered = 0;
  let time = profile.startTime;
  profile.samples.forEach((id, index) => {
    // A sample's delta is the time since the previous one: charged to this sample's stack.
    const delta = profile.timeDeltas[index] ?? 0;
    time += delta;
    if (time < window.from || time > window.to) return;
    covered += delta;
    const frames = stack(id);
    if (frames[0]?.name === '(idle)') return;
    busy += delta;
    const { stage, by } = classify(frames);
    totals.set(stage, (totals.get(stage) ?? 0) + delta);
    const leaf = frames[0];
    const detailKey = `${leaf ? frameLabel(leaf) : '?'}${by && by !== leaf ? ` in ${frameLabel(by)}` : ''}`;
    const stageDetail = detail.get(stage) ?? new Map<string, number>();
    stageDetail.set(detailKey, (stageDetail.get(detailKey) ?? 0) + delta);
    detail.set(stage, stageDetail);
    if (stage === 'other') {
      const key = frames.slice(0, 8).map(frameLabel).join(' < ');
      unclaimed.set(key, (unclaimed.get(key) ?? 0) + delta);
    }
  });
  const perRequest = (micros: number) => micros / 1000 / requests;
  return {
    stages: Object.fromEntries([...totals].map(([stage, micros]) => [stage, perRequest(micros)])),
    busyMs: perRequest(busy),
    coveredMs: covered / 1000,
    unclaimed: [...unclaimed]
      .sort((left, right) => right[1] - left[1])
      .map(([key, micros]) => [key, perRequest(micros)]),
    detail: Object.fromEntries(
      [...detail].map(([stage, entries]) => [
        stage,
        [...entries]
          .sort((left, right) => right[1] - left[1])
          .map(([key, micros]) => [key, perRequest(micros)] as [string, number]),
      ]),
    ),
  };
}
