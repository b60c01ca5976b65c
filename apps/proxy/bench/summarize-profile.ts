import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { CpuProfile } from './classify-profile';

export type ProfileSummary = {
  /** Share of the profiled wall time the proxy's main thread was busy (not idle), in %. */
  busyPercent: number;
  top: Array<{ percent: number; functionName: string; location: string }>;
  byFile: Array<{ percent: number; file: string }>;
};

function shortFile(url: string): string {
  if (url === '') return '(native)';
  const path = url.replace(/^file:\/\//, '');
  const modules = path.lastIndexOf('node_modules/');
  if (modules >= 0)
    return path.slice(modules + 'node_modules/'.length).replace(/^\.pnpm\/[^/]+\/node_modules\//, '');
  const apps = path.indexOf('/apps/');
  return apps >= 0 ? path.slice(apps + 1) : path;
}

/** Self time by function and by file over every `.cpuprofile` in `directory` (then deletes them). */
export function summarizeProfiles(directory: string): ProfileSummary {
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const name of readdirSync(directory).filter((file) => file.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(readFileSync(join(directory, name), 'utf8')) as CpuProfile;
    const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
    profile.samples.forEach((id, index) => {
      const node = nodes.get(id);
      if (!node) return;
      const delta = profile.timeDeltas[index] ?? 0;
      const { functionName, url, lineNumber } = node.callFrame;
      // idle time is the event loop waiting, not work
      if (functionName === '(idle)') {
        idle += delta;
        return;
      }
      total += delta;
      const file = shortFile(url);
      const key = `${functionName || '(anonymous)'}\u0000${file}:${lineNumber + 1}`;
      byFunction.set(key, (byFunction.get(key) ?? 0) + delta);
      byFile.set(file, (byFile.get(file) ?? 0) + delta);
    });
  }
  rmSync(directory, { recursive: true, force: true });
  const percent = (value: number) => (total === 0 ? 0 : (value / total) * 100);
  return {
    busyPercent: total + idle === 0 ? 0 : (total / (total + idle)) * 100,
    top: [...byFunction.entries()]
      .sort((left, right) => right[1] - left[1])
      .slice(0, 25)
      .map(([key, value]) => {
        const [functionName, location] = key.split('\u0000') as [string, string];
        return { percent: percent(value), functionName, location };
      }),
    byFile: [...byFile.entries()]
      .sort((left, right) => right[1] - left[1])
      .slice(0, 15)
      .map(([file, value]) => ({ percent: percent(value), file })),
  };
}
