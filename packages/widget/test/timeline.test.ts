import { describe, expect, it } from 'vitest';
import {
  addPending,
  applyBatch,
  applyMessage,
  emptyTimeline,
  gapAfter,
  markPendingFailed,
  markPendingSending,
  noteConversationSeq,
  removePending,
  timelineEntries,
  type Timeline,
} from '../src/app/timeline.ts';
import { message } from './fixtures.ts';

const seqs = (timeline: Timeline): number[] =>
  timelineEntries(timeline).flatMap((e) => (e.kind === 'stored' ? [e.message.seq] : []));

describe('timeline merge', () => {
  it('orders by seq, not by arrival or timestamp', () => {
    let t = emptyTimeline();
    for (const seq of [3, 1, 2]) t = applyMessage(t, message(seq));
    expect(seqs(t)).toEqual([1, 2, 3]);
  });

  it('shows a message delivered twice once', () => {
    let t = applyBatch(emptyTimeline(), { conversationId: 'c1', messages: [message(1), message(2)], afterSeq: 0 });
    t = applyMessage(t, message(2));
    t = applyBatch(t, { conversationId: 'c1', messages: [message(1), message(2)], afterSeq: 0 });
    expect(seqs(t)).toEqual([1, 2]);
    expect(t.lastSeq).toBe(2);
  });

  it('never shows internal notes or messages of another conversation in a batch', () => {
    const t = applyBatch(emptyTimeline(), {
      conversationId: 'c1',
      messages: [message(1), message(2, { type: 'note' }), message(3, { conversationId: 'c2' })],
      afterSeq: 0,
    });
    expect(seqs(t)).toEqual([1]);
  });

  it('switches to a new conversation and starts its view afresh', () => {
    let t = applyBatch(emptyTimeline(), { conversationId: 'c1', messages: [message(1), message(2)], afterSeq: 0 });
    t = applyMessage(t, message(1, { conversationId: 'c2', id: 'n1' }));
    expect(t.conversationId).toBe('c2');
    expect(seqs(t)).toEqual([1]);
    expect(t.lastSeq).toBe(1);
  });
});

describe('gap detection', () => {
  it('has no gap while messages arrive in sequence', () => {
    let t = emptyTimeline();
    t = applyMessage(t, message(1));
    t = applyMessage(t, message(2));
    expect(t.lastSeq).toBe(2);
    expect(gapAfter(t)).toBeNull();
  });

  it('reports the seq to sync after when a message skips ahead, and shows the new one meanwhile', () => {
    let t = applyMessage(emptyTimeline(), message(1));
    t = applyMessage(t, message(4));
    expect(seqs(t)).toEqual([1, 4]);
    expect(gapAfter(t)).toBe(1);
    t = applyBatch(t, { conversationId: 'c1', messages: [message(2), message(3), message(4)], afterSeq: 1, throughSeq: 4 });
    expect(seqs(t)).toEqual([1, 2, 3, 4]);
    expect(t.lastSeq).toBe(4);
    expect(gapAfter(t)).toBeNull();
  });

  it('closes a gap made by an internal note once a sync proved nothing else is missing', () => {
    let t = applyMessage(emptyTimeline(), message(1));
    t = applyMessage(t, message(3)); // seq 2 is a note the visitor never receives
    expect(gapAfter(t)).toBe(1);
    t = applyBatch(t, { conversationId: 'c1', messages: [message(3)], afterSeq: 1, throughSeq: 3 });
    expect(gapAfter(t)).toBeNull();
    expect(t.lastSeq).toBe(3);
  });

  it('closes the gap when the missing messages arrive live', () => {
    let t = applyMessage(emptyTimeline(), message(1));
    t = applyMessage(t, message(3));
    t = applyMessage(t, message(2));
    expect(t.lastSeq).toBe(3);
    expect(gapAfter(t)).toBeNull();
  });

  it('trusts a page only up to its newest message, even when the conversation is longer', () => {
    const t = applyBatch(emptyTimeline(), { conversationId: 'c1', messages: [message(1), message(2)], afterSeq: 0, latestSeq: 5 });
    expect(t.lastSeq).toBe(2);
    expect(gapAfter(t)).toBe(2);
  });

  it('learns of missing messages from a conversation lastSeq', () => {
    let t = applyMessage(emptyTimeline(), message(1));
    t = noteConversationSeq(t, 'c1', 3);
    expect(gapAfter(t)).toBe(1);
    expect(noteConversationSeq(t, 'other', 9)).toBe(t);
  });

  it('does not trust an answer that starts after what it has (resume of a changed conversation)', () => {
    let t = applyBatch(emptyTimeline(), { conversationId: 'c1', messages: [message(1), message(2)], afterSeq: 0 });
    t = applyBatch(t, { conversationId: 'c2', messages: [message(3, { conversationId: 'c2' })], afterSeq: 2, latestSeq: 3 });
    expect(t.conversationId).toBe('c2');
    expect(t.lastSeq).toBe(0);
    expect(gapAfter(t)).toBe(0);
  });
});

describe('pending messages', () => {
  it('are shown after stored messages in the order typed, as sending', () => {
    let t = applyMessage(emptyTimeline(), message(1));
    t = addPending(t, 'pendingAAAA', 'first');
    t = addPending(t, 'pendingBBBB', 'second');
    const entries = timelineEntries(t);
    expect(entries.map((e) => e.key)).toEqual(['client-msg-1', 'pendingAAAA', 'pendingBBBB']);
    expect(entries[1]).toMatchObject({ kind: 'pending', pending: { text: 'first', status: 'sending' } });
  });

  it('are replaced by the stored message with the same clientMsgId (ack and echo show it once)', () => {
    let t = addPending(emptyTimeline(), 'pendingAAAA', 'hello');
    const stored = message(1, { type: 'visitor', clientMsgId: 'pendingAAAA', text: 'hello' });
    t = applyMessage(t, stored); // the ack
    t = applyMessage(t, stored); // the echo through message.created
    const entries = timelineEntries(t);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ kind: 'stored', key: 'pendingAAAA' });
    expect(t.pending).toEqual([]);
  });

  it('are not replaced by an agent message that happens to share the id', () => {
    let t = addPending(emptyTimeline(), 'pendingAAAA', 'hello');
    t = applyMessage(t, message(1, { clientMsgId: 'pendingAAAA' }));
    expect(t.pending).toHaveLength(1);
  });

  it("stay the same list when a stored message is none of them (another tab's message: its outbox is not rewritten)", () => {
    const t = addPending(emptyTimeline(), 'pendingAAAA', 'hello');
    const next = applyMessage(t, message(1, { type: 'visitor', clientMsgId: 'otherTabBBBB', text: 'from the other tab' }));
    expect(next.pending).toBe(t.pending);
  });

  it('can fail, be retried and be removed', () => {
    let t = addPending(emptyTimeline(), 'pendingAAAA', 'hello');
    t = markPendingFailed(t, 'pendingAAAA', { code: 'rate_limited', message: 'slow down' });
    expect(t.pending[0]).toMatchObject({ status: 'failed', error: { code: 'rate_limited' } });
    t = markPendingSending(t, 'pendingAAAA');
    expect(t.pending[0]).toMatchObject({ status: 'sending', error: null });
    t = removePending(t, 'pendingAAAA');
    expect(t.pending).toEqual([]);
  });

  it('keeps one entry when the same id is queued twice', () => {
    let t = addPending(emptyTimeline(), 'pendingAAAA', 'hello');
    t = addPending(t, 'pendingAAAA', 'hello');
    expect(t.pending).toHaveLength(1);
  });
});
