/** How the inbox names a customer: their name, else their e-mail, else their phone (the views then say "Visitor"). */
import type { Contact } from '@parley/protocol/model';

/** A contact's name, e-mail or phone, whichever comes first (`main`, null when none), with the others after it. */
export function contactLabel(c: Pick<Contact, 'name' | 'email' | 'phone'>): { main: string | null; more: string } {
  const parts = [c.name, c.email, c.phone].filter((p): p is string => typeof p === 'string' && p.trim() !== '');
  return { main: parts[0] ?? null, more: parts.slice(1).join(' · ') };
}
