import { describe, expect, it } from 'vitest';
import { replyClosed, replyGate } from '../src/state/reply-policy.ts';
import { sendsMessage, type KeyPress } from '../src/state/send-key.ts';

describe('reply policy in the composer', () => {
  it('sends at once on an unassigned ticket or the agent’s own, whatever the policy', () => {
    for (const policy of ['warn', 'block', 'allow'] as const) {
      expect(replyGate(policy, null, 'me', null)).toEqual({ kind: 'send' });
      expect(replyGate(policy, 'me', 'me', null)).toEqual({ kind: 'send' });
      expect(replyClosed(policy, null, 'me')).toBe(false);
    }
  });

  it('warn: asks once per colleague, then sends', () => {
    expect(replyGate('warn', 'mina', 'me', null)).toEqual({ kind: 'ask', assigneeId: 'mina' });
    expect(replyGate('warn', 'mina', 'me', 'mina')).toEqual({ kind: 'send' });
    expect(replyGate('warn', 'jun', 'me', 'mina')).toEqual({ kind: 'ask', assigneeId: 'jun' });
    expect(replyClosed('warn', 'mina', 'me')).toBe(false);
  });

  it('allow: never asks', () => {
    expect(replyGate('allow', 'mina', 'me', null)).toEqual({ kind: 'send' });
  });

  it('block: a colleague’s ticket is closed to replies, even after an earlier confirmation', () => {
    expect(replyGate('block', 'mina', 'me', 'mina')).toEqual({ kind: 'blocked', assigneeId: 'mina' });
    expect(replyClosed('block', 'mina', 'me')).toBe(true);
  });
});

describe('send key preference', () => {
  const press = (patch: Partial<KeyPress>): KeyPress => ({
    key: 'Enter',
    ctrlKey: false,
    metaKey: false,
    shiftKey: false,
    altKey: false,
    isComposing: false,
    ...patch,
  });

  it('enter: Enter sends, Shift+Enter is a new line', () => {
    expect(sendsMessage(press({}), 'enter')).toBe(true);
    expect(sendsMessage(press({ shiftKey: true }), 'enter')).toBe(false);
    expect(sendsMessage(press({ ctrlKey: true }), 'enter')).toBe(true);
  });

  it('ctrl_enter: only Ctrl/Cmd+Enter sends', () => {
    expect(sendsMessage(press({}), 'ctrl_enter')).toBe(false);
    expect(sendsMessage(press({ ctrlKey: true }), 'ctrl_enter')).toBe(true);
    expect(sendsMessage(press({ metaKey: true }), 'ctrl_enter')).toBe(true);
  });

  it('never sends while an input method composes (Korean syllables end with Enter) or on other keys', () => {
    expect(sendsMessage(press({ isComposing: true }), 'enter')).toBe(false);
    expect(sendsMessage(press({ isComposing: true, ctrlKey: true }), 'ctrl_enter')).toBe(false);
    expect(sendsMessage(press({ key: 'a' }), 'enter')).toBe(false);
  });
});
