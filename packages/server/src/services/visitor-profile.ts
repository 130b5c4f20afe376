import type { VisitorProfileInput } from '@parley/protocol';
import { checkFormAnswers } from '../domain/visitor-forms.ts';
import { makeEvent } from '../events/catalogue.ts';
import { AppError } from '../lib/app-error.ts';
import { newId } from '../lib/ids.ts';
import type { ContactRecord } from '../store/types.ts';
import { iso, type ServiceDeps } from './deps.ts';
import { toContactName, toContactView } from './views.ts';

/** What the widget needs to know of its visitor: whether an e-mail is known, whether the pre-chat form was answered. */
export interface VisitorFacts {
  emailKnown: boolean;
  preChatDone: boolean;
}

export const visitorFacts = (contact: Pick<ContactRecord, 'email' | 'preChatAt'>): VisitorFacts => ({
  emailKnown: contact.email !== null && contact.email !== '',
  preChatDone: contact.preChatAt !== null,
});

/**
 * A visitor's answers to one of the widget's forms (pre-chat, offline, e-mail prompt), checked against the desk's form
 * settings field by field (`invalid_input` naming every wrong field in `details`), then put on their contact. The
 * caller's copy of the contact is updated too (the socket's messages carry the new name).
 */
export async function saveVisitorProfile(
  deps: ServiceDeps,
  contact: ContactRecord,
  answers: VisitorProfileInput,
  ip: string,
): Promise<VisitorFacts> {
  await deps.limits.consumeAll([
    ['messagesPerVisitor', contact.id],
    ['messagesPerIp', ip],
  ]);
  const at = iso(deps);
  const verdict = checkFormAnswers(deps.desk.current.settings.forms, answers, contact, at);
  if (!verdict.ok && 'off' in verdict) throw new AppError('forbidden', `The ${answers.form} form is off`, { field: 'form', reason: 'form_off' });
  if (!verdict.ok) {
    const [first] = verdict.issues;
    throw new AppError('invalid_input', `${first?.path}: ${first?.message}`, verdict.issues);
  }
  const fields = Object.keys(verdict.change).filter((k) => k !== 'verified' && k !== 'preChatAt' && k !== 'preChatTeamId');
  let updated: ContactRecord | null = null;
  if (Object.keys(verdict.change).length > 0) {
    updated = await deps.store.updateContact(contact.id, verdict.change);
    if (!updated) throw new AppError('not_found', 'No such contact');
    Object.assign(contact, verdict.change);
  }
  if (updated && fields.length > 0) {
    const base = { id: newId(), deskId: contact.deskId, conversationId: null, actor: { type: 'visitor' as const, id: contact.id }, at };
    await deps.store.appendEvent(makeEvent('contact.updated', base, { contactId: contact.id, fields }));
    // An agent may be answering them right now: their contact panel shows the stored contact (an agent's own edits
    // included) without a reload.
    const open = await deps.store.findOpenConversation(contact.id, 'web');
    if (open) deps.bus.emit('contact.updated', { contact: toContactView(updated), conversationId: open.id });
    if (fields.includes('name') || fields.includes('email')) deps.bus.emit('contact.named', { deskId: contact.deskId, contact: toContactName(updated) });
  }
  return visitorFacts(contact);
}
