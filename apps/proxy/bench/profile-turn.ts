/**
 * `pnpm bench:profile` (`--boost` as for `pnpm bench`, `--quick` for fewer requests and no files,
 * `--stacks` to list the stacks no stage claims, `--detail` for the top functions of each stage): where the proxy's CPU goes on the 78 KB Claude Code turn, stage by stage, beside the
 * forwarding floor's, both profiled the same way in the same run.
 *
 * Each subject (the built proxy, the forwarding stand-in) runs in its own process with
 * `--cpu-prof`, pointed at the instant fake upstream, and serves the turn at c=1, JSON and
 * streamed. Only the samples taken while the measured requests ran count (the warm-up and the
 * start are left out by time), and each is charged to one stage by its stack
 * (`classify-profile.ts`). Writes `bench/profile.md` and `bench/profile.json`.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  cpuMilliseconds,
  machineLoad,
  raisePriority,
  runBenchScript,
  type StartedProcess,
  startFakeUpstreamProcess,
  startProxyProcess,
  startScriptProcess,
} from './bench-processes';
import { type CaseName, proxiedRequest, recordDirectRequests } from './bench-requests';
import { type CpuProfile, chargeProfile, STAGES, type StageCharge } from './classify-profile';
import { type BenchRequest, openPool, runClosedLoop, timeWhole } from './load-generator';

const here = dirname(fileURLToPath(import.meta.url));
const boost = process.argv.includes('--boost');
const showStacks = process.argv.includes('--stacks');
const showDetail = process.argv.includes('--detail');
const quick = process.argv.includes('--quick');
const plan = {
  warmup: quick ? 100 : 300,
  iterations: quick ? 400 : 1500,
  /** How long the c=50 case runs. */
  loadMs: quick ? 2000 : 5000,
  samplingMicros: 100,
};

function log(message: string): void {
  process.stderr.write(`bench:profile: ${message}\n`);
}

type Subject = 'ccp' | 'floor';
type Run = {
  subject: Subject;
  name: CaseName;
  /** Requests in flight at once: 1, or 50 for the throughput case. */
  concurrency: number;
  requests: number;
  /** User + system CPU of the whole process per request, from /proc. */
  processCpuMs: number;
  charge: StageCharge;
};

const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n);

async function startSubject(subject: Subject, upstreamUrl: string, profileDirectory: string) {
  const profiling = [
    '--cpu-prof',
    '--cpu-prof-dir',
    profileDirectory,
    '--cpu-prof-interval',
    String(plan.samplingMicros),
  ];
  if (subject === 'ccp') return await startProxyProcess({ upstreamUrl, nodeArguments: profiling });
  return await startScriptProcess(
    'forwarding floor',
    join(here, 'forwarding-floor-server.ts'),
    [new URL(upstreamUrl).origin],
    profiling,
  );
}

async function profileOne(
  subject: Subject,
  name: CaseName,
  request: BenchRequest,
  upstreamUrl: string,
  concurrency = 1,
): Promise<Run> {
  const profileDirectory = mkdtempSync(join(tmpdir(), 'ccp-profile-'));
  const process_: StartedProcess = await startSubject(subject, upstreamUrl, profileDirectory);
  const pool = openPool(process_.url, concurrency);
  const once = () => timeWhole(pool, request);
  let window: { from: number; to: number };
  let processCpuMs: number;
  let requests = plan.iterations;
  try {
    for (let index = 0; index < plan.warmup; index++) await once();
    const cpuAtStart = cpuMilliseconds(process_.pid);
    const from = monotonicMicros();
    if (concurrency === 1) for (let index = 0; index < plan.iterations; index++) await once();
    else {
      const run = await runClosedLoop(pool, request, concurrency, plan.loadMs);
      if (run.failed > 0) throw new Error(`${subject} ${name} at c=${concurrency}: ${run.firstError}`);
      requests = run.completed;
    }
    window = { from, to: monotonicMicros() };
    processCpuMs = (cpuMilliseconds(process_.pid) - cpuAtStart) / requests;
  } finally {
    await pool.close();
    await process_.stop();
  }
  const file = readdirSync(profileDirectory).find((entry) => entry.endsWith('.cpuprofile'));
  if (!file) throw new Error(`${subject} wrote no CPU profile (did it exit cleanly on SIGTERM?)`);
  const profile = JSON.parse(readFileSync(join(profileDirectory, file), 'utf8')) as CpuProfile;
  rmSync(profileDirectory, { recursive: true, force: true });
  const charge = chargeProfile(profile, window, requests);
  if (charge.coveredMs < (window.to - window.from) / 1000 / 2) {
    throw new Error(
      `${subject} ${name}: the profile covers ${charge.coveredMs.toFixed(0)} ms of a ${((window.to - window.from) / 1000).toFixed(0)} ms window; its clock does not match this one`,
    );
  }
  return { subject, name, concurrency, requests, processCpuMs, charge };
}

const ms = (value: number) => value.toFixed(3);

function render(runs: Run[], started: Date, load: { before: number; after: number }): string {
  const column = (subject: Subject, name: CaseName, concurrency = 1) =>
    runs.find((run) => run.subject === subject && run.name === name && run.concurrency === concurrency) as Run;
  const columns = [
    column('ccp', 'big-json'),
    column('ccp', 'big-stream'),
    column('floor', 'big-json'),
    column('floor', 'big-stream'),
    column('ccp', 'small-stream'),
    column('floor', 'small-stream'),
    column('ccp', 'small-stream', 50),
    column('floor', 'small-stream', 50),
  ];
  const ratio = (ccp: number, floor: number) =>
    `${(columns[ccp]!.processCpuMs / columns[floor]!.processCpuMs).toFixed(2)}×`;
  const lines = [
    '# ccp CPU profile: the 78 KB Claude Code turn and a small stream, stage by stage',
    '',
    `${started.toISOString()} · Node ${process.version} · load average before ${load.before.toFixed(2)}, after ${load.after.toFixed(2)} · ${plan.iterations} requests per c=1 column, ${plan.loadMs / 1000} s per c=50 column, after ${plan.warmup} warm-up · sampled every ${plan.samplingMicros} µs`,
    '',
    'ms of main-thread CPU per request, from `--cpu-prof` samples taken while the measured requests ran; each sample is charged to the innermost stage on its stack (`bench/classify-profile.ts`). "Process CPU" is user + system time from /proc for the same requests, all threads (GC helpers, libuv) included.',
    '',
    '| stage | what it covers | ccp JSON | ccp streamed | floor JSON | floor streamed | ccp small streamed | floor small streamed | ccp small streamed, c=50 | floor small streamed, c=50 |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const stage of STAGES) {
    const values = columns.map((run) => run.charge.stages[stage.id] ?? 0);
    if (values.every((value) => value === 0)) continue;
    lines.push(`| ${stage.id} | ${stage.covers} | ${values.map(ms).join(' | ')} |`);
  }
  lines.push(
    `| **main thread, all stages** | | ${columns.map((run) => `**${ms(run.charge.busyMs)}**`).join(' | ')} |`,
    `| process CPU (/proc) | | ${columns.map((run) => ms(run.processCpuMs)).join(' | ')} |`,
    `| process CPU ÷ the floor's, same request | | ${ratio(0, 2)} | ${ratio(1, 3)} | | | ${ratio(4, 5)} | | ${ratio(6, 7)} | |`,
    '',
  );
  return lines.join('\n');
}

async function main(): Promise<void> {
  if (boost) {
    const problem = raisePriority(-15);
    if (problem) log(`--boost: could not raise the priority (${problem}); running at normal priority`);
  }
  const started = new Date();
  const before = machineLoad().load1;
  log('recording what the proxy sends upstream');
  const direct = await recordDirectRequests();
  const fast = await startFakeUpstreamProcess({ delayMs: 0 });
  const runs: Run[] = [];
  try {
    for (const name of ['big-json', 'big-stream', 'small-stream'] as const) {
      for (const subject of ['ccp', 'floor'] as const) {
        log(`${subject}, ${name}: ${plan.warmup} warm-up + ${plan.iterations} profiled`);
        const request = subject === 'ccp' ? proxiedRequest(name) : direct[name];
        runs.push(await profileOne(subject, name, request, fast.url));
      }
    }
    for (const subject of ['ccp', 'floor'] as const) {
      log(`${subject}, small-stream at c=50: ${plan.loadMs / 1000} s profiled`);
      const request = subject === 'ccp' ? proxiedRequest('small-stream') : direct['small-stream'];
      runs.push(await profileOne(subject, 'small-stream', request, fast.url, 50));
    }
  } finally {
    await fast.stop();
  }
  const report = render(runs, started, { before, after: machineLoad().load1 });
  process.stdout.write(`${report}\n`);
  if (showStacks) {
    for (const run of runs) {
      process.stdout.write(
        `\n## ${run.subject} ${run.name} c=${run.concurrency}: stacks no stage claims (ms per request)\n\n`,
      );
      for (const [stack, value] of run.charge.unclaimed.slice(0, 25))
        process.stdout.write(`${ms(value)}  ${stack}\n`);
    }
  }
  if (showDetail) {
    for (const run of runs) {
      process.stdout.write(
        `\n## ${run.subject} ${run.name} c=${run.concurrency}: what each stage spends (ms per request)\n`,
      );
      for (const [stage, entries] of Object.entries(run.charge.detail)) {
        process.stdout.write(`\n### ${stage}\n`);
        for (const [key, value] of entries.slice(0, 12)) process.stdout.write(`${ms(value)}  ${key}\n`);
      }
    }
  }
  if (!quick) {
    writeFileSync(join(here, 'profile.md'), report);
    writeFileSync(
      join(here, 'profile.json'),
      `${JSON.stringify(
        runs.map(({ charge, ...run }) => ({ ...run, busyMs: charge.busyMs, stages: charge.stages })),
        null,
        2,
      )}\n`,
    );
  }
}

runBenchScript(main, { limitMs: 600_000, log });
