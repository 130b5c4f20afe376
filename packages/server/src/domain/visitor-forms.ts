import type { FormField, VisitorProfileInput, WidgetForms } from '@parley/protocol';
import type { ContactChange, ContactRecord } from '../store/types.ts';

/**
 * The widget's forms, as pure rules: whether the desk's form settings hold together, what a visitor's answers change
 * on their contact (or which answers are wrong, field by field), and which team a pre-chat choice routes a new ticket
 * to.
 */

/** One wrong answer or setting, named by its path in the payload (`email`, `fields.plan`, `forms.preChat.teamIds`). */
export interface FieldIssue {
  path: string;
  message: string;
}

/** The forms' teams must be the desk's own, and a team field must offer at least one. */
export function formSettingsProblem(forms: WidgetForms, deskTeamIds: ReadonlySet<string>): FieldIssue | null {
  const { fields, teamIds } = forms.preChat;
  const unknown = teamIds.findIndex((id) => !deskTeamIds.has(id));
  if (unknown >= 0) return { path: `forms.preChat.teamIds.${unknown}`, message: 'no such team' };
  if (fields.some((f) => f.kind === 'team') && teamIds.length === 0) {
    return { path: 'forms.preChat.teamIds', message: 'a team field needs at least one team to offer' };
  }
  return null;
}

/** Where a field's answer travels in `visitor:profile`. */
export function answerPath(field: Pick<FormField, 'kind' | 'key'>): string {
  return field.kind === 'text' ? `fields.${field.key}` : field.kind === 'team' ? 'teamId' : field.kind;
}

function answerOf(field: FormField, answers: VisitorProfileInput): string {
  switch (field.kind) {
    case 'name':
      return answers.name ?? '';
    case 'email':
      return answers.email ?? '';
    case 'phone':
      return answers.phone ?? '';
    case 'team':
      return answers.teamId ?? '';
    case 'text':
      return answers.fields?.[field.key] ?? '';
  }
}

/** `off`: the desk has that form switched off (the widget's settings were older than the desk's). */
export type FormVerdict = { ok: true; change: ContactChange } | { ok: false; issues: FieldIssue[] } | { ok: false; off: true };

/**
 * A visitor's answers to one form, checked against the desk's settings: every issue at once (the form shows each by
 * its field). The change puts them on the contact: the name and e-mail unless the site verified them (a typed value
 * never replaces a signed one; a typed e-mail is unverified), the phone, custom fields as attributes; an e-mail asks
 * for replies to follow by e-mail.
 */
export function checkFormAnswers(forms: WidgetForms, answers: VisitorProfileInput, contact: ContactRecord, at: string): FormVerdict {
  const issues: FieldIssue[] = [];
  let fields: FormField[];
  if (answers.form === 'prechat') {
    if (!forms.preChat.enabled) return { ok: false, off: true };
    fields = forms.preChat.fields;
    for (const key of Object.keys(answers.fields ?? {})) {
      if (!fields.some((f) => f.kind === 'text' && f.key === key)) issues.push({ path: `fields.${key}`, message: 'not a field of this form' });
    }
    const team = answers.teamId;
    if (team !== undefined && (!fields.some((f) => f.kind === 'team') || !forms.preChat.teamIds.includes(team))) {
      issues.push({ path: 'teamId', message: 'not a team this form offers' });
    }
  } else {
    const on = answers.form === 'offline' ? forms.offline.enabled : forms.emailPrompt;
    if (!on) return { ok: false, off: true };
    fields = [{ kind: 'email', key: 'email', label: { en: '', ko: '' }, required: true }];
  }
  for (const field of fields) {
    if (field.required && answerOf(field, answers).trim() === '') issues.push({ path: answerPath(field), message: 'required' });
  }
  if (issues.length > 0) return { ok: false, issues };

  const change: ContactChange = {};
  const asked = (kind: FormField['kind']) => fields.some((f) => f.kind === kind);
  const name = answers.name?.trim();
  if (asked('name') && name && !contact.verified.name) change.name = name;
  const email = answers.email?.trim();
  if (asked('email') && email) {
    if (!contact.verified.email && email !== contact.email) {
      change.email = email;
      change.verified = { name: contact.verified.name, email: false };
    }
    change.emailFollowUp = true;
  }
  const phone = answers.phone?.trim();
  if (asked('phone') && phone) change.phone = phone;
  const custom = Object.entries(answers.fields ?? {}).filter(([, value]) => value.trim() !== '');
  if (custom.length > 0) change.attributes = { ...contact.attributes, ...Object.fromEntries(custom.map(([k, v]) => [k, v.trim()])) };
  if (answers.form === 'prechat') change.preChatAt = at;
  // Until a message starts the ticket in it (services/visitor-messages.ts); a reload in between keeps it.
  if (answers.form === 'prechat' && answers.teamId !== undefined && asked('team')) change.preChatTeamId = answers.teamId;
  return { ok: true, change };
}

/** The team a new ticket starts in: the pre-chat choice when the form offers it (a team removed since is ignored). */
export function teamForNewTicket(forms: WidgetForms, teamId: string | undefined): string | null {
  if (teamId === undefined || !forms.preChat.enabled || !forms.preChat.fields.some((f) => f.kind === 'team')) return null;
  return forms.preChat.teamIds.includes(teamId) ? teamId : null;
}
