import { describe, expect, it } from 'vitest';
import type { DeskSettings } from '@parley/protocol/settings';
import { hashForSettings, settingsFromHash, ticketFromHash } from '../src/route.ts';
import { parseCapacity } from '../src/state/capacity.ts';
import { deskForm, deskPatch } from '../src/state/desk-form.ts';
import { formErrors, reasonOf, withField } from '../src/state/form-errors.ts';
import { parseOrigins } from '../src/state/origins.ts';
import { checkNewAgent, handedOver, newAgentErrors } from '../src/state/new-agent.ts';
import { generatePassword } from '../src/state/password.ts';
import { agentUpdateOf, deskRulesOf } from '../src/state/settings-guards.ts';

describe('settings routes', () => {
  it('reads the section from the hash and leaves ticket routes alone', () => {
    expect(settingsFromHash('#/settings/agents')).toBe('agents');
    expect(settingsFromHash('#/settings/desk')).toBe('desk');
    expect(settingsFromHash('#/settings')).toBe('profile');
    expect(settingsFromHash('#/settings/nonsense')).toBe('profile');
    expect(settingsFromHash('#/c/abc')).toBeNull();
    expect(settingsFromHash('')).toBeNull();
    expect(ticketFromHash(hashForSettings('desk'))).toBeNull();
    expect(hashForSettings('profile')).toBe('#/settings/profile');
  });
});

describe('form errors', () => {
  const rules = { name: 'form.name', allowedOrigins: 'form.origins', currentPassword: 'form.required' } as const;

  it('puts zod issue paths on their fields, items with their line', () => {
    const errors = formErrors(
      {
        code: 'invalid_input',
        message: 'allowedOrigins.1: must be an origin',
        details: [
          { path: 'allowedOrigins.1', message: 'must be an origin like https://www.example.com (no path)' },
          { path: 'name', message: 'must not be empty' },
        ],
      },
      rules,
      { allowedOrigins: 'form.originLine' },
    );
    expect(errors.fields.allowedOrigins).toEqual({ key: 'form.originLine', params: { line: 2 } });
    expect(errors.fields.name).toEqual({ key: 'form.name' });
    expect(errors.general).toBeNull();
  });

  it('reads a service rule ({ field, reason }) in our own words', () => {
    const wrong = formErrors({ code: 'invalid_input', message: 'The current password is wrong', details: { field: 'currentPassword', reason: 'wrong_password' } }, rules);
    expect(wrong.fields.currentPassword).toEqual({ key: 'form.wrongPassword' });
    const pinned = formErrors({ code: 'invalid_input', message: 'name is set by DESK_NAME', details: { field: 'name', reason: 'pinned' } }, rules);
    expect(pinned.fields.name).toEqual({ key: 'form.pinned' });
  });

  it('leaves to the whole form what no field claims, and every other code', () => {
    const unknownField = { code: 'invalid_input' as const, message: 'x', details: [{ path: 'role', message: 'bad' }] };
    expect(formErrors(unknownField, rules).general).toBe(unknownField);
    const conflict = { code: 'conflict' as const, message: 'x', details: { reason: 'last_admin' } };
    expect(formErrors(conflict, rules)).toEqual({ fields: {}, general: conflict });
    expect(reasonOf(conflict)).toBe('last_admin');
    expect(reasonOf({ code: 'forbidden', message: 'x' })).toBeNull();
    expect(formErrors(null, rules)).toEqual({ fields: {}, general: null });
    expect(withField(formErrors(null, rules), 'name', { key: 'form.name' }).fields).toEqual({ name: { key: 'form.name' } });
  });
});

describe('allowed origins box', () => {
  it('keeps origins, names the lines that are not, ignores blank lines and repeats', () => {
    expect(parseOrigins('https://shop.example.com\n\n  http://localhost:8080/ \nhttps://shop.example.com')).toEqual({
      origins: ['https://shop.example.com', 'http://localhost:8080'],
      invalidLines: [],
    });
    expect(parseOrigins('https://ok.example\nexample.com\nhttps://x.example/path\nftp://files.example').invalidLines).toEqual([2, 3, 4]);
    expect(parseOrigins('')).toEqual({ origins: [], invalidLines: [] });
  });
});

describe('capacity', () => {
  it('is empty for the desk default, else 1 to 100', () => {
    expect(parseCapacity('')).toBeNull();
    expect(parseCapacity(' 5 ')).toBe(5);
    expect(parseCapacity('100')).toBe(100);
    expect(parseCapacity('0')).toBeUndefined();
    expect(parseCapacity('101')).toBeUndefined();
    expect(parseCapacity('2.5')).toBeUndefined();
    expect(parseCapacity('-1')).toBeUndefined();
  });
});

describe('generated passwords', () => {
  it('are long enough, from an unambiguous alphabet, and differ', () => {
    const a = generatePassword();
    expect(a).toHaveLength(16);
    expect(a).toMatch(/^[a-km-zA-HJ-NP-Z2-9]+$/);
    expect(generatePassword()).not.toBe(a);
  });

  it('never biases towards the first letters (bytes past the last full alphabet round are dropped)', () => {
    let calls = 0;
    const password = generatePassword(4, (bytes) => bytes.fill(calls++ === 0 ? 255 : 0));
    expect(password).toBe('aaaa'); // the 255s were refused, then index 0 four times
  });
});

const settings: DeskSettings = {
  name: 'Parley Support',
  widget: { color: '#2453c7', position: 'right', launcherLabel: { en: 'Chat', ko: '채팅' }, greeting: { en: 'Hi!', ko: '안녕하세요!' }, sound: true, typingPreview: false },
  allowedOrigins: ['https://shop.example.com'],
  replyPolicy: 'warn',
  routing: { mode: 'manual', defaultCapacity: 5, reassignWhenOffline: false },
  forms: { preChat: { enabled: false, fields: [], teamIds: [] }, offline: { enabled: false }, emailPrompt: false },
  identitySecret: { configured: false },
  pinned: [],
  version: 7,
  updatedAt: '2026-01-01T00:00:00.000Z',
};

describe('desk settings form', () => {
  it('turns the settings into a form and back into a patch with the version seen', () => {
    const form = { ...deskForm(settings), color: '#FF0000', greetingKo: ' 반갑습니다 ', typingPreview: true, replyPolicy: 'block' as const, defaultCapacity: '3' };
    const result = deskPatch(form, settings);
    expect(result).toEqual({
      ok: true,
      patch: {
        version: 7,
        name: 'Parley Support',
        widget: { color: '#ff0000', position: 'right', launcherLabel: { en: 'Chat', ko: '채팅' }, greeting: { en: 'Hi!', ko: '반갑습니다' }, sound: true, typingPreview: true },
        allowedOrigins: ['https://shop.example.com'],
        replyPolicy: 'block',
        routing: { mode: 'manual', defaultCapacity: 3, reassignWhenOffline: false },
        forms: settings.forms,
      },
    });
  });

  it('leaves out what the environment pins', () => {
    const result = deskPatch({ ...deskForm(settings), name: '' }, { ...settings, pinned: ['name', 'allowedOrigins'] });
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.patch).not.toHaveProperty('name');
      expect(result.patch).not.toHaveProperty('allowedOrigins');
    }
  });

  it('finds the wrong fields before sending, with the server’s field names', () => {
    const result = deskPatch(
      { ...deskForm(settings), name: ' ', color: 'blue', origins: 'https://a.example\nnot an origin', defaultCapacity: '0', launcherEn: 'x'.repeat(41) },
      settings,
    );
    expect(result).toEqual({
      ok: false,
      problems: {
        name: { key: 'form.name' },
        'widget.color': { key: 'form.color' },
        'widget.launcherLabel.en': { key: 'form.text40' },
        allowedOrigins: { key: 'form.originLine', params: { line: 2 } },
        'routing.defaultCapacity': { key: 'form.capacityRequired' },
      },
    });
  });
});

describe('settings pushes', () => {
  it('narrows desk.updated and agent.updated payloads', () => {
    expect(deskRulesOf({ desk: { name: 'D', replyPolicy: 'block', routingMode: 'manual' } })).toEqual({ name: 'D', replyPolicy: 'block', routingMode: 'manual' });
    expect(deskRulesOf({ desk: { name: 'D', replyPolicy: 'never', routingMode: 'manual' } })).toBeNull();
    expect(deskRulesOf(null)).toBeNull();
    const agent = { id: 'a', deskId: 'd', name: 'Mina', email: 'm@x.test', role: 'agent', active: false, initials: 'MP', availability: 'away', capacity: 3 };
    expect(agentUpdateOf({ agent })).toEqual(agent);
    expect(agentUpdateOf({ agent: { ...agent, active: 'no' } })).toBeNull();
  });
});

describe('add-an-agent form', () => {
  it('checks name, e-mail and password before sending', () => {
    expect(checkNewAgent({ name: 'Mina', email: 'mina@example.com', password: 'long enough!' }).fields).toEqual({});
    expect(checkNewAgent({ name: ' ', email: 'mina@', password: 'short' }).fields).toEqual({
      name: { key: 'form.name' },
      email: { key: 'form.email' },
      password: { key: 'form.password' },
    });
  });

  it('hands over the generated password once the agent is added, never a typed one', () => {
    expect(handedOver('pQkzvaLS8xY3mnTw', 'pQkzvaLS8xY3mnTw')).toBe('pQkzvaLS8xY3mnTw');
    expect(handedOver('typed by the admin', null)).toBeNull();
    // generated, then edited by hand: the admin knows what they typed
    expect(handedOver('pQkzvaLS8xY3mnTw!', 'pQkzvaLS8xY3mnTw')).toBeNull();
  });

  it('reads a conflict as the e-mail being taken, and zod paths as their fields', () => {
    expect(newAgentErrors({ code: 'conflict', message: 'An agent with e-mail x already exists' })).toEqual({
      fields: { email: { key: 'agents.emailTaken' } },
      general: null,
    });
    const invalid = newAgentErrors({ code: 'invalid_input', message: 'email: Invalid email', details: [{ path: 'email', message: 'Invalid email address' }] });
    expect(invalid.fields).toEqual({ email: { key: 'form.email' } });
    const forbidden = { code: 'forbidden' as const, message: 'Only an admin can do this' };
    expect(newAgentErrors(forbidden).general).toBe(forbidden);
  });
});
