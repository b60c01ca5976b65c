import { describe, expect, it } from 'vitest';
import { sampleRecord } from '../test/temp-database';
import { createNullMeter } from './null-meter';

describe('createNullMeter', () => {
  it('records nothing, authenticates nobody, admits every request and refuses to store users', async () => {
    const meter = createNullMeter();
    meter.record(sampleRecord());
    await meter.flush();
    expect(await meter.countRequests()).toBe(0);
    expect((await meter.summary(7)).requests).toBe(0);
    expect(await meter.authenticate('ccp_anything')).toBeNull();
    expect(await meter.hasUsers()).toBe(false);
    expect((await meter.reserveQuota('usr_1', { requestId: 'r' })).ok).toBe(true);
    await expect(meter.createUser({ username: 'ada' })).rejects.toMatchObject({
      code: 'disabled',
      message: expect.stringContaining('TRACK_USAGE'),
    });
    const rows: unknown[] = [];
    for await (const row of meter.exportRows(7)) rows.push(row);
    expect(rows).toEqual([]);
    expect(await meter.recentRequests({ since: 0, limit: 200 })).toEqual([]);
    await meter.close();
  });
});
