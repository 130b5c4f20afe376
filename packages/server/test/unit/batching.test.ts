import { describe, expect, it, vi } from 'vitest';
import { Batcher } from '../../src/lib/batcher.ts';
import { Coalescer } from '../../src/realtime/coalesce.ts';

describe('Batcher (group commit)', () => {
  it('hands items submitted in one turn to one run, and answers each with its own result', async () => {
    const runs: number[][] = [];
    const b = new Batcher<number, number>((items) => {
      runs.push(items);
      return items.map((i) => (i === 3 ? { ok: false, error: new Error('three') } : { ok: true, value: i * 10 }));
    });
    const results = await Promise.allSettled([1, 2, 3, 4].map((i) => b.submit(i)));
    expect(runs).toEqual([[1, 2, 3, 4]]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([10, 20, 'three', 40]);
  });

  it('collects what arrives while a batch is being written into the next batch', async () => {
    const runs: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const b = new Batcher<number, number>(async (items) => {
      runs.push(items);
      if (runs.length === 1) await gate;
      return items.map((value) => ({ ok: true as const, value }));
    });
    const first = b.submit(1);
    await new Promise((r) => setImmediate(r));
    const later = [2, 3, 4].map((i) => b.submit(i));
    await new Promise((r) => setTimeout(r, 5));
    release();
    await Promise.all([first, ...later]);
    expect(runs).toEqual([[1], [2, 3, 4]]);
  });

  it('fails every item of a batch whose write fails, and keeps working', async () => {
    let fail = true;
    const b = new Batcher<number, number>((items) => {
      if (fail) throw new Error('disk full');
      return items.map((value) => ({ ok: true as const, value }));
    });
    await expect(Promise.all([b.submit(1), b.submit(2)])).rejects.toThrow('disk full');
    fail = false;
    await expect(b.submit(3)).resolves.toBe(3);
  });
});

describe('Coalescer (list updates)', () => {
  it('sends the first change at once, then one batch per window with each ticket once at its newest state', () => {
    vi.useFakeTimers();
    try {
      let clock = 0;
      const sent: Array<[string, string[]]> = [];
      const c = new Coalescer<string>(100, (desk, items) => sent.push([desk, items]), () => clock);
      c.push('d1', 't1', 't1v1');
      c.push('d1', 't1', 't1v2');
      c.push('d1', 't2', 't2v1');
      c.push('d1', 't1', 't1v3');
      c.push('d2', 't9', 't9v1');
      expect(sent).toEqual([['d1', ['t1v1']], ['d2', ['t9v1']]]);
      clock = 100;
      vi.advanceTimersByTime(100);
      expect(sent).toEqual([['d1', ['t1v1']], ['d2', ['t9v1']], ['d1', ['t1v3', 't2v1']]]);
      clock = 250;
      c.push('d1', 't2', 't2v2');
      expect(sent.at(-1)).toEqual(['d1', ['t2v2']]);
    } finally {
      vi.useRealTimers();
    }
  });
});
