import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_TYPING_PREVIEW } from '@parley/protocol/limits';
import { createTypingSignal, PREVIEW_EVERY_MS, TYPING_EVERY_MS } from '../src/app/typing-signal.ts';

describe('the typing signal', () => {
  let sent: unknown[][];
  let signal: ReturnType<typeof createTypingSignal>;
  beforeEach(() => {
    vi.useFakeTimers({ now: 100_000 });
    sent = [];
    signal = createTypingSignal((...args) => sent.push(args));
  });
  afterEach(() => vi.useRealTimers());

  it('without the preview sends no text at all: a start every TYPING_EVERY_MS at most, a stop when the box is emptied', () => {
    signal.input('my card number is 4111', false);
    signal.input('my card number is 4111 1111', false);
    vi.advanceTimersByTime(TYPING_EVERY_MS - 1);
    signal.input('my card number is 4111 1111 11', false);
    vi.advanceTimersByTime(10_000); // no trailing signal either
    expect(sent).toEqual([[true, undefined]]);
    signal.input('my card number is 4111 1111 111', false);
    signal.input('', false);
    signal.input('  ', false);
    expect(sent).toEqual([[true, undefined], [true, undefined], [false]]);
  });

  it('with the preview sends the draft about once a second, and the last one once the burst is over', () => {
    signal.input('H', true);
    vi.advanceTimersByTime(300);
    signal.input('He', true);
    vi.advanceTimersByTime(300);
    signal.input('Hel', true);
    expect(sent).toEqual([[true, 'H']]);
    vi.advanceTimersByTime(PREVIEW_EVERY_MS - 600); // one second after the first: the draft as it is now
    expect(sent).toEqual([[true, 'H'], [true, 'Hel']]);
    vi.advanceTimersByTime(10_000);
    expect(sent).toHaveLength(2); // nothing new typed, nothing new sent
    signal.input('Hello', true);
    expect(sent.at(-1)).toEqual([true, 'Hello']);
  });

  it("caps the preview to the draft's last MAX_TYPING_PREVIEW characters", () => {
    const draft = `${'a'.repeat(50)}${'b'.repeat(MAX_TYPING_PREVIEW)}`;
    signal.input(draft, true);
    expect(sent).toEqual([[true, 'b'.repeat(MAX_TYPING_PREVIEW)]]);
  });

  it('sends no text when the desk turns the preview off before a pending draft goes', () => {
    signal.input('first', true);
    signal.input('second', true); // pending for the end of the second
    signal.input('third, private', false);
    vi.advanceTimersByTime(PREVIEW_EVERY_MS);
    expect(sent).toEqual([[true, 'first'], [true, undefined]]);
  });

  it('forgets the pending draft when the message goes', () => {
    signal.input('Hi', true);
    signal.input('Hi there', true);
    signal.reset();
    vi.advanceTimersByTime(10_000);
    expect(sent).toEqual([[true, 'Hi']]);
    signal.input('Next', true); // a new burst starts at once
    expect(sent.at(-1)).toEqual([true, 'Next']);
  });
});
