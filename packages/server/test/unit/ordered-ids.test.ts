import { describe, expect, it } from 'vitest';
import { newOrderedId } from '../../src/lib/ids.ts';

describe('newOrderedId', () => {
  it('sorts by the time it was made, as plain strings compare', () => {
    const times = [0, 1, 63, 64, 4095, 1_700_000_000_000, 1_700_000_000_001, 1_800_000_000_000, 2 ** 47];
    const ids = times.map((t) => newOrderedId(t));
    expect([...ids].sort()).toEqual(ids);
  });

  it('is 21 url-safe characters, unique within one millisecond', () => {
    const at = Date.now();
    const ids = Array.from({ length: 10_000 }, () => newOrderedId(at));
    for (const id of ids.slice(0, 100)) expect(id).toMatch(/^[-0-9A-Za-z_]{21}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids.map((id) => id.slice(0, 8))).size).toBe(1);
  });
});
