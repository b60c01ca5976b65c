/**
 * `pnpm bench` (`--quick` for a short run, `--profile` to add a CPU profile of the proxy, `--boost`
 * to run at high priority on a shared machine: needs root).
 *
 * One run on this machine, proxied vs direct side by side: the in-repo fake OpenAI upstream and
 * the built proxy (`dist/cli.js`) each run in their own process on loopback; this process is
 * the load generator (undici, keep-alive). Prints a markdown table and writes bench/results.md.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  cpuMilliseconds,
  machineLoad,
  meteringEnvironment,
  raisePriority,
  residentBytes,
  runBenchScript,
  type StartedProcess,
  schedulingPriority,
  startFakeUpstreamProcess,
  startProxyProcess,
  startScriptProcess,
} from './bench-processes';
import {
  anthropicBodies,
  type CaseName,
  caseNames,
  claudeHeaders,
  proxiedRequest,
  recordDirectRequests,
  smallRequest,
} from './bench-requests';
import {
  type BenchRequest,
  openPool,
  runClosedLoop,
  type StreamTiming,
  timeJson,
  timeStream,
} from './load-generator';
import { measureConversion } from './measure-conversion';
import { measureRequestStages } from './measure-stages';
import { type BenchResults, renderResults } from './render-results';
import { summarize } from './statistics';
import { summarizeProfiles } from './summarize-profile';

const here = dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes('--quick');
const profile = process.argv.includes('--profile');
/** `--boost`: run the bench and its children at high priority (root), for shared machines. */
const boost = process.argv.includes('--boost');
const benchStarted = Date.now();
const plan = {
  warmup: quick ? 50 : 200,
  iterations: quick ? 300 : 2000,
  /** Streams for message_start / first delta / frame gaps, on an upstream that waits between chunks. */
  pacedDelayMs: 2,
  pacedWarmup: quick ? 10 : 30,
  pacedIterations: quick ? 60 : 150,
  /** Longest time for the measured iterations of one c=1 case. */
  caseMaxMs: quick ? 8000 : 20_000,
  throughputMs: quick ? 3000 : 10_000,
  /** The JSON throughput run is secondary (no target): shorter. */
  jsonThroughputMs: quick ? 2000 : 4000,
  streams: 1000,
  conversionMs: quick ? 1000 : 3000,
  floorMs: quick ? 1500 : 3000,
};

function log(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

// --- measurements ---------------------------------------------------------------------------

type LatencyCase = {
  name: CaseName;
  requestBytes: { proxied: number; direct: number };
  proxied: number[];
  direct: number[];
  proxiedStart: number[];
  directStart: number[];
  proxiedFirstContent: number[];
  directFirstContent: number[];
  proxiedGaps: number[];
  directGaps: number[];
  /** CPU ms the proxy process used per proxied request (user + system, measured iterations only). */
  proxyCpuMsPerRequest: number;
};

const gapsOf = (reads: number[]) => reads.slice(1).map((time, index) => time - (reads[index] as number));

/** c=1, proxied and direct interleaved: whole-answer time, and for streams the start, first content and gaps. */
async function measureLatency(
  proxyUrl: string,
  upstreamOrigin: string,
  name: CaseName,
  direct: BenchRequest,
  counts: { warmup: number; iterations: number; maxMs: number },
  proxyPid: number,
  /** What the proxied side sends instead of the Anthropic request (the forwarding floor sends `direct`). */
  proxiedOverride?: BenchRequest,
): Promise<LatencyCase> {
  const proxiedPool = openPool(proxyUrl, 1);
  const directPool = openPool(upstreamOrigin, 1);
  const proxied = proxiedOverride ?? proxiedRequest(name);
  const result: LatencyCase = {
    name,
    requestBytes: { proxied: Buffer.byteLength(proxied.body), direct: Buffer.byteLength(direct.body) },
    proxied: [],
    direct: [],
    proxiedStart: [],
    directStart: [],
    proxiedFirstContent: [],
    directFirstContent: [],
    proxiedGaps: [],
    directGaps: [],
    proxyCpuMsPerRequest: Number.NaN,
  };
  const streamed = proxied.wire !== 'json';
  const once = async (
    pool: typeof proxiedPool,
    request: BenchRequest,
    side: 'proxied' | 'direct',
    keep: boolean,
  ) => {
    if (!streamed) {
      const elapsed = await timeJson(pool, request);
      if (keep) result[side].push(elapsed);
      return;
    }
    const timing: StreamTiming = await timeStream(pool, request);
    if (!timing.completed) throw new Error(`${side} ${name}: the stream ended without its end marker`);
    if (!keep) return;
    result[side].push(timing.total);
    const isProxied = side === 'proxied';
    (isProxied ? result.proxiedStart : result.directStart).push(timing.start);
    (isProxied ? result.proxiedFirstContent : result.directFirstContent).push(timing.firstContent);
    (isProxied ? result.proxiedGaps : result.directGaps).push(...gapsOf(timing.contentReads));
  };
  try {
    let cpuAtStart = cpuMilliseconds(proxyPid);
    // Bounded in time too, so a busy machine cannot stretch the bench past its budget.
    const deadline = performance.now() + counts.maxMs;
    let kept = 0;
    for (let index = 0; index < counts.warmup + counts.iterations; index++) {
      const keep = index >= counts.warmup;
      if (index === counts.warmup) cpuAtStart = cpuMilliseconds(proxyPid);
      if (keep && performance.now() > deadline) break;
      if (keep) kept++;
      // Alternate the order so neither side always runs right after the other.
      if (index % 2 === 0) {
        await once(directPool, direct, 'direct', keep);
        await once(proxiedPool, proxied, 'proxied', keep);
      } else {
        await once(proxiedPool, proxied, 'proxied', keep);
        await once(directPool, direct, 'direct', keep);
      }
    }
    result.proxyCpuMsPerRequest = (cpuMilliseconds(proxyPid) - cpuAtStart) / Math.max(1, kept);
  } finally {
    await proxiedPool.close();
    await directPool.close();
  }
  return result;
}

/**
 * The same request, direct and through `forwarding-floor-server.ts` (bytes forwarded unread): what
 * a proxy in its own process costs here before doing any work.
 */
async function measureForwardingFloor(
  upstreamOrigin: string,
  name: CaseName,
  request: BenchRequest,
  counts: { warmup: number; iterations: number; maxMs: number },
): Promise<LatencyCase> {
  const forwarder = await startScriptProcess('forwarding floor', join(here, 'forwarding-floor-server.ts'), [
    upstreamOrigin,
  ]);
  try {
    return await measureLatency(forwarder.url, upstreamOrigin, name, request, counts, forwarder.pid, request);
  } finally {
    await forwarder.stop();
  }
}

/** A throughput row under a name of its own (not one of the request cases). */
type ThroughputEntry = Omit<Awaited<ReturnType<typeof measureThroughput>>, 'name'> & { name: string };

async function measureThroughput(
  proxyUrl: string,
  proxyPid: number,
  upstreamOrigin: string,
  direct: BenchRequest,
  name: CaseName,
  durationMs: number,
) {
  const concurrency = 50;
  const directPool = openPool(upstreamOrigin, concurrency);
  const proxiedPool = openPool(proxyUrl, concurrency);
  try {
    // short warm-up of both paths
    await runClosedLoop(directPool, direct, concurrency, 500);
    await runClosedLoop(proxiedPool, proxiedRequest(name), concurrency, 500);
    const directRun = await runClosedLoop(directPool, direct, concurrency, durationMs);
    const cpuAtStart = cpuMilliseconds(proxyPid);
    const proxiedRun = await runClosedLoop(proxiedPool, proxiedRequest(name), concurrency, durationMs);
    const proxyCpuMs = cpuMilliseconds(proxyPid) - cpuAtStart;
    return {
      name,
      concurrency,
      direct: directRun.completed / directRun.seconds,
      proxied: proxiedRun.completed / proxiedRun.seconds,
      failed: directRun.failed + proxiedRun.failed,
      proxyCpuMsPerRequest: proxyCpuMs / Math.max(1, proxiedRun.completed),
      proxyCpuShare: proxyCpuMs / 1000 / proxiedRun.seconds,
      firstError: proxiedRun.firstError ?? directRun.firstError,
    };
  } finally {
    await directPool.close();
    await proxiedPool.close();
  }
}

/** c=50 against transport-only stand-ins (node:http vs Hono, one write per event vs one write): what the HTTP stack costs. */
async function measureTransportFloor() {
  const results: Array<{ stack: string; writes: string; requestsPerSecond: number; failed: number }> = [];
  const body = JSON.stringify({ ...smallRequest, stream: true });
  for (const stack of ['node-http', 'hono']) {
    for (const writes of ['per-event', 'batched']) {
      const server = await startScriptProcess('transport floor', join(here, 'framework-floor-server.ts'), [
        stack,
        writes,
      ]);
      const pool = openPool(server.url, 50);
      const request: BenchRequest = { path: '/v1/messages', headers: claudeHeaders, body, wire: 'anthropic' };
      try {
        await runClosedLoop(pool, request, 50, 300);
        const run = await runClosedLoop(pool, request, 50, plan.floorMs);
        results.push({ stack, writes, requestsPerSecond: run.completed / run.seconds, failed: run.failed });
      } finally {
        await pool.close();
        await server.stop();
      }
    }
  }
  return results;
}

/** 1,000 concurrent slow streams through a fresh proxy: peak RSS above idle, and whether every stream finished whole. */
async function measureManyStreams(slowUpstreamUrl: string) {
  const proxy = await startProxyProcess({ upstreamUrl: slowUpstreamUrl });
  const streams = plan.streams;
  const pool = openPool(proxy.url, streams);
  try {
    const reference = await timeStream(pool, proxiedRequest('small-stream'), true);
    const expectedFrames = reference.contentFrames;
    await Promise.all(Array.from({ length: 20 }, () => timeStream(pool, proxiedRequest('small-stream'))));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const idle = residentBytes(proxy.pid);
    let peak = idle;
    const sampler = setInterval(() => {
      peak = Math.max(peak, residentBytes(proxy.pid));
    }, 20);
    let open = 0;
    let maxOpen = 0;
    const started = performance.now();
    const results: Array<{ completed: boolean; frames: number; longestPause?: number; error?: string }> = [];
    const one = async () => {
      open++;
      maxOpen = Math.max(maxOpen, open);
      try {
        const timing = await timeStream(pool, proxiedRequest('small-stream'));
        const pauses = gapsOf(timing.contentReads);
        results.push({
          completed: timing.completed,
          frames: timing.contentFrames,
          longestPause: pauses.length > 0 ? Math.max(...pauses) : 0,
        });
      } catch (error) {
        results.push({
          completed: false,
          frames: 0,
          error: error instanceof Error ? error.message : String(error),
        });
      } finally {
        open--;
      }
    };
    const all: Promise<void>[] = [];
    // Open the streams over about a second (50 every 50 ms), as many sessions would, rather than in
    // one burst that overflows the listen backlog (511); each stream lasts longer than the ramp.
    for (let index = 0; index < streams; index++) {
      all.push(one());
      if (index % 50 === 49) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await Promise.race([Promise.all(all), new Promise((resolve) => setTimeout(resolve, 60_000))]);
    clearInterval(sampler);
    const seconds = (performance.now() - started) / 1000;
    peak = Math.max(peak, residentBytes(proxy.pid));
    const whole = results.filter((result) => result.completed && result.frames === expectedFrames).length;
    return {
      streams,
      idleBytes: idle,
      peakBytes: peak,
      maxOpen,
      finished: results.length,
      whole,
      expectedFrames,
      seconds,
      referenceMs: reference.total,
      longestPause: summarize(
        results.flatMap((result) => (result.longestPause === undefined ? [] : [result.longestPause])),
      ),
      failures: results.filter((result) => result.error !== undefined).length,
      firstError: results.find((result) => result.error)?.error,
    };
  } finally {
    await pool.close();
    await proxy.stop();
  }
}

// --- main -----------------------------------------------------------------------------------

const summarizeCase = (entry: LatencyCase, streaming: boolean) => ({
  name: entry.name,
  requestBytes: entry.requestBytes,
  proxied: summarize(entry.proxied),
  direct: summarize(entry.direct),
  proxyCpuMsPerRequest: entry.proxyCpuMsPerRequest,
  ...(streaming && entry.proxiedStart.length > 0
    ? {
        start: { proxied: summarize(entry.proxiedStart), direct: summarize(entry.directStart) },
        firstContent: {
          proxied: summarize(entry.proxiedFirstContent),
          direct: summarize(entry.directFirstContent),
        },
        gaps: { proxied: summarize(entry.proxiedGaps), direct: summarize(entry.directGaps) },
      }
    : {}),
});

async function main(): Promise<void> {
  if (boost) {
    const problem = raisePriority(-15);
    if (problem) log(`--boost: could not raise the priority (${problem}); running at normal priority`);
  }
  const before = machineLoad();
  log(
    `machine: ${before.cpus} CPUs, load average (1 min) ${before.load1.toFixed(2)}${before.load1 > 1 ? ' — other work is running, figures will be noisy' : ''}`,
  );
  log('recording what the proxy sends upstream');
  const direct = await recordDirectRequests();

  const fast = await startFakeUpstreamProcess({ delayMs: 0 });
  const paced = await startFakeUpstreamProcess({ delayMs: plan.pacedDelayMs });
  const slow = await startFakeUpstreamProcess({ delayMs: 20, fragmentSize: 1 });
  const fastOrigin = new URL(fast.url).origin;
  const pacedOrigin = new URL(paced.url).origin;
  const profileDirectory = join(here, 'profiles');
  let proxy: StartedProcess = await startProxyProcess({
    upstreamUrl: fast.url,
    nodeArguments: profile ? ['--cpu-prof', '--cpu-prof-dir', profileDirectory] : [],
  });
  const startBytes = residentBytes(proxy.pid);

  const latency: LatencyCase[] = [];
  for (const name of caseNames) {
    log(`c=1 latency, ${name}: ${plan.warmup} warm-up + ${plan.iterations} each side`);
    latency.push(
      await measureLatency(
        proxy.url,
        fastOrigin,
        name,
        direct[name],
        { warmup: plan.warmup, iterations: plan.iterations, maxMs: plan.caseMaxMs },
        proxy.pid,
      ),
    );
  }
  log('forwarding floor: the 78 KB turn through a stand-in that forwards bytes unread, JSON and streamed');
  const floorCounts = { warmup: plan.warmup, iterations: plan.iterations, maxMs: plan.caseMaxMs };
  const forwardingFloor = await measureForwardingFloor(fastOrigin, 'big-json', direct['big-json'], floorCounts);
  const forwardingFloorStreamed = await measureForwardingFloor(
    fastOrigin,
    'big-stream',
    direct['big-stream'],
    floorCounts,
  );
  log(
    `throughput at c=50: small-stream ${plan.throughputMs / 1000} s and small-json ${plan.jsonThroughputMs / 1000} s each side`,
  );
  const throughput: ThroughputEntry[] = [
    await measureThroughput(
      proxy.url,
      proxy.pid,
      fastOrigin,
      direct['small-stream'],
      'small-stream',
      plan.throughputMs,
    ),
    await measureThroughput(
      proxy.url,
      proxy.pid,
      fastOrigin,
      direct['small-json'],
      'small-json',
      plan.jsonThroughputMs,
    ),
  ];
  const warmBytes = residentBytes(proxy.pid);
  await proxy.stop();

  // Metering is on by default: the same small stream at c=50 with it on, for scale.
  log(`throughput at c=50 with metering on (the default): small-stream ${plan.throughputMs / 1000} s each side`);
  const meteringDirectory = mkdtempSync(join(tmpdir(), 'ccp-bench-metering-'));
  const metered = await startProxyProcess({
    upstreamUrl: fast.url,
    environment: meteringEnvironment(meteringDirectory, 'ccp'),
  });
  try {
    throughput.push({
      ...(await measureThroughput(
        metered.url,
        metered.pid,
        fastOrigin,
        direct['small-stream'],
        'small-stream',
        plan.throughputMs,
      )),
      name: 'small-stream-metered',
    });
  } finally {
    await metered.stop();
    rmSync(meteringDirectory, { recursive: true, force: true });
  }
  const profileSummary = profile ? summarizeProfiles(profileDirectory) : undefined;

  log(
    `streaming timings (${plan.pacedDelayMs} ms between upstream chunks): ${plan.pacedIterations} streams each side`,
  );
  proxy = await startProxyProcess({ upstreamUrl: paced.url });
  const streaming: LatencyCase[] = [];
  for (const name of ['small-stream', 'big-stream'] as const) {
    streaming.push(
      await measureLatency(
        proxy.url,
        pacedOrigin,
        name,
        direct[name],
        {
          warmup: plan.pacedWarmup,
          iterations: plan.pacedIterations,
          maxMs: plan.caseMaxMs,
        },
        proxy.pid,
      ),
    );
  }
  await proxy.stop();
  log('forwarding floor, streamed: the small stream through the byte-forwarding stand-in');
  const streamingFloor = await measureForwardingFloor(pacedOrigin, 'small-stream', direct['small-stream'], {
    warmup: plan.pacedWarmup,
    iterations: plan.pacedIterations,
    maxMs: plan.caseMaxMs,
  });
  await paced.stop();
  await fast.stop();

  log(`${plan.streams} concurrent slow streams`);
  const manyStreams = await measureManyStreams(slow.url);
  await slow.stop();

  log('transport floor: node:http vs Hono, per-event vs batched writes, c=50');
  const transportFloor = await measureTransportFloor();

  log('conversion alone (in process)');
  const conversion = await measureConversion(plan.conversionMs);
  const stages = [
    measureRequestStages(anthropicBodies['big-stream'], quick ? 100 : 300),
    measureRequestStages(anthropicBodies['small-stream'], quick ? 100 : 300),
  ];
  const after = machineLoad();

  const results: BenchResults = {
    date: new Date().toISOString(),
    quick,
    node: process.version,
    cpus: before.cpus,
    priority: schedulingPriority(),
    loadBefore: before.load1,
    loadAfter: after.load1,
    seconds: (Date.now() - benchStarted) / 1000,
    plan,
    latency: latency.map((entry) => summarizeCase(entry, false)),
    forwardingFloor: summarizeCase(forwardingFloor, false),
    forwardingFloorStreamed: summarizeCase(forwardingFloorStreamed, false),
    streamingFloor: summarizeCase(streamingFloor, true),
    streaming: streaming.map((entry) => summarizeCase(entry, true)),
    throughput,
    memory: { startBytes, warmBytes, ...manyStreams },
    conversion,
    stages,
    transportFloor,
    ...(profileSummary ? { profile: profileSummary } : {}),
  };
  const markdown = renderResults(results);
  process.stdout.write(`${markdown}\n`);
  writeFileSync(join(here, quick ? 'results-quick.md' : 'results.md'), `${markdown}\n`);
  if (!quick) writeFileSync(join(here, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
}

runBenchScript(main, { limitMs: 300_000, log });
