import { describe, expect, it } from 'vitest';
import { fillPlaceholders } from '@parley/protocol/canned';
import type { AgentProfile } from '@parley/protocol/model';
import { messagePayload } from '../src/state/drafts.ts';
import { cannedErrors, cannedOf, checkCanned, mayEditCanned, normalShortcut, placeholderValues } from '../src/state/canned.ts';
import { matchAgents, mentionsIn, remember } from '../src/state/mentions.ts';
import { activeTrigger, findTrigger, replaceRange } from '../src/state/triggers.ts';
import { settingsFromHash } from '../src/route.ts';

const agent = (id: string, name: string, email: string, active = true): AgentProfile => ({
  id, deskId: 'd1', name, email, role: 'agent', active, initials: name.slice(0, 2), availability: 'online', capacity: null,
});

describe('where a picker opens', () => {
  it('opens / at the start, after a space or a new line, with what follows as the query', () => {
    expect(findTrigger('/ref', 4, '/')).toEqual({ char: '/', start: 0, end: 4, query: 'ref' });
    expect(findTrigger('Hi /re', 6, '/')).toMatchObject({ start: 3, query: 're' });
    expect(findTrigger('Thanks\n/', 8, '/')).toMatchObject({ start: 7, query: '' });
  });

  it('stays closed inside a word, a URL, an e-mail address, or once a space follows the query', () => {
    expect(findTrigger('and/or', 6, '/')).toBeNull();
    expect(findTrigger('see https://x.test/a', 20, '/')).toBeNull();
    expect(findTrigger('/ref and', 8, '/')).toBeNull();
    expect(findTrigger('mail mina@x.test', 16, '@')).toBeNull();
    expect(findTrigger('no trigger', 10, '/')).toBeNull();
  });

  it('reads only up to the caret', () => {
    expect(findTrigger('/refund later', 4, '/')).toMatchObject({ query: 'ref', end: 4 });
  });

  it('lets @ queries hold a name with a space, but not end with one (a finished mention)', () => {
    expect(findTrigger('cc @Mina P', 10, '@')).toMatchObject({ start: 3, query: 'Mina P' });
    expect(findTrigger('cc @Mina Park ', 14, '@')).toBeNull();
    expect(findTrigger('@\nnext', 6, '@')).toBeNull();
  });

  it('takes @ only where mentions are allowed, and the nearer trigger wins', () => {
    expect(activeTrigger('@mi', 3, false)).toBeNull();
    expect(activeTrigger('@mi', 3, true)).toMatchObject({ char: '@', query: 'mi' });
    expect(activeTrigger('@mina /ref', 10, true)).toMatchObject({ char: '/', query: 'ref' });
    expect(activeTrigger('/x @jun', 7, true)).toMatchObject({ char: '@', query: 'jun' });
  });

  it('replaces the /query with the inserted text and puts the caret after it', () => {
    expect(replaceRange('Hi /ref!', 3, 7, 'Hello Kim')).toEqual({ text: 'Hi Hello Kim!', caret: 12 });
  });
});

describe('canned responses', () => {
  it('fills placeholders from the ticket, the agent and the desk, with the fallback for a contact without a name', () => {
    const text = 'Hi {{contact.name | there}}, {{agent.name}} from {{desk.name}} on #{{ticket.number}} ({{contact.email}})';
    const anonymous = placeholderValues({ contact: { name: null, email: null }, agentName: 'Mina', ticketNumber: 7, deskName: 'Acme' });
    expect(fillPlaceholders(text, anonymous)).toBe('Hi there, Mina from Acme on #7 ()');
    const known = placeholderValues({ contact: { name: 'Kim', email: 'kim@x.test' }, agentName: 'Mina', ticketNumber: 7, deskName: 'Acme' });
    expect(fillPlaceholders(text, known)).toBe('Hi Kim, Mina from Acme on #7 (kim@x.test)');
    expect(fillPlaceholders('{{contact.name}}', placeholderValues({ contact: null, agentName: 'M', ticketNumber: 1, deskName: 'D' }))).toBe('');
  });

  it('keeps well-formed entries of the server list, in shortcut order', () => {
    const c = (shortcut: string) => ({ id: shortcut, deskId: 'd', ownerId: null, shortcut, title: 't', text: 'x', createdAt: '', updatedAt: '' });
    expect(cannedOf([c('ref'), { id: 1 }, c('hello'), null]).map((x) => x.shortcut)).toEqual(['hello', 'ref']);
    expect(cannedOf({ canned: [] })).toEqual([]);
  });

  it('lets admins edit desk-wide responses and everyone their own personal ones', () => {
    expect(mayEditCanned({ ownerId: null }, { id: 'a', role: 'admin' })).toBe(true);
    expect(mayEditCanned({ ownerId: null }, { id: 'a', role: 'agent' })).toBe(false);
    expect(mayEditCanned({ ownerId: 'a' }, { id: 'a', role: 'agent' })).toBe(true);
    expect(mayEditCanned({ ownerId: 'b' }, { id: 'a', role: 'admin' })).toBe(false);
  });

  it('checks the form before sending', () => {
    expect(normalShortcut(' /Refund ')).toBe('refund');
    expect(checkCanned({ shortcut: '/refund', title: 'Refund', text: 'Hi' }).fields).toEqual({});
    expect(Object.keys(checkCanned({ shortcut: 'two words', title: ' ', text: '' }).fields).sort()).toEqual(['shortcut', 'text', 'title']);
  });

  it("puts the server's refusals at their fields: a taken shortcut, a rule", () => {
    const taken = cannedErrors({ code: 'conflict', message: 'The shortcut /ref is taken', details: { field: 'shortcut' } }, 'Ref');
    expect(taken).toEqual({ fields: { shortcut: { key: 'canned.shortcutTaken', params: { shortcut: 'ref' } } }, general: null });
    const invalid = cannedErrors({ code: 'invalid_input', message: 'x', details: [{ path: 'title', message: 'too long' }] }, 'ref');
    expect(invalid.fields).toEqual({ title: { key: 'canned.titleRule' } });
    expect(cannedErrors({ code: 'forbidden', message: 'admins only' }, 'ref').general?.code).toBe('forbidden');
  });

  it('is a settings section of its own', () => {
    expect(settingsFromHash('#/settings/canned')).toBe('canned');
  });
});

describe('mentions', () => {
  const agents = [
    agent('me', 'Admin', 'admin@x.test'),
    agent('mina', 'Mina Park', 'mina@x.test'),
    agent('jun', 'Jun Seo', 'jun@x.test'),
    agent('parker', 'Sam Parker', 'sam@x.test'),
    agent('gone', 'Mike Gone', 'mike@x.test', false),
  ];

  it('lists active colleagues, never the agent, by name first, then a word of the name, then e-mail', () => {
    expect(matchAgents(agents, '', 'me', 'en').map((a) => a.id)).toEqual(['jun', 'mina', 'parker']);
    expect(matchAgents(agents, 'par', 'me', 'en').map((a) => a.id)).toEqual(['mina', 'parker']);
    expect(matchAgents(agents, 'sam@', 'me', 'en').map((a) => a.id)).toEqual(['parker']);
    expect(matchAgents(agents, 'mi', 'me', 'en').map((a) => a.id)).toEqual(['mina']);
    expect(matchAgents(agents, 'ad', 'me', 'en')).toEqual([]);
  });

  it('sends the chosen colleagues whose @Name is still in the text, once each', () => {
    const chosen = remember(remember([], { id: 'mina', name: 'Mina Park' }), { id: 'jun', name: 'Jun Seo' });
    expect(mentionsIn('@Mina Park and @Jun Seo, see this', chosen)).toEqual(['mina', 'jun']);
    expect(mentionsIn('@Mina Park @Mina Park', chosen)).toEqual(['mina']);
    expect(mentionsIn('@Jun Seo only', chosen)).toEqual(['jun']);
    expect(mentionsIn('@Mina Parker is someone else; Mina Park without @', chosen)).toEqual([]);
    expect(mentionsIn('', chosen)).toEqual([]);
  });

  it('carries mentions on a note only (the server refuses them on a reply)', () => {
    const base = { text: '@Mina Park', clientMsgId: 'c1', mentions: ['mina'] };
    expect(messagePayload({ ...base, type: 'note' }).mentions).toEqual(['mina']);
    expect(messagePayload({ ...base, type: 'agent' })).not.toHaveProperty('mentions');
    expect(messagePayload({ ...base, type: 'note', mentions: [] })).not.toHaveProperty('mentions');
  });
});
