import { describe, expect, it } from 'vitest';
import type { WidgetForms } from '@parley/protocol/settings';
import { formsForm, formsPatch } from '../src/state/forms-form.ts';

const stored: WidgetForms = {
  preChat: {
    enabled: true,
    fields: [
      { kind: 'email', key: 'email', label: { en: '', ko: '' }, required: true },
      { kind: 'team', key: 'team', label: { en: '', ko: '' }, required: false },
      { kind: 'text', key: 'order', label: { en: 'Order number', ko: '주문 번호' }, required: false },
    ],
    teamIds: ['billing', 'gone'],
  },
  offline: { enabled: true },
  emailPrompt: false,
};

describe('the chat forms in the desk settings', () => {
  it('shows each built-in question as off, optional or required, and custom ones as rows', () => {
    const form = formsForm(stored);
    expect(form.builtins).toEqual({ name: 'off', email: 'required', phone: 'off', team: 'optional' });
    expect(form.custom).toEqual([{ key: 'order', labelEn: 'Order number', labelKo: '주문 번호', required: false }]);
    expect(form).toMatchObject({ preChat: true, offline: true, emailPrompt: false });
  });

  it('gives back the same forms, dropping a team deleted meanwhile', () => {
    const patch = formsPatch(formsForm(stored), new Set(['billing']));
    expect(patch).toEqual({ ok: true, forms: { ...stored, preChat: { ...stored.preChat, teamIds: ['billing'] } } });
    expect(formsPatch(formsForm(stored), null)).toEqual({ ok: true, forms: stored });
  });

  it('names the first wrong custom field by its line, and asks for a team when the team question is on', () => {
    const form = formsForm(stored);
    const bad = { ...form, custom: [...form.custom, { key: 'order', labelEn: 'Again', labelKo: '', required: false }, { key: '', labelEn: '', labelKo: '', required: false }] };
    expect(formsPatch(bad, null)).toEqual({ ok: false, problems: { 'forms.preChat.fields': { key: 'form.customField', params: { line: 2 } } } });
    expect(formsPatch({ ...form, custom: [{ key: 'plan', labelEn: '', labelKo: '', required: true }] }, null)).toMatchObject({ ok: false });
    expect(formsPatch({ ...form, teamIds: [] }, new Set(['billing']))).toEqual({ ok: false, problems: { 'forms.preChat.teamIds': { key: 'form.teamChoice' } } });
    expect(formsPatch({ ...form, builtins: { ...form.builtins, team: 'off' }, teamIds: [] }, null)).toMatchObject({ ok: true });
  });
});
