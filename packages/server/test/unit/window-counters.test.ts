import { describe, expect, it } from 'vitest';
import { WindowCounters } from '../../src/security/window-counters.ts';

/** A clock the test moves by hand. */
function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('WindowCounters: fixed windows in memory', () => {
  it('lets `points` through per window, counts refusals, and gives the points back when the window ends', () => {
    const c = clock();
    const w = new WindowCounters(3, 60, 0, c.now);
    expect([w.consume('a'), w.consume('a'), w.consume('a')]).toEqual([0, 0, 0]);
    c.advance(10_000);
    expect(w.consume('a')).toBe(50_000); // the window opened at the first point
    expect(w.peek('a')).toEqual({ used: 4, msLeft: 50_000 }); // the refused point counted
    expect(w.consume('b'), 'keys are counted apart').toBe(0);
    c.advance(50_000);
    expect(w.peek('a')).toBeNull();
    expect(w.consume('a')).toBe(0);
  });

  it('locks a key out for the block from its first excess, and not again for later refusals', () => {
    const c = clock();
    const w = new WindowCounters(2, 60, 900, c.now);
    w.consume('k');
    w.consume('k');
    c.advance(30_000);
    expect(w.consume('k')).toBe(900_000); // past the window's own end
    c.advance(100_000);
    expect(w.consume('k')).toBe(800_000); // still counted from the first excess
    c.advance(800_000);
    expect(w.consume('k')).toBe(0);
  });

  it('spends and refunds several points at once; a refund after the window has nothing to give back', () => {
    const c = clock();
    const w = new WindowCounters(100, 60, 0, c.now);
    expect(w.consume('bytes', 80)).toBe(0);
    expect(w.consume('bytes', 30)).toBe(60_000);
    w.refund('bytes', 30);
    expect(w.peek('bytes')?.used).toBe(80);
    expect(w.consume('bytes', 20)).toBe(0);
    c.advance(60_000);
    w.refund('bytes', 50);
    expect(w.peek('bytes')).toBeNull();
    expect(w.consume('bytes', 100)).toBe(0);
  });

  it('forgets a key at once', () => {
    const w = new WindowCounters(1, 60, 60);
    w.consume('k');
    expect(w.consume('k')).toBeGreaterThan(0);
    w.forget('k');
    expect(w.consume('k')).toBe(0);
  });

  it('drops ended windows as keys come and go, so memory follows the active keys', () => {
    const c = clock();
    const w = new WindowCounters(5, 1, 0, c.now);
    const size = () => (w as unknown as { windows: Map<string, unknown> }).windows.size;
    for (let round = 0; round < 20; round++) {
      for (let i = 0; i < 1000; i++) w.consume(`visitor-${round}-${i}`);
      c.advance(1000);
    }
    expect(size()).toBeLessThan(3000); // 20,000 keys were used, 1,000 at a time
  });
});
