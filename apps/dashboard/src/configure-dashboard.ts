import { chmod, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import {
  type DashboardModuleId,
  type ModuleSpec,
  type RenderMode,
  createModuleInstance,
  dashboardModules,
} from '@ccp/dashboard-modules';
import { computeLayoutRegions, edgeSlotOrder } from '@ccp/terminal-dashboard';
import { type DashboardLayout, dashboardLayouts } from '@ccp/config';
import { sampleEvents } from './sample-events';

export interface ConfigureOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Where the start script is written. */
  scriptPath: string;
  /** The command the start script and alias run. */
  command: string;
  now?: number;
}

export interface ConfigureResult {
  modules: ModuleSpec[];
  layout: DashboardLayout;
  exportLine: string;
  aliasLine: string;
  scriptPath: string;
}

const edgeModuleIds = [
  'performance',
  'activity',
  'routing',
  'analytics',
] as const satisfies readonly DashboardModuleId[];

/**
 * `ccp-dashboard configure`: asks for up to four edge modules and their modes with a live preview
 * of each, then the layout, and prints the export line and a `.zshrc` alias and writes an
 * executable start script.
 */
export async function configureDashboard(options: ConfigureOptions): Promise<ConfigureResult> {
  const reader = createInterface({ input: options.input, terminal: false });
  const lines = reader[Symbol.asyncIterator]();
  const say = (text = '') => options.output.write(`${text}\n`);
  const ask = async (question: string): Promise<string | null> => {
    options.output.write(question);
    const next = await lines.next();
    return next.done ? null : String(next.value).trim();
  };
  const events = sampleEvents(options.now ?? Date.now());

  const preview = (id: DashboardModuleId, mode: RenderMode) => {
    const instance = createModuleInstance(id, mode);
    for (const event of events) instance.apply(event);
    const rendered = instance.render({
      width: 72,
      height: mode === 'dense' ? 10 : 5,
      color: false,
      now: options.now,
    });
    say(`  ┌─ preview: ${id} (${mode}) ${'─'.repeat(Math.max(0, 50 - id.length - mode.length))}`);
    for (const line of rendered) say(`  │ ${line}`);
    say(`  └${'─'.repeat(60)}`);
  };

  say(
    'ccp dashboard setup: pick up to 4 modules for the edges; the request waterfall is always in the centre.',
  );
  const modules: ModuleSpec[] = [];
  let layout: DashboardLayout = 'default';
  try {
    while (modules.length < 4) {
      const remaining = edgeModuleIds.filter((id) => !modules.some((spec) => spec.id === id));
      say();
      say(`Module for the ${edgeSlotOrder[modules.length]} edge:`);
      remaining.forEach((id, index) => {
        say(`  ${index + 1}) ${id} — ${dashboardModules[id].title}`);
      });
      say('  0) done');
      const fallback = modules.length === 0 ? '1' : '0';
      const answer = await ask(`Choose [${fallback}]: `);
      if (answer === null) break;
      const choice = answer === '' ? fallback : answer;
      if (choice === '0') break;
      const picked = remaining[Number(choice) - 1] ?? remaining.find((id) => id === choice.toLowerCase());
      if (!picked) {
        say(`"${choice}" is not in the list; type its number.`);
        continue;
      }
      preview(picked, 'dense');
      preview(picked, 'sparse');
      const modeAnswer = (await ask('Mode, dense or sparse [dense]: '))?.toLowerCase() ?? '';
      const mode: RenderMode = modeAnswer.startsWith('s') ? 'sparse' : 'dense';
      modules.push({ id: picked, mode });
    }
    if (modules.length === 0) modules.push({ id: 'performance', mode: 'dense' });

    say();
    say('Layout:');
    dashboardLayouts.forEach((name, index) => {
      say(`  ${index + 1}) ${name}`);
    });
    const layoutAnswer = (await ask('Choose [1]: ')) ?? '';
    layout =
      dashboardLayouts[Number(layoutAnswer || '1') - 1] ??
      dashboardLayouts.find((name) => name === layoutAnswer.toLowerCase()) ??
      'default';
    say();
    for (const line of sketchLayout(modules, layout)) say(`  ${line}`);
  } finally {
    reader.close();
  }

  const moduleList = modules.map((spec) => `${spec.id}:${spec.mode}`).join(',');
  const exportLine = `export DASHBOARD_MODULES="${moduleList}" DASHBOARD_LAYOUT=${layout}`;
  const aliasLine = `alias ccpd='DASHBOARD_MODULES="${moduleList}" DASHBOARD_LAYOUT=${layout} ${options.command}'`;
  const script = `#!/bin/sh\n# Written by ccp-dashboard configure.\n${exportLine}\nexec ${options.command} "$@"\n`;
  await writeFile(options.scriptPath, script, 'utf8');
  await chmod(options.scriptPath, 0o755);
  say();
  say('Add this to your shell, or run the script:');
  say(`  ${exportLine}`);
  say(`  ${aliasLine}    # for ~/.zshrc`);
  say(`  Start script written to ${options.scriptPath}`);
  return { modules, layout, exportLine, aliasLine, scriptPath: options.scriptPath };
}

/** A small picture of where the modules go, drawn with the real layout computation. */
export function sketchLayout(modules: ModuleSpec[], layout: DashboardLayout): string[] {
  const width = 60;
  const height = 16;
  const grid = Array.from({ length: height }, () => Array.from({ length: width }, () => ' '));
  const regions = computeLayoutRegions(modules.length, layout, width, height);
  const draw = (region: { top: number; left: number; width: number; height: number }, label: string) => {
    for (let row = region.top; row < region.top + region.height; row += 1) {
      for (let column = region.left; column < region.left + region.width; column += 1) {
        const edgeRow = row === region.top || row === region.top + region.height - 1;
        const edgeColumn = column === region.left || column === region.left + region.width - 1;
        const cells = grid[row];
        if (cells && (edgeRow || edgeColumn)) cells[column] = edgeRow ? (edgeColumn ? '+' : '-') : '|';
      }
    }
    const cells = grid[region.top + 1];
    [...label.slice(0, region.width - 4)].forEach((character, index) => {
      if (cells) cells[region.left + 2 + index] = character;
    });
  };
  modules.forEach((spec, index) => {
    const slot = edgeSlotOrder[index];
    const region = slot ? regions.edges[slot] : undefined;
    if (region) draw(region, `${index + 1} ${spec.id}:${spec.mode}`);
  });
  draw(regions.centre, `${modules.length + 1} waterfall`);
  return grid.map((row) => row.join(''));
}
