import { describe, expect, it } from 'vitest';
import { UsersPresence } from './users-presence';

describe('UsersPresence', () => {
  it('reads once per turn until a user exists, then keeps the answer', async () => {
    let present = false;
    let reads = 0;
    const presence = new UsersPresence(async () => {
      reads += 1;
      return present;
    });
    const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
    // Asks made together share one read.
    expect(await Promise.all([presence.hasUsers(), presence.hasUsers(), presence.hasUsers()])).toEqual([
      false,
      false,
      false,
    ]);
    expect(reads).toBe(1);
    await nextTurn();
    expect(await presence.hasUsers()).toBe(false);
    expect(reads).toBe(2);
    present = true;
    await nextTurn();
    expect(await presence.hasUsers()).toBe(true);
    await nextTurn();
    expect(await presence.hasUsers()).toBe(true);
    expect(reads).toBe(3);
  });

  it('knows at once, without reading, that this process created a user', async () => {
    let reads = 0;
    const presence = new UsersPresence(async () => {
      reads += 1;
      return false;
    });
    presence.userCreated();
    expect(await presence.hasUsers()).toBe(true);
    expect(reads).toBe(0);
  });
});
