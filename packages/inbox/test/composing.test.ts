import { describe, expect, it } from 'vitest';
import { COMPOSING_IDLE_MS, composingEndsAt, composingOf, type ComposingInput } from '../src/state/composing.ts';

const T0 = 1_000_000;
const typed = (patch: Partial<ComposingInput> = {}): ComposingInput => ({
  text: 'Hello',
  type: 'agent',
  lastInputAt: T0,
  ...patch,
});

describe('composing detector', () => {
  it('is replying while the reply box has text typed a moment ago', () => {
    expect(composingOf(typed(), T0)).toBe('reply');
    expect(composingOf(typed(), T0 + COMPOSING_IDLE_MS - 1)).toBe('reply');
  });

  it('is writing a note in note mode', () => {
    expect(composingOf(typed({ type: 'note' }), T0 + 100)).toBe('note');
  });

  it('stops when the agent goes idle', () => {
    expect(composingOf(typed(), T0 + COMPOSING_IDLE_MS)).toBeNull();
    expect(composingEndsAt(typed(), T0 + 10)).toBe(T0 + COMPOSING_IDLE_MS);
    expect(composingEndsAt(typed(), T0 + COMPOSING_IDLE_MS)).toBeNull();
  });

  it('stops when the box is cleared or sent (empty), whitespace included', () => {
    expect(composingOf(typed({ text: '' }), T0)).toBeNull();
    expect(composingOf(typed({ text: '  \n ' }), T0)).toBeNull();
    expect(composingEndsAt(typed({ text: '' }), T0)).toBeNull();
  });

  it('a draft restored from storage is not writing until the agent types', () => {
    expect(composingOf(typed({ lastInputAt: null }), T0)).toBeNull();
    expect(composingEndsAt(typed({ lastInputAt: null }), T0)).toBeNull();
  });

  it('takes a custom idle time', () => {
    expect(composingOf(typed(), T0 + 4000, 5000)).toBe('reply');
    expect(composingOf(typed(), T0 + 5000, 5000)).toBeNull();
  });
});
