import { fillPlaceholders, matchCanned } from '@parley/protocol';
import { describe, expect, it } from 'vitest';

describe('canned response placeholders', () => {
  const values = { 'contact.name': 'Jisoo', 'contact.email': null, 'agent.name': 'Mina', 'ticket.number': '42', 'desk.name': 'Acme' };

  it('fills what is known, with spaces allowed inside the braces', () => {
    expect(fillPlaceholders('Hi {{contact.name}}, {{ agent.name }} from {{desk.name}} here (#{{ticket.number}}).', values)).toBe(
      'Hi Jisoo, Mina from Acme here (#42).',
    );
  });

  it('uses the fallback for an empty value, or nothing', () => {
    expect(fillPlaceholders('Write to {{contact.email | your address}}.', values)).toBe('Write to your address.');
    expect(fillPlaceholders('Hi {{contact.name|there}}!', { ...values, 'contact.name': '  ' })).toBe('Hi there!');
    expect(fillPlaceholders('[{{contact.email}}]', values)).toBe('[]');
  });

  it('leaves an unknown placeholder as written, so a typo shows before sending', () => {
    expect(fillPlaceholders('Hi {{contact.nmae}}', values)).toBe('Hi {{contact.nmae}}');
    expect(fillPlaceholders('{{constructor.prototype}}', values)).toBe('{{constructor.prototype}}');
  });
});

describe('finding a canned response by what follows /', () => {
  const all = [
    { shortcut: 'refund', title: 'Refund policy' },
    { shortcut: 'hello', title: 'Greeting' },
    { shortcut: 'shipping', title: 'Where is my refund?' },
  ];
  it('puts shortcut matches before title matches, then anything containing the text', () => {
    expect(matchCanned(all, 'ref').map((c) => c.shortcut)).toEqual(['refund', 'shipping']);
    expect(matchCanned(all, 'gre').map((c) => c.shortcut)).toEqual(['hello']);
    expect(matchCanned(all, 'where').map((c) => c.shortcut)).toEqual(['shipping']);
    expect(matchCanned(all, 'fund').map((c) => c.shortcut)).toEqual(['refund', 'shipping']);
    expect(matchCanned(all, '').length).toBe(3);
    expect(matchCanned(all, 'zzz')).toEqual([]);
  });
});
