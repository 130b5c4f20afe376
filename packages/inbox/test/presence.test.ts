import { describe, expect, it } from 'vitest';
import type { AgentPresence, TicketPresence } from '@parley/protocol/presence';
import { composingText, presenceSummary } from '../src/components/Presence.tsx';
import { focusState } from '../src/hooks/usePresence.ts';
import { translate, type MessageKey, type Params } from '../src/i18n.ts';
import {
  activityOf,
  byActivity,
  emptyPresence,
  initials,
  othersOn,
  presenceReducer,
  snapshotOf,
  ticketPresenceOf,
  type PresenceAction,
  type PresenceBoard,
} from '../src/state/presence.ts';

const SELF = 'me';
const agent = (agentId: string, name: string, patch: Partial<AgentPresence> = {}): AgentPresence => ({
  agentId,
  name,
  state: 'viewing',
  composing: null,
  ...patch,
});
const ticket = (conversationId: string, agents: AgentPresence[]): TicketPresence => ({ conversationId, agents });
const run = (...actions: PresenceAction[]): PresenceBoard =>
  actions.reduce(presenceReducer, emptyPresence(SELF));

const mina = agent('a-mina', 'Mina');
const jun = agent('a-jun', 'Jun');
const me = agent(SELF, 'Me');

describe('presence board', () => {
  it('shows the other agents of a frame and never the signed-in agent', () => {
    const board = run({ type: 'updated', ticket: ticket('c1', [me, mina]) });
    expect(othersOn(board, 'c1')).toEqual([mina]);
    expect(othersOn(board, 'c2')).toEqual([]);
  });

  it('forgets a ticket when only the signed-in agent, or nobody, is left on it', () => {
    let board = run({ type: 'updated', ticket: ticket('c1', [mina]) });
    board = presenceReducer(board, { type: 'updated', ticket: ticket('c1', [me]) });
    expect(board.tickets.has('c1')).toBe(false);
    board = presenceReducer(board, { type: 'updated', ticket: ticket('c2', [jun]) });
    board = presenceReducer(board, { type: 'updated', ticket: ticket('c2', []) });
    expect(board.tickets.size).toBe(0);
  });

  it('a frame replaces the ticket: state and composing follow the newest frame', () => {
    const board = run(
      { type: 'updated', ticket: ticket('c1', [mina]) },
      { type: 'updated', ticket: ticket('c1', [{ ...mina, state: 'background', composing: 'note' }]) },
    );
    expect(othersOn(board, 'c1')).toEqual([{ ...mina, state: 'background', composing: 'note' }]);
  });

  it('keeps the same state object for a frame that changes nothing (no re-render)', () => {
    const board = run({ type: 'updated', ticket: ticket('c1', [mina]) });
    expect(presenceReducer(board, { type: 'updated', ticket: ticket('c1', [{ ...mina }, { ...me }]) })).toBe(board);
  });

  it('a snapshot replaces what was known: tickets absent from it have nobody', () => {
    const board = run(
      { type: 'updated', ticket: ticket('c1', [mina]) },
      { type: 'updated', ticket: ticket('c2', [jun]) },
      { type: 'snapshotRequested' },
      { type: 'snapshot', tickets: [ticket('c2', [jun, me]), ticket('c3', [mina]), ticket('c4', [me])] },
    );
    expect([...board.tickets.keys()].sort()).toEqual(['c2', 'c3']);
    expect(othersOn(board, 'c2')).toEqual([jun]);
    expect(board.since).toBeNull();
  });

  it('a frame that arrived while the snapshot was on its way wins over the snapshot', () => {
    const board = run(
      { type: 'snapshotRequested' },
      { type: 'updated', ticket: ticket('c1', [{ ...mina, composing: 'reply' }]) },
      { type: 'updated', ticket: ticket('c2', []) },
      // read by the server before those frames: older
      { type: 'snapshot', tickets: [ticket('c1', [mina]), ticket('c2', [jun]), ticket('c3', [jun])] },
    );
    expect(othersOn(board, 'c1')).toEqual([{ ...mina, composing: 'reply' }]);
    expect(othersOn(board, 'c2')).toEqual([]);
    expect(othersOn(board, 'c3')).toEqual([jun]);
  });

  it('a failed snapshot keeps the frames; a disconnect forgets everything', () => {
    let board = run({ type: 'snapshotRequested' }, { type: 'updated', ticket: ticket('c1', [mina]) }, { type: 'snapshotFailed' });
    expect(othersOn(board, 'c1')).toEqual([mina]);
    expect(board.since).toBeNull();
    board = presenceReducer(board, { type: 'reset' });
    expect(board.tickets.size).toBe(0);
    expect(board.selfId).toBe(SELF);
  });
});

describe('presence frames from the wire', () => {
  it('accepts well-formed frames and drops malformed agents', () => {
    expect(ticketPresenceOf({ conversationId: 'c1', agents: [mina, { agentId: 'x' }, { ...jun, state: 'left' }, 7] })).toEqual(
      ticket('c1', [mina]),
    );
    expect(ticketPresenceOf({ conversationId: 'c1', agents: [{ ...mina, composing: 'shouting' }] })).toEqual(
      ticket('c1', [mina]),
    );
    expect(ticketPresenceOf({ agents: [] })).toBeNull();
    expect(ticketPresenceOf(null)).toBeNull();
    expect(snapshotOf({ ok: true, tickets: [ticket('c1', [jun]), 'nope'] })).toEqual([ticket('c1', [jun])]);
    expect(snapshotOf({ ok: true })).toEqual([]);
  });
});

describe('how presence reads', () => {
  const t = (key: MessageKey, params?: Params) => translate('en', key, params);
  const ko = (key: MessageKey, params?: Params) => translate('ko', key, params);
  const sam = agent('a-sam', 'Sam', { state: 'background' });
  const lee = agent('a-lee', 'Lee', { composing: 'note' });
  const junReplying = { ...jun, composing: 'reply' as const };

  it('writing beats looking', () => {
    expect(activityOf(mina)).toBe('viewing');
    expect(activityOf(sam)).toBe('background');
    expect(activityOf({ ...sam, composing: 'reply' })).toBe('replying');
    expect(activityOf(lee)).toBe('note');
    expect(byActivity([junReplying, mina, sam, lee])).toEqual([
      { activity: 'viewing', names: ['Mina'] },
      { activity: 'background', names: ['Sam'] },
      { activity: 'replying', names: ['Jun'] },
      { activity: 'note', names: ['Lee'] },
    ]);
  });

  it('names everyone in a list row marker', () => {
    expect(presenceSummary(t, 'en', [mina, junReplying])).toBe('Viewing: Mina; replying: Jun');
    expect(presenceSummary(t, 'en', [junReplying])).toBe('Replying: Jun');
    expect(presenceSummary(t, 'en', [mina, sam, lee, agent('a-ann', 'Ann')])).toBe(
      'Viewing: Mina, Ann; in a background tab: Sam; writing a note: Lee',
    );
    expect(presenceSummary(ko, 'ko', [mina, junReplying])).toBe('보는 중: Mina; 답장 작성 중: Jun');
  });

  it('says who is writing by the composer', () => {
    expect(composingText(t, 'en', [mina])).toBe('');
    expect(composingText(t, 'en', [mina, junReplying])).toBe('Jun is replying…');
    expect(composingText(t, 'en', [lee])).toBe('Lee is writing a note…');
    expect(composingText(t, 'en', [junReplying, { ...mina, composing: 'reply' }, lee])).toBe(
      'Jun and Mina are replying… Lee is writing a note…',
    );
    expect(composingText(ko, 'ko', [junReplying])).toBe('Jun 님이 답장을 작성하는 중…');
  });

  it('makes initials from names, Latin or Korean', () => {
    expect(initials('Mina Park')).toBe('MP');
    expect(initials('mina')).toBe('M');
    expect(initials('  Jun   de  Vries ')).toBe('JV');
    expect(initials('김민아')).toBe('김');
    expect(initials('')).toBe('?');
  });

  it('is viewing only in a visible, focused page', () => {
    expect(focusState({ visibilityState: 'visible', hasFocus: () => true })).toBe('viewing');
    expect(focusState({ visibilityState: 'visible', hasFocus: () => false })).toBe('background');
    expect(focusState({ visibilityState: 'hidden', hasFocus: () => true })).toBe('background');
  });
});
