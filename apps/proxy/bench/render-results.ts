import type { ConversionResult } from './measure-conversion';
import type { StageTimes } from './measure-stages';
import type { Summary } from './statistics';
import type { ProfileSummary } from './summarize-profile';

type Pair = { proxied: Summary; direct: Summary };

type CaseSummary = Pair & {
  name: string;
  proxyCpuMsPerRequest: number;
  requestBytes: { proxied: number; direct: number };
  start?: Pair;
  firstContent?: Pair;
  gaps?: Pair;
};

export type BenchResults = {
  date: string;
  quick: boolean;
  node: string;
  cpus: number;
  /** Scheduling priority the bench ran with (see the README note on busy machines). */
  priority: string;
  loadBefore: number;
  loadAfter: number;
  seconds: number;
  plan: {
    warmup: number;
    iterations: number;
    pacedDelayMs: number;
    pacedWarmup: number;
    pacedIterations: number;
    caseMaxMs: number;
    throughputMs: number;
    streams: number;
  };
  /** c=1 on an upstream that answers at once. */
  latency: CaseSummary[];
  /** c=1 streams on an upstream that waits `pacedDelayMs` between chunks. */
  streaming: CaseSummary[];
  throughput: Array<{
    name: string;
    concurrency: number;
    direct: number;
    proxied: number;
    failed: number;
    firstError?: string | undefined;
    proxyCpuMsPerRequest: number;
    /** Cores the proxy used during the proxied run (1 = one core flat out). */
    proxyCpuShare: number;
  }>;
  memory: {
    /** The main proxy right after it started. */
    startBytes: number;
    /** The main proxy after the latency and throughput runs. */
    warmBytes: number;
    /** The fresh proxy of the stream test, after warm-up and 1 s idle. */
    idleBytes: number;
    streams: number;
    peakBytes: number;
    maxOpen: number;
    finished: number;
    whole: number;
    expectedFrames: number;
    seconds: number;
    referenceMs: number;
    /** Per stream, the longest time between two content reads (20 ms when nothing waits). */
    longestPause: Summary;
    failures: number;
    firstError?: string | undefined;
  };
  conversion: ConversionResult;
  /** Request-side stages of the proxy timed one by one in process (big request, small request). */
  stages: StageTimes[];
  /** The 78 KB JSON turn through a stand-in that forwards bytes unread: the floor of any proxy here. */
  forwardingFloor?: CaseSummary;
  /** The same turn streamed, through the same stand-in (the answer forwarded chunk by chunk). */
  forwardingFloorStreamed?: CaseSummary;
  /** The small stream from the paced upstream through the same stand-in. */
  streamingFloor?: CaseSummary;
  /** c=50 req/s of transport-only stand-ins answering a fixed 16-event stream. */
  transportFloor: Array<{ stack: string; writes: string; requestsPerSecond: number; failed: number }>;
  profile?: ProfileSummary;
};

const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(3)} ms` : 'n/a');
const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const kilobytes = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;
const status = (met: boolean) => (met ? '**MET**' : '**NOT MET**');

const labels: Record<string, string> = {
  'big-json': 'Claude Code first turn, JSON',
  'big-stream': 'Claude Code first turn, streamed',
  'small-json': 'small request, JSON',
  'small-stream': 'small request, streamed',
  'small-stream-metered': 'small request, streamed, metering on (the default)',
};

/** The bench results as a markdown report: targets first, then every figure. */
export function renderResults(results: BenchResults): string {
  const lines: string[] = [];
  const find = (name: string) => results.latency.find((entry) => entry.name === name);
  const bigJson = find('big-json');
  const bigStream = find('big-stream');
  const smallStream = results.streaming.find((entry) => entry.name === 'small-stream');
  const added = (pair: Pair | undefined, key: 'p50' | 'p99') =>
    pair ? pair.proxied[key] - pair.direct[key] : Number.NaN;

  lines.push(`# ccp proxy benchmark${results.quick ? ' (quick run)' : ''}`);
  lines.push('');
  lines.push(
    `${results.date} · Node ${results.node} · ${results.cpus} CPUs · load average before ${results.loadBefore.toFixed(2)}, after ${results.loadAfter.toFixed(2)} · bench priority: ${results.priority} · ${results.seconds.toFixed(0)} s in all`,
  );
  lines.push('');
  lines.push(
    'Proxied = load generator → ccp (`node dist/cli.js`, own process) → fake upstream (own process). ' +
      'Direct = the same load generator sends what ccp would send straight to the same fake upstream. ' +
      '"Added" = proxied percentile − direct percentile. All on loopback, undici with keep-alive.',
  );
  lines.push('');
  lines.push('## Targets');
  lines.push('');
  lines.push(
    'Latency and CPU are read against the forwarding floor measured in the same run (a stand-in that forwards bytes unread, see below): what ccp adds above what any proxy in its own process pays here.',
  );
  lines.push('');
  lines.push('| measure | figure | target | status |');
  lines.push('| --- | --- | --- | --- |');
  const bigBytes = bigJson ? kilobytes(bigJson.requestBytes.proxied) : '?';
  const floor = results.forwardingFloor;
  const streamingFloor = results.streamingFloor;
  // Each row is read against the floor of the same turn: JSON against JSON, streamed against streamed.
  const floorStreamed = results.forwardingFloorStreamed ?? floor;
  const rows = [
    { pair: bigJson, floor, how: 'JSON' },
    { pair: bigStream, floor: floorStreamed, how: 'streamed to the end' },
  ] as const;
  for (const row of rows) {
    const floorP50 = added(row.floor, 'p50');
    const value = added(row.pair, 'p50') - floorP50;
    lines.push(
      `| added p50 above the floor, ${bigBytes} Claude Code request, ${row.how} | ${ms(value)} (${ms(added(row.pair, 'p50'))} − ${ms(floorP50)}) | ≤ 0.5 ms | ${status(value <= 0.5)} |`,
    );
  }
  for (const row of rows) {
    const value = added(row.pair, 'p99') - added(row.floor, 'p99');
    lines.push(
      `| added p99 above the floor, ${bigBytes} Claude Code request, ${row.how} | ${ms(value)} (${ms(added(row.pair, 'p99'))} − ${ms(added(row.floor, 'p99'))}) | reported | — |`,
    );
  }
  const firstText = added(smallStream?.firstContent, 'p50') - added(streamingFloor?.firstContent, 'p50');
  lines.push(
    `| added time to first text delta above the floor (p50, small streamed request) | ${ms(firstText)} | ≤ 0.3 ms | ${status(firstText <= 0.3)} |`,
  );
  for (const row of rows) {
    const cpu = row.pair?.proxyCpuMsPerRequest ?? Number.NaN;
    const floorCpu = row.floor?.proxyCpuMsPerRequest ?? Number.NaN;
    lines.push(
      `| proxy CPU per request, ${bigBytes} Claude Code request, ${row.how === 'JSON' ? 'JSON' : 'streamed'} | ${ms(cpu)} (floor ${ms(floorCpu)}: ${(cpu / floorCpu).toFixed(2)}×) | ≤ 2× the floor | ${status(cpu <= 2 * floorCpu)} |`,
    );
  }
  const streamThroughput = results.throughput.find((entry) => entry.name === 'small-stream');
  if (streamThroughput) {
    const ratio = streamThroughput.proxied / streamThroughput.direct;
    lines.push(
      `| throughput at c=50, small streamed request: proxied ÷ direct | ${ratio.toFixed(3)}× (${streamThroughput.proxied.toFixed(0)} vs ${streamThroughput.direct.toFixed(0)} req/s) | ≥ 0.4× | ${status(ratio >= 0.4)} |`,
    );
  }
  const memory = results.memory;
  const above = memory.peakBytes - memory.idleBytes;
  lines.push(
    `| ${memory.streams} concurrent slow streams: peak RSS above idle | ${megabytes(above)} (idle ${megabytes(memory.idleBytes)}, peak ${megabytes(memory.peakBytes)}) | ≤ 80 MB | ${status(above <= 80 * 1024 * 1024)} |`,
  );
  const noStalls = memory.whole === memory.streams;
  lines.push(
    `| ${memory.streams} concurrent slow streams: no stalls (all complete with all frames) | ${memory.whole}/${memory.streams} whole, ${memory.maxOpen} open at once, ${memory.seconds.toFixed(1)} s | all | ${status(noStalls)} |`,
  );
  lines.push(
    `| conversion alone (upstream SSE through \`streamOpenAIToAnthropic\`) | ${results.conversion.transducerMegabytesPerSecond.toFixed(1)} MB/s | ≥ 100 MB/s | ${status(results.conversion.transducerMegabytesPerSecond >= 100)} |`,
  );
  lines.push('');
  if (floor) {
    const firstDelta = streamingFloor ? added(streamingFloor.firstContent, 'p50') : Number.NaN;
    lines.push(
      `For scale, on this machine in the same run: a stand-in that only forwards bytes (no parsing, no conversion; \`bench/forwarding-floor-server.ts\`, node:http and undici like ccp) adds **${ms(floor.proxied.p50 - floor.direct.p50)}** at p50 and **${ms(floor.proxied.p99 - floor.direct.p99)}** at p99 to the ${kilobytes(floor.requestBytes.direct)} turn, using **${ms(floor.proxyCpuMsPerRequest)}** of CPU per request${floorStreamed !== floor && floorStreamed ? ` (streamed: **${ms(floorStreamed.proxied.p50 - floorStreamed.direct.p50)}** at p50, **${ms(floorStreamed.proxied.p99 - floorStreamed.direct.p99)}** at p99, **${ms(floorStreamed.proxyCpuMsPerRequest)}** of CPU)` : ''}${streamingFloor ? `, and **${ms(firstDelta)}** to the first content delta of the small stream` : ''}: the loopback hop and process wake-ups that any proxy in its own process pays here, before doing any work.`,
    );
    lines.push('');
  }

  lines.push('## c=1 latency (ms), proxied vs direct');
  lines.push('');
  lines.push(
    `Upstream answers at once (a stream in one write). Up to ${results.plan.iterations} iterations per side (at most ${results.plan.caseMaxMs / 1000} s per case; n = the count measured) after ${results.plan.warmup} warm-up, proxied and direct interleaved.`,
  );
  lines.push('');
  const header =
    '| request | bytes in (proxied / direct) | measure | direct p50 | proxied p50 | added p50 | direct p99 | proxied p99 | added p99 | n |';
  const rule = '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |';
  const row = (entry: CaseSummary, measure: string, pair: Pair) =>
    `| ${labels[entry.name] ?? entry.name} | ${kilobytes(entry.requestBytes.proxied)} / ${kilobytes(entry.requestBytes.direct)} | ${measure} | ${pair.direct.p50.toFixed(3)} | ${pair.proxied.p50.toFixed(3)} | ${(pair.proxied.p50 - pair.direct.p50).toFixed(3)} | ${pair.direct.p99.toFixed(3)} | ${pair.proxied.p99.toFixed(3)} | ${(pair.proxied.p99 - pair.direct.p99).toFixed(3)} | ${pair.proxied.count} |`;
  lines.push(header, rule);
  for (const entry of results.latency) lines.push(row(entry, 'whole answer', entry));
  lines.push('');
  lines.push(
    `Proxy CPU time per request (user + system, from /proc; less sensitive to other load than wall time): ${results.latency.map((entry) => `${labels[entry.name] ?? entry.name} ${ms(entry.proxyCpuMsPerRequest)}`).join(' · ')}.`,
  );
  lines.push('');

  lines.push('## Streaming (ms), proxied vs direct');
  lines.push('');
  lines.push(
    `Upstream waits ${results.plan.pacedDelayMs} ms between SSE lines, so each part arrives on its own. c=1, up to ${results.plan.pacedIterations} streams per side after ${results.plan.pacedWarmup} warm-up, interleaved. "Gap" = time between successive network reads that carry content deltas.`,
  );
  lines.push('');
  lines.push(header, rule);
  for (const entry of results.streaming) {
    if (entry.start) lines.push(row(entry, '`message_start` (direct: first chunk)', entry.start));
    if (entry.firstContent) lines.push(row(entry, 'first content delta', entry.firstContent));
    if (entry.gaps) lines.push(row(entry, 'gap between frames', entry.gaps));
    lines.push(row(entry, 'whole answer', entry));
  }
  lines.push('');
  lines.push(
    'The captured Claude Code turn asks to run `echo hello` with Bash, so the fake upstream answers it with a tool call: its first content delta is an `input_json_delta`. The small request is answered with text.',
  );
  lines.push('');

  lines.push('## Throughput at c=50');
  lines.push('');
  lines.push(
    '| request | direct req/s | proxied req/s | proxied ÷ direct | proxy CPU per request | proxy cores busy | failures |',
  );
  lines.push('| --- | --- | --- | --- | --- | --- | --- |');
  for (const entry of results.throughput) {
    lines.push(
      `| ${labels[entry.name] ?? entry.name} | ${entry.direct.toFixed(0)} | ${entry.proxied.toFixed(0)} | ${(entry.proxied / entry.direct).toFixed(3)}× | ${ms(entry.proxyCpuMsPerRequest)} | ${entry.proxyCpuShare.toFixed(2)} | ${entry.failed}${entry.firstError ? ` (${entry.firstError.slice(0, 120)})` : ''} |`,
    );
  }
  lines.push('');
  lines.push(
    'The load generator, the proxy and the fake upstream share the same CPUs; the direct run has one process fewer competing. Every other figure here is with `TRACK_USAGE=false`; the metering row runs a second proxy with metering on, as `pnpm start` does by default, on a database file in a temporary directory.',
  );
  lines.push('');

  lines.push('## Memory');
  lines.push('');
  lines.push(`- Proxy RSS right after start: ${megabytes(memory.startBytes)}.`);
  lines.push(
    `- Proxy RSS idle (fresh instance of the stream test, after 21 warm-up streams and 1 s idle): ${megabytes(memory.idleBytes)}.`,
  );
  lines.push(`- Proxy RSS after the latency and throughput runs: ${megabytes(memory.warmBytes)}.`);
  lines.push(
    `- ${memory.streams} concurrent streams (opened over ~1 s; 20 ms between upstream chunks, ${memory.expectedFrames} content deltas each, one alone takes ${memory.referenceMs.toFixed(0)} ms): peak RSS ${megabytes(memory.peakBytes)}, ${megabytes(above)} above idle; ${memory.maxOpen} open at once; ${memory.finished} finished, ${memory.whole} with every frame and \`message_stop\`, ${memory.failures} failed; ${memory.seconds.toFixed(2)} s for all.${memory.firstError ? ` First error: ${memory.firstError}` : ''}`,
  );
  lines.push(
    `- Longest pause between two frames within a stream, over the ${memory.longestPause.count} streams: p50 ${ms(memory.longestPause.p50)}, p99 ${ms(memory.longestPause.p99)}, max ${ms(memory.longestPause.max)} (the upstream pauses 20 ms).`,
  );
  lines.push('');

  lines.push('## Conversion alone');
  lines.push('');
  const conversion = results.conversion;
  lines.push(
    `${kilobytes(conversion.inputBytes)} of upstream SSE (${conversion.chunks} chunks: reasoning, text and a tool call, 4 characters per chunk) → ${conversion.events} Anthropic events, in this process.`,
  );
  lines.push('');
  lines.push(
    `- upstream read in 16 KB pieces, events consumed: **${conversion.transducerMegabytesPerSecond.toFixed(1)} MB/s**`,
  );
  lines.push(
    `- same, each event also encoded to SSE text: ${conversion.withEncodingMegabytesPerSecond.toFixed(1)} MB/s`,
  );
  lines.push(
    `- one read per upstream chunk (token-by-token upstream): ${conversion.perChunkMegabytesPerSecond.toFixed(1)} MB/s`,
  );
  lines.push('');
  lines.push('One stream per kind and size (4 characters per chunk), converted once after a warm-up:');
  lines.push('');
  lines.push('| content | characters | upstream SSE | time | MB/s |');
  lines.push('| --- | --- | --- | --- | --- |');
  for (const entry of conversion.byKind) {
    lines.push(
      `| ${entry.kind} | ${entry.characters} | ${kilobytes(entry.bytes)} | ${ms(entry.milliseconds)} | ${(entry.bytes / 1e6 / (entry.milliseconds / 1000)).toFixed(1)} |`,
    );
  }
  lines.push('');

  lines.push('## Transport floor: what the HTTP stack alone costs (c=50, small request)');
  lines.push('');
  lines.push(
    'Stand-in servers (`bench/framework-floor-server.ts`) that read and parse the JSON body and answer a fixed 16-event Anthropic stream, without conversion or upstream.',
  );
  lines.push('');
  lines.push('| stack | writes | req/s | failures |');
  lines.push('| --- | --- | --- | --- |');
  for (const entry of results.transportFloor) {
    lines.push(
      `| ${entry.stack} | ${entry.writes} | ${entry.requestsPerSecond.toFixed(0)} | ${entry.failed} |`,
    );
  }
  lines.push('');

  lines.push('## Where the request-side time goes (in process, median per call)');
  lines.push('');
  lines.push(`| stage | ${results.stages.map((entry) => kilobytes(entry.bytes)).join(' | ')} |`);
  lines.push(`| --- | ${results.stages.map(() => '---').join(' | ')} |`);
  for (const [index, stage] of (results.stages[0]?.stages ?? []).entries()) {
    lines.push(
      `| ${stage.stage} | ${results.stages.map((entry) => ms(entry.stages[index]?.medianMs ?? Number.NaN)).join(' | ')} |`,
    );
  }
  lines.push('');

  if (results.profile) {
    lines.push('## CPU profile of the proxy (latency and throughput runs)');
    lines.push('');
    lines.push(
      `The proxy's main thread was busy ${results.profile.busyPercent.toFixed(0)}% of the profiled time. Self time, as a share of busy time:`,
    );
    lines.push('');
    lines.push('| self time | function | where |');
    lines.push('| --- | --- | --- |');
    for (const entry of results.profile.top) {
      lines.push(`| ${entry.percent.toFixed(1)}% | \`${entry.functionName}\` | ${entry.location} |`);
    }
    lines.push('');
    lines.push('| self time | file |');
    lines.push('| --- | --- |');
    for (const entry of results.profile.byFile)
      lines.push(`| ${entry.percent.toFixed(1)}% | ${entry.file} |`);
    lines.push('');
  }
  return lines.join('\n');
}
