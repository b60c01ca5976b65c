/**
 * `pnpm bench:compare <other dist/cli.js>` (`--boost` as for `pnpm bench`): this build of the
 * proxy against another one, in the same run, on the same fake upstream. Single runs of
 * `pnpm bench` on a shared machine drift by 10–20 % from one run to the next, more than most
 * changes move them; running both builds in alternating rounds cancels the drift.
 *
 * For each case both proxies serve rounds in turn (`rounds` × `perRound` requests, c=1, or a
 * few seconds at c=50), and the report gives the median over the rounds of each one's CPU time
 * per request (from /proc) and of its median latency. Another build is made with, for example:
 *
 *   git worktree add /tmp/base <rev> && cd /tmp/base && pnpm install && pnpm --filter @ccp/proxy exec tsup
 *   pnpm bench:compare /tmp/base/apps/proxy/dist/cli.js
 *
 * `--node-options=…` runs the other side with those Node options instead of `pnpm start`'s, so a
 * Node or V8 flag can be weighed on this very build: `pnpm bench:compare apps/proxy/dist/cli.js
 * --node-options=` runs it without any.
 *
 * `--metering` runs both sides with metering on (`TRACK_USAGE=true`, each on its own database
 * file and journal in a temporary directory), as `pnpm start` does by default; without it both
 * run with `TRACK_USAGE=false`, like `pnpm bench`.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  cpuMilliseconds,
  machineLoad,
  meteringEnvironment,
  raisePriority,
  runBenchScript,
  type StartedProcess,
  startFakeUpstreamProcess,
  startProxyProcess,
} from './bench-processes';
import { type CaseName, proxiedRequest } from './bench-requests';
import { openPool, runClosedLoop, timeWhole } from './load-generator';
import { percentile } from './statistics';

const median = (values: readonly number[]) => percentile(values, 50);

const here = dirname(fileURLToPath(import.meta.url));
const boost = process.argv.includes('--boost');
const otherPath = process.argv.slice(2).find((argument) => !argument.startsWith('--'));
/**
 * `--node-options=...`: the Node options of the other side, in place of those of `pnpm start`
 * (empty for none), e.g. to weigh a V8 flag on the same build.
 */
const otherNodeOptions = process.argv.find((argument) => argument.startsWith('--node-options='))?.slice(15);
const metering = process.argv.includes('--metering');
const plan = { warmup: 300, rounds: 7, perRound: 300, loadRoundMs: 2000 };

function log(message: string): void {
  process.stderr.write(`bench:compare: ${message}\n`);
}

type Side = { name: string; proxy: StartedProcess };

type Figures = { cpuMs: number[]; latencyMs: number[] };

async function roundAtOne(side: Side, name: CaseName, count: number): Promise<{ cpu: number; latency: number }> {
  const pool = openPool(side.proxy.url, 1);
  const request = proxiedRequest(name);
  const times: number[] = [];
  try {
    const cpuAtStart = cpuMilliseconds(side.proxy.pid);
    for (let index = 0; index < count; index++) times.push(await timeWhole(pool, request));
    return { cpu: (cpuMilliseconds(side.proxy.pid) - cpuAtStart) / count, latency: median(times) };
  } finally {
    await pool.close();
  }
}

async function roundAtFifty(side: Side, durationMs: number): Promise<{ cpu: number; latency: number }> {
  const pool = openPool(side.proxy.url, 50);
  try {
    const cpuAtStart = cpuMilliseconds(side.proxy.pid);
    const run = await runClosedLoop(pool, proxiedRequest('small-stream'), 50, durationMs);
    if (run.failed > 0) throw new Error(`${side.name} at c=50: ${run.firstError}`);
    // For throughput the "latency" column is requests per second.
    return { cpu: (cpuMilliseconds(side.proxy.pid) - cpuAtStart) / run.completed, latency: run.completed / run.seconds };
  } finally {
    await pool.close();
  }
}

async function main(): Promise<void> {
  if (!otherPath) return;
  if (boost) {
    const problem = raisePriority(-15);
    if (problem) log(`--boost: could not raise the priority (${problem}); running at normal priority`);
  }
  const started = new Date();
  const before = machineLoad().load1;
  const upstream = await startFakeUpstreamProcess({ delayMs: 0 });
  const meteringDirectory = metering ? mkdtempSync(join(tmpdir(), 'ccp-bench-compare-')) : undefined;
  const sides: Side[] = [
    {
      name: 'other',
      proxy: await startProxyProcess({
        upstreamUrl: upstream.url,
        ...(meteringDirectory ? { environment: meteringEnvironment(meteringDirectory, 'other') } : {}),
        script: resolve(otherPath),
        ...(otherNodeOptions !== undefined
          ? { nodeOptions: otherNodeOptions.split(' ').filter((option) => option !== '') }
          : {}),
      }),
    },
    {
      name: 'this',
      proxy: await startProxyProcess({
        upstreamUrl: upstream.url,
        ...(meteringDirectory ? { environment: meteringEnvironment(meteringDirectory, 'this') } : {}),
      }),
    },
  ];
  const cases: Array<{ label: string; name: CaseName; concurrency: 1 | 50 }> = [
    { label: '78 KB Claude Code turn, JSON, c=1', name: 'big-json', concurrency: 1 },
    { label: '78 KB Claude Code turn, streamed, c=1', name: 'big-stream', concurrency: 1 },
    { label: 'small request, streamed, c=1', name: 'small-stream', concurrency: 1 },
    { label: 'small request, streamed, c=50', name: 'small-stream', concurrency: 50 },
  ];
  const rows: string[] = [];
  try {
    for (const each of cases) {
      log(`${each.label}: ${plan.rounds} rounds per side`);
      const figures = new Map<string, Figures>(sides.map((side) => [side.name, { cpuMs: [], latencyMs: [] }]));
      for (const side of sides) {
        if (each.concurrency === 1) await roundAtOne(side, each.name, plan.warmup);
        else await roundAtFifty(side, 500);
      }
      for (let round = 0; round < plan.rounds; round++) {
        // Alternate which side goes first, so neither always follows the other.
        const order = round % 2 === 0 ? sides : [...sides].reverse();
        for (const side of order) {
          const result =
            each.concurrency === 1
              ? await roundAtOne(side, each.name, plan.perRound)
              : await roundAtFifty(side, plan.loadRoundMs);
          const entry = figures.get(side.name) as Figures;
          entry.cpuMs.push(result.cpu);
          entry.latencyMs.push(result.latency);
        }
      }
      const other = figures.get('other') as Figures;
      const current = figures.get('this') as Figures;
      const cpuOther = median(other.cpuMs);
      const cpuThis = median(current.cpuMs);
      const second = each.concurrency === 1 ? 'median latency' : 'requests per second';
      const unit = each.concurrency === 1 ? ' ms' : '';
      rows.push(
        `| ${each.label} | CPU per request | ${cpuOther.toFixed(3)} ms | ${cpuThis.toFixed(3)} ms | ${(((cpuThis - cpuOther) / cpuOther) * 100).toFixed(1)} % |`,
        `| ${each.label} | ${second} | ${median(other.latencyMs).toFixed(each.concurrency === 1 ? 3 : 0)}${unit} | ${median(current.latencyMs).toFixed(each.concurrency === 1 ? 3 : 0)}${unit} | ${(((median(current.latencyMs) - median(other.latencyMs)) / median(other.latencyMs)) * 100).toFixed(1)} % |`,
      );
    }
  } finally {
    for (const side of sides) await side.proxy.stop();
    await upstream.stop();
    if (meteringDirectory) rmSync(meteringDirectory, { recursive: true, force: true });
  }
  const report = [
    '# This build against another, same run',
    '',
    `${started.toISOString()} · Node ${process.version} · load average before ${before.toFixed(2)}, after ${machineLoad().load1.toFixed(2)} · other: \`${otherPath}\`${otherNodeOptions !== undefined ? ` with Node options \`${otherNodeOptions || '(none)'}\`` : ''} · metering ${metering ? 'on' : 'off'} on both · medians over ${plan.rounds} alternating rounds (${plan.perRound} requests at c=1, ${plan.loadRoundMs / 1000} s at c=50) after warm-up`,
    '',
    '| case | measure | other build | this build | change |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
  process.stdout.write(`${report}\n`);
  writeFileSync(join(here, 'compare.md'), report);
}

if (!otherPath || !existsSync(otherPath)) {
  process.stderr.write(
    `usage: pnpm bench:compare <another build's dist/cli.js> [--node-options=<its Node options>] [--metering] [--boost]\n${otherPath ? `no such file: ${otherPath}\n` : ''}`,
  );
  process.exit(2);
}
runBenchScript(main, { limitMs: 600_000, log });
