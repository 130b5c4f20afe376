import { describe, expect, it } from 'vitest';
import type { AgentProfile } from '@parley/protocol/model';
import { assigneeText } from '../src/components/AssigneeName.tsx';
import { translate, type MessageKey, type Params } from '../src/i18n.ts';
import {
  assigneeFromValue,
  assigneeOptions,
  assigneeView,
  createDirectory,
  emptyDirectory,
  withAgent,
} from '../src/state/agents.ts';
import { agentsOf, isAgentProfile } from '../src/state/guards.ts';

const agent = (id: string, name: string): AgentProfile => ({
  id,
  deskId: 'd1',
  name,
  email: `${id}@example.com`,
  role: 'agent',
  active: true,
  initials: '',
  availability: 'online',
  capacity: null,
});
const me = agent('me', 'Mina');
const directory = createDirectory([agent('b', 'Bora'), agent('a', 'Ahn'), me, agent('z', 'zed')], me);
const en = (key: MessageKey, params?: Params) => translate('en', key, params);

describe('agent directory', () => {
  it('always knows the signed-in agent, even before (or without) the server list', () => {
    expect(createDirectory([], me).get('me')?.name).toBe('Mina');
    expect(directory.size).toBe(4);
  });

  it('shows assignees by name, "You" for oneself, a fallback for unknown ids', () => {
    expect(assigneeView(null, 'me', directory)).toEqual({ kind: 'none' });
    expect(assigneeView('me', 'me', directory)).toEqual({ kind: 'me', name: 'Mina' });
    expect(assigneeView('b', 'me', directory)).toEqual({ kind: 'agent', name: 'Bora' });
    expect(assigneeView('gone', 'me', directory)).toEqual({ kind: 'unknown' });
    expect(assigneeView('me', 'me', emptyDirectory)).toEqual({ kind: 'me', name: '' });

    expect(assigneeText(en, assigneeView('b', 'me', directory))).toBe('Bora');
    expect(assigneeText(en, assigneeView('gone', 'me', directory))).toBe('Another agent');
    expect(assigneeText(en, assigneeView(null, 'me', directory))).toBe('Unassigned');
    expect(assigneeText(en, assigneeView('me', 'me', directory))).toBe('You');
    expect(assigneeText(en, assigneeView('me', 'me', directory), true)).toBe('Mina (you)');
    expect(assigneeText((k, p) => translate('ko', k, p), assigneeView(null, 'me', directory))).toBe('미배정');
  });

  it('offers Unassigned, oneself, then every other agent by name', () => {
    const options = assigneeOptions(directory, 'me', null, 'en');
    expect(options.map((o) => o.value)).toEqual(['', 'me', 'a', 'b', 'z']);
    expect(options[0]?.view).toEqual({ kind: 'none' });
  });

  it('keeps an assignee the directory does not know, so the select shows the real value', () => {
    const options = assigneeOptions(directory, 'me', 'gone', 'en');
    expect(options.at(-1)).toEqual({ value: 'gone', view: { kind: 'unknown' } });
    expect(assigneeOptions(directory, 'me', 'b', 'en')).toHaveLength(5);
  });

  it('offers no deactivated agent, yet still names one who holds the ticket', () => {
    const gone = { ...agent('g', 'Gil'), active: false };
    const withGone = withAgent(directory, gone);
    expect(assigneeOptions(withGone, 'me', null, 'en').map((o) => o.value)).toEqual(['', 'me', 'a', 'b', 'z']);
    expect(assigneeOptions(withGone, 'me', 'g', 'en').at(-1)).toEqual({ value: 'g', view: { kind: 'agent', name: 'Gil' } });
  });

  it("offers only the members of the ticket's team (oneself too), yet still names an assignee from outside it", () => {
    const members = new Set(['a', 'z']);
    expect(assigneeOptions(directory, 'me', null, 'en', members).map((o) => o.value)).toEqual(['', 'a', 'z']);
    expect(assigneeOptions(directory, 'me', 'b', 'en', members).map((o) => o.value)).toEqual(['', 'a', 'z', 'b']);
    expect(assigneeOptions(directory, 'me', null, 'en', new Set(['me', 'b'])).map((o) => o.value)).toEqual(['', 'me', 'b']);
  });

  it('takes a pushed account change without losing the others', () => {
    const renamed = withAgent(directory, { ...agent('b', 'Bora Kim') });
    expect(renamed.get('b')?.name).toBe('Bora Kim');
    expect(renamed.size).toBe(4);
    expect(directory.get('b')?.name).toBe('Bora');
  });

  it('maps the select value back to an assigneeId', () => {
    expect(assigneeFromValue('')).toBeNull();
    expect(assigneeFromValue('b')).toBe('b');
  });
});

describe('agent guards', () => {
  it('keeps well-formed profiles only', () => {
    expect(isAgentProfile(me)).toBe(true);
    expect(isAgentProfile({ ...me, role: 'root' })).toBe(false);
    expect(isAgentProfile({ ...me, name: 42 })).toBe(false);
    expect(agentsOf([me, null, { id: 'x' }, agent('b', 'Bora')]).map((a) => a.id)).toEqual(['me', 'b']);
    expect(agentsOf(undefined)).toEqual([]);
    expect(agentsOf({ length: 1, 0: me })).toEqual([]);
  });
});
