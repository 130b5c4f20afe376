import { describe, expect, it } from 'vitest';
import { contiguousEnd, mergeMessages, newestSeq, syncFrom } from '../src/state/timeline.ts';
import { message } from './fixtures.ts';

const seqs = (list: readonly { seq: number }[]) => list.map((m) => m.seq);

describe('mergeMessages', () => {
  it('orders by seq whatever the arrival order', () => {
    const merged = mergeMessages([message(2)], [message(5), message(1), message(3), message(4)]);
    expect(seqs(merged)).toEqual([1, 2, 3, 4, 5]);
  });

  it('shows each seq once: a redelivered message is not duplicated', () => {
    const once = mergeMessages([], [message(1), message(2)]);
    const twice = mergeMessages(once, [message(2), message(1), message(2)]);
    expect(seqs(twice)).toEqual([1, 2]);
  });

  it('dedupes within one incoming batch', () => {
    expect(seqs(mergeMessages([], [message(3), message(3), message(1)]))).toEqual([1, 3]);
  });

  it('keeps the copy already shown for a seq', () => {
    const shown = [message(1, { text: 'original' })];
    const merged = mergeMessages(shown, [message(1, { text: 'replayed' })]);
    expect(merged[0]?.text).toBe('original');
  });

  it('returns the same array when nothing is new (no re-render)', () => {
    const current = mergeMessages([], [message(1), message(2)]);
    expect(mergeMessages(current, [message(2)])).toBe(current);
    expect(mergeMessages(current, [])).toBe(current);
  });

  it('does not mutate its inputs', () => {
    const current = [message(3)];
    mergeMessages(current, [message(1)]);
    expect(seqs(current)).toEqual([3]);
  });
});

describe('newestSeq', () => {
  it('is 0 for an empty timeline and the last seq otherwise', () => {
    expect(newestSeq([])).toBe(0);
    expect(newestSeq(mergeMessages([], [message(7), message(4)]))).toBe(7);
  });
});

describe('gap detection', () => {
  it('contiguousEnd stops before the first hole', () => {
    expect(contiguousEnd([message(1), message(2), message(4)])).toBe(2);
    expect(contiguousEnd([message(1), message(2), message(3)])).toBe(3);
    expect(contiguousEnd([])).toBe(0);
  });

  it('a first message after seq 1 is a hole unless the floor says the server paged', () => {
    expect(contiguousEnd([message(3), message(4)])).toBe(0);
    expect(contiguousEnd([message(3), message(4)], 2)).toBe(4);
  });

  it('syncs from the last contiguous seq when a live message skipped some', () => {
    // shown 1..3, then message.created seq 6 arrived: 4 and 5 were missed
    const timeline = mergeMessages([message(1), message(2), message(3)], [message(6)]);
    expect(syncFrom(timeline, 6)).toBe(3);
  });

  it('needs no sync when the next message is exactly lastSeq + 1', () => {
    const timeline = mergeMessages([message(1), message(2)], [message(3)]);
    expect(syncFrom(timeline, 3)).toBeNull();
  });

  it('syncs when the conversation says lastSeq is ahead of what is shown', () => {
    expect(syncFrom([message(1), message(2)], 4)).toBe(2);
    expect(syncFrom([], 2)).toBe(0);
  });

  it('is satisfied once the sync filled the hole', () => {
    let timeline = mergeMessages([message(1)], [message(4)]);
    expect(syncFrom(timeline, 4)).toBe(1);
    timeline = mergeMessages(timeline, [message(2), message(3), message(4)]);
    expect(syncFrom(timeline, 4)).toBeNull();
  });
});
