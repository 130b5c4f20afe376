import { DeskSettingsPatch, VisitorProfile, parse, type FormField, type WidgetForms } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { deskAvailability } from '../../src/domain/availability.ts';
import { pickAgent } from '../../src/domain/routing.ts';
import { checkFormAnswers, formSettingsProblem, teamForNewTicket } from '../../src/domain/visitor-forms.ts';
import { NEW_AGENT_DEFAULTS, NEW_CONTACT_DEFAULTS } from '../../src/store/defaults.ts';
import { readWidgetForms } from '../../src/store/form-settings.ts';
import type { AgentRecord, ContactRecord } from '../../src/store/types.ts';

const field = (kind: FormField['kind'], required = false, key: string = kind): FormField => ({ kind, key, label: { en: '', ko: '' }, required });
const forms = (over: Partial<WidgetForms['preChat']> = {}, rest: Partial<WidgetForms> = {}): WidgetForms => ({
  preChat: { enabled: true, fields: [field('name'), field('email', true), field('team', true), field('text', false, 'plan')], teamIds: ['billing', 'tech'], ...over },
  offline: { enabled: true },
  emailPrompt: true,
  ...rest,
});
const contact = (over: Partial<ContactRecord> = {}): ContactRecord => ({
  ...NEW_CONTACT_DEFAULTS, id: 'v1', deskId: 'd', externalId: null, name: null, email: null, createdAt: 't', lastSeenAt: 't', tokenHash: 'h', identityKey: 'anon:v1', ...over,
});
const at = '2026-11-30T10:00:00.000Z';
const answers = (over: Record<string, unknown>) => {
  const parsed = parse(VisitorProfile, { form: 'prechat', ...over });
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
};

describe('the pre-chat form', () => {
  it('puts the answers on the contact: name, unverified e-mail asked to follow up, custom fields as attributes, the team until its ticket starts', () => {
    const verdict = checkFormAnswers(forms(), answers({ name: 'Mina', email: 'Mina@Example.com', teamId: 'tech', fields: { plan: 'Pro' } }), contact({ attributes: { vip: 'yes' } }), at);
    expect(verdict).toEqual({
      ok: true,
      change: {
        name: 'Mina',
        email: 'mina@example.com',
        verified: { name: false, email: false },
        emailFollowUp: true,
        attributes: { vip: 'yes', plan: 'Pro' },
        preChatAt: at,
        preChatTeamId: 'tech',
      },
    });
  });

  it('names every missing required answer and every answer the form does not ask, field by field', () => {
    const verdict = checkFormAnswers(forms(), answers({ name: 'Mina', teamId: 'sales', fields: { plan: 'Pro', age: '3' } }), contact(), at);
    expect(verdict.ok).toBe(false);
    expect('issues' in verdict && verdict.issues.map((i) => i.path)).toEqual(['fields.age', 'teamId', 'email']);
    const empty = checkFormAnswers(forms(), answers({ email: '' }), contact(), at);
    expect('issues' in empty && empty.issues.map((i) => i.path)).toEqual(['email', 'teamId']);
  });

  it('refuses a malformed e-mail before any rule (the schema names the field)', () => {
    const parsed = parse(VisitorProfile, { form: 'prechat', email: 'mina@' });
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error.details).toEqual([{ path: 'email', message: 'must be an e-mail address' }]);
  });

  it('never replaces what the site signed, and says when the form is off', () => {
    const signed = contact({ name: 'Signed', email: 'signed@example.com', verified: { name: true, email: true } });
    const verdict = checkFormAnswers(forms(), answers({ name: 'Typed', email: 'typed@example.com', teamId: 'billing' }), signed, at);
    expect(verdict).toEqual({ ok: true, change: { emailFollowUp: true, preChatAt: at, preChatTeamId: 'billing' } });
    expect(checkFormAnswers(forms({ enabled: false }), answers({ email: 'a@b.co' }), contact(), at)).toEqual({ ok: false, off: true });
  });

  it('the offline form and the e-mail prompt take an e-mail, required', () => {
    const offline = checkFormAnswers(forms(), { form: 'offline', email: 'a@b.co' }, contact(), at);
    expect(offline).toEqual({ ok: true, change: { email: 'a@b.co', verified: { name: false, email: false }, emailFollowUp: true } });
    const missing = checkFormAnswers(forms(), { form: 'email' }, contact(), at);
    expect('issues' in missing && missing.issues).toEqual([{ path: 'email', message: 'required' }]);
    expect(checkFormAnswers(forms({}, { emailPrompt: false }), { form: 'email', email: 'a@b.co' }, contact(), at)).toEqual({ ok: false, off: true });
  });
});

describe('routing by the team choice', () => {
  it('a new ticket starts in the chosen team when the form offers it, else in none', () => {
    expect(teamForNewTicket(forms(), 'tech')).toBe('tech');
    expect(teamForNewTicket(forms(), 'sales')).toBeNull(); // not offered (or removed since)
    expect(teamForNewTicket(forms(), undefined)).toBeNull();
    expect(teamForNewTicket(forms({ enabled: false }), 'tech')).toBeNull();
    expect(teamForNewTicket(forms({ fields: [field('email')] }), 'tech')).toBeNull();
  });

  it("the ticket then goes to that team's members only", () => {
    const agent = (id: string): AgentRecord => ({ ...NEW_AGENT_DEFAULTS, id, deskId: 'd', name: id, email: `${id}@x`, role: 'agent', passwordHash: 'x', createdAt: 't' });
    const states = [{ agent: agent('ann'), load: 0, lastRoutedAt: 0 }, { agent: agent('bo'), load: 0, lastRoutedAt: 5 }];
    const teamId = teamForNewTicket(forms(), 'tech');
    expect(pickAgent('round_robin', { teamId }, states, new Set(['bo']), 5)?.id).toBe('bo');
  });
});

describe('the form settings', () => {
  it('a team field needs teams of the desk to offer', () => {
    expect(formSettingsProblem(forms(), new Set(['billing', 'tech']))).toBeNull();
    expect(formSettingsProblem(forms(), new Set(['billing']))).toEqual({ path: 'forms.preChat.teamIds.1', message: 'no such team' });
    expect(formSettingsProblem(forms({ teamIds: [] }), new Set())).toMatchObject({ path: 'forms.preChat.teamIds' });
  });

  it('validates fields: a custom one needs a key and a label, each field once', () => {
    const patch = (fields: unknown[]) => parse(DeskSettingsPatch, { version: 1, forms: { preChat: { enabled: true, fields, teamIds: [] } } });
    const ok = patch([{ kind: 'email', required: true }, { kind: 'text', key: 'plan', label: { en: 'Plan', ko: '' } }]);
    expect(ok.ok && ok.value.forms?.preChat?.fields).toEqual([
      { kind: 'email', key: 'email', label: { en: '', ko: '' }, required: true },
      { kind: 'text', key: 'plan', label: { en: 'Plan', ko: '' }, required: false },
    ]);
    const paths = (fields: unknown[]) => {
      const r = patch(fields);
      return r.ok ? [] : (r.error.details as { path: string }[]).map((d) => d.path);
    };
    expect(paths([{ kind: 'text', label: { en: 'Plan', ko: '' } }])).toEqual(['forms.preChat.fields.0.key']);
    expect(paths([{ kind: 'text', key: 'plan' }])).toEqual(['forms.preChat.fields.0.label']);
    expect(paths([{ kind: 'email' }, { kind: 'email' }])).toEqual(['forms.preChat.fields.1.key']);
    expect(paths([{ kind: 'text', key: '$where', label: { en: 'x', ko: '' } }])).toEqual(['forms.preChat.fields.0.key']);
  });

  it('reads damaged stored forms as off, dropping damaged fields', () => {
    expect(readWidgetForms(undefined)).toEqual({ preChat: { enabled: false, fields: [], teamIds: [] }, offline: { enabled: false }, emailPrompt: false });
    expect(readWidgetForms({ preChat: { enabled: true, fields: [{ kind: 'nope', key: 'x' }, { kind: 'name', key: 'name' }], teamIds: [1, 't'] } })).toEqual({
      preChat: { enabled: true, fields: [field('name')], teamIds: ['t'] },
      offline: { enabled: false },
      emailPrompt: false,
    });
  });
});

describe('whether someone would answer', () => {
  const agent = (id: string, over: Partial<AgentRecord> = {}) => ({ id, active: true, availability: 'online' as const, ...over });
  it('online when an available agent is there, away when only away ones are, else offline', () => {
    const here = (ids: string[]) => (id: string) => ids.includes(id);
    expect(deskAvailability([agent('a'), agent('b', { availability: 'away' })], here(['a', 'b']))).toBe('online');
    expect(deskAvailability([agent('a'), agent('b', { availability: 'away' })], here(['b']))).toBe('away');
    expect(deskAvailability([agent('a', { active: false }), agent('b', { availability: 'offline' })], here(['a', 'b']))).toBe('offline');
    expect(deskAvailability([], here([]))).toBe('offline');
  });
});
