import { describe, expect, it } from 'vitest';
import { contactLabel } from '../src/state/contact-label.ts';
import { customerName, learnNames, noContactNames, unnamedContacts } from '../src/state/contact-names.ts';
import { conversation } from './fixtures.ts';

const minji = { id: 'k1', name: '김민지', email: 'minji@example.com' };
const mailOnly = { id: 'k2', name: null, email: 'jun@example.com' };
const anonymous = { id: 'k3', name: null, email: null };

describe("the ticket list's customer names", () => {
  it('names a row by the name, else the e-mail; null (the row says Visitor) with neither; undefined until known', () => {
    const names = learnNames(noContactNames, [minji, mailOnly, anonymous, { id: 'k4', name: '  ', email: null }]);
    expect(customerName(names, 'k1')).toBe('김민지');
    expect(customerName(names, 'k2')).toBe('jun@example.com');
    expect(customerName(names, 'k3')).toBeNull();
    expect(customerName(names, 'k4')).toBeNull();
    expect(customerName(names, 'unknown')).toBeUndefined();
  });

  it('learns a page, keeps only name and e-mail, and keeps the same map when nothing changed (no re-render)', () => {
    const names = learnNames(noContactNames, [{ ...minji, phone: '010', attributes: { plan: 'Pro' } } as typeof minji]);
    expect(names.get('k1')).toEqual(minji);
    expect(learnNames(names, [minji])).toBe(names);
    const renamed = learnNames(names, [{ ...minji, name: 'Minji Kim' }]);
    expect(renamed).not.toBe(names);
    expect(customerName(renamed, 'k1')).toBe('Minji Kim');
    expect(learnNames(names, [])).toBe(names);
  });

  it('asks for the customers a live ticket brought that the list cannot name yet, each once', () => {
    const names = learnNames(noContactNames, [minji]);
    const list = [
      conversation('c1', { contactId: 'k1' }),
      conversation('c2', { contactId: 'k9' }),
      conversation('c3', { contactId: 'k9' }),
      conversation('c4', { contactId: 'k8' }),
    ];
    expect(unnamedContacts(list, names, new Set())).toEqual(['k9', 'k8']);
    expect(unnamedContacts(list, names, new Set(['k9']))).toEqual(['k8']);
  });

  it('the merge picker and the list name a contact the same way', () => {
    expect(contactLabel({ name: '', email: 'a@example.com', phone: null }).main).toBe('a@example.com');
    expect(contactLabel({ name: ' ', email: null, phone: null }).main).toBeNull();
  });
});
