import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { configureDashboard, sketchLayout } from './configure-dashboard';

let directory: string | null = null;
afterEach(async () => {
  if (directory) await rm(directory, { recursive: true, force: true });
  directory = null;
});

describe('configureDashboard', () => {
  it('asks for modules with previews, then writes the export line, alias and an executable script', async () => {
    directory = await mkdtemp(join(tmpdir(), 'ccp-dashboard-configure-'));
    const scriptPath = join(directory, 'start-dashboard.sh');
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (chunk) => {
      printed += String(chunk);
    });
    // routing (3rd in the list) sparse, then analytics (3rd of the remaining) dense, then done; layout 3.
    input.end('3\nsparse\n3\n\n0\n3\n');
    const result = await configureDashboard({ input, output, scriptPath, command: 'ccp-dashboard' });

    expect(result.modules).toEqual([
      { id: 'routing', mode: 'sparse' },
      { id: 'analytics', mode: 'dense' },
    ]);
    expect(result.layout).toBe('detailed');
    expect(result.exportLine).toBe(
      'export DASHBOARD_MODULES="routing:sparse,analytics:dense" DASHBOARD_LAYOUT=detailed',
    );
    expect(printed).toContain(result.exportLine);
    expect(printed).toContain(`alias ccpd='DASHBOARD_MODULES="routing:sparse,analytics:dense"`);
    // Live previews render the module on sample traffic.
    expect(printed).toContain('preview: routing (sparse)');
    expect(printed).toMatch(/opus-4-8 → gpt-5\.1/);
    expect(printed).toContain('Hot models:');
    const script = await readFile(scriptPath, 'utf8');
    expect(script.startsWith('#!/bin/sh\n')).toBe(true);
    expect(script).toContain(result.exportLine);
    expect(script).toContain('exec ccp-dashboard "$@"');
    expect((await stat(scriptPath)).mode & 0o111).toBe(0o111);
  });

  it('sketches where the modules go', () => {
    const sketch = sketchLayout(
      [
        { id: 'performance', mode: 'dense' },
        { id: 'activity', mode: 'sparse' },
        { id: 'routing', mode: 'dense' },
      ],
      'default',
    ).join('\n');
    expect(sketch).toContain('1 performance:dense');
    expect(sketch).toContain('2 activity:sparse');
    expect(sketch).toContain('4 waterfall');
  });
});
