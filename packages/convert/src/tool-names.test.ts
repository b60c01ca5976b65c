import { describe, expect, it } from 'vitest';
import { restoreToolName, ToolNameRegistry, upstreamToolCallId, upstreamToolName } from './tool-names';

describe('upstreamToolName', () => {
  it.each(['Read', 'mcp__ide__getDiagnostics', 'a-b_c', 'x'.repeat(64)])(
    'keeps the valid name %s',
    (name) => {
      expect(upstreamToolName(name)).toBe(name);
    },
  );

  it.each([
    'mcp__server__tool.with.dots',
    'tool with spaces',
    'ツール',
    'x'.repeat(65),
    `mcp__${'very_long_server_name_'.repeat(4)}__do_something_useful`,
  ])('makes %s valid, short and stable', (name) => {
    const upstream = upstreamToolName(name);
    expect(upstream).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
    expect(upstreamToolName(name)).toBe(upstream);
  });

  it('keeps different long names apart even with the same prefix', () => {
    const prefix = 'p'.repeat(70);
    expect(upstreamToolName(`${prefix}_one`)).not.toBe(upstreamToolName(`${prefix}_two`));
    expect(upstreamToolName('a.b')).not.toBe(upstreamToolName('a:b'));
  });
});

describe('ToolNameRegistry and restoreToolName', () => {
  it('records only changed names and restores them', () => {
    const registry = new ToolNameRegistry();
    const long = `mcp__github__${'x'.repeat(80)}`;
    const upstream = registry.toUpstream(long);
    expect(registry.toUpstream('Read')).toBe('Read');
    expect(registry.map).toEqual({ [upstream]: long });
    expect(restoreToolName(registry.map, upstream)).toBe(long);
    expect(restoreToolName(registry.map, 'Read')).toBe('Read');
    expect(restoreToolName(registry.map, 'toString')).toBe('toString');
  });
});

describe('upstreamToolCallId', () => {
  it('keeps valid ids and makes others valid and stable', () => {
    expect(upstreamToolCallId('toolu_01AbC-9')).toBe('toolu_01AbC-9');
    const fixed = upstreamToolCallId('call:1/odd id');
    expect(fixed).toMatch(/^call_1_odd_id_[a-z0-9]+$/);
    expect(upstreamToolCallId('call:1/odd id')).toBe(fixed);
    expect(upstreamToolCallId('call_1/odd:id')).not.toBe(fixed);
    expect(upstreamToolCallId('')).toMatch(/^toolu_[a-z0-9]+$/);
  });
});
