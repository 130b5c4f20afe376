import type { Message } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { editTicket } from '../../src/domain/edit-ticket.ts';
import { subjectFromText } from '../../src/domain/subject.ts';
import { AppError } from '../../src/lib/app-error.ts';
import { listLine } from '../../src/lib/list-text.ts';
import { previewOf, previewOfMessage } from '../../src/lib/preview.ts';
import { conversationFromDoc, conversationToDoc } from '../../src/store/mongo/map.ts';
import { ticketAfterMessage, toConversation } from '../../src/store/records.ts';
import type { ConversationRecord } from '../../src/store/types.ts';

/**
 * Issue #8, hole 14: an agent's ticket list cannot be spoofed with invisible characters. Subjects and previews
 * lose bidi overrides, isolates and marks and zero-width characters wherever they are derived (first message,
 * every later message, an agent's subject edit); message bodies keep every character.
 */

const ticket = (over: Partial<ConversationRecord> = {}): ConversationRecord => ({
  id: 'c1', deskId: 'd1', number: 7, subject: 'Help', status: 'open', priority: 'normal', channel: 'web', contactId: 'v1',
  assigneeId: null, teamId: null, tags: [], snoozedUntil: null, lastSeq: 3, lastMessageAt: 't0', lastMessagePreview: '', createdAt: 't0', updatedAt: 't0',
  version: 2, openKey: 'v1:web', ...over,
});
const ctx = { actor: { type: 'agent' as const, id: 'a1' }, eventId: 'e1', at: 't1' };
const message = (text: string, attachments: Message['attachments'] = []): Message => ({
  id: 'm1', conversationId: 'c1', seq: 4, clientMsgId: 'client-msg-1', type: 'visitor', authorId: 'v1', authorName: null,
  text, attachments, createdAt: 't2',
});

const BIDI = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C'];
const ZERO_WIDTH = ['\u200B', '\u200C', '\u200D', '\uFEFF', '\u2060'];
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('ticket subjects and list previews hold no invisible controls', () => {
  it('a subject derived from the first message loses bidi controls and zero-width characters', () => {
    expect(subjectFromText('invoice_\u202Egpj.exe')).toBe('invoice_gpj.exe');
    expect(subjectFromText('Refund \u2066please\u2069 now')).toBe('Refund please now');
    expect(subjectFromText('Pay\u200BPal account locked')).toBe('PayPal account locked');
    for (const ch of [...BIDI, ...ZERO_WIDTH]) {
      expect(subjectFromText(`a${ch}b${ch}`), JSON.stringify(ch)).toBe('ab');
    }
  });

  it('skips a first line that is invisible only, and names an invisible-only message "New conversation"', () => {
    expect(subjectFromText('\u200B\u202E\u2060\nWhere is my parcel?')).toBe('Where is my parcel?');
    expect(subjectFromText('\u200B\u200D\u202E\u2069')).toBe('New conversation');
  });

  it('counts only visible characters against the length limit, and never cuts a character in half', () => {
    expect(subjectFromText(`a${'\u200B'.repeat(500)}b`)).toBe('ab');
    const cut = subjectFromText('😀'.repeat(60));
    expect(cut).not.toMatch(LONE_SURROGATE);
    expect(cut.endsWith('…')).toBe(true);
    expect(previewOf('😀'.repeat(100))).not.toMatch(LONE_SURROGATE);
  });

  it('keeps Korean, right-to-left scripts and emoji as they are', () => {
    expect(subjectFromText('배송이 아직 안 왔어요')).toBe('배송이 아직 안 왔어요');
    expect(subjectFromText('שלום, ההזמנה שלי')).toBe('שלום, ההזמנה שלי');
    expect(previewOf('مرحبا 👋🏽 🇰🇷')).toBe('مرحبا 👋🏽 🇰🇷');
  });

  it('a preview loses them too, from message text and from file names', () => {
    expect(previewOf('hello \u202Edlrow\u202C')).toBe('hello dlrow');
    expect(previewOfMessage({ text: '', attachments: [{ name: 'scan\u200B\u2067fdp.exe' }] })).toBe('📎 scanfdp.exe');
  });

  it('every message after the first sets a clean preview, and its body keeps every character', () => {
    const body = 'family 👨\u200D👩\u200D👧 \u202Eabc\u202C 배송';
    const sent = message(body);
    const after = ticketAfterMessage(ticket(), sent, null);
    expect(after.lastMessagePreview).toBe('family 👨👩👧 abc 배송');
    expect(sent.text).toBe(body);
  });

  it("an agent's subject edit is cleaned before it is stored or announced", () => {
    const result = editTicket(ticket(), { subject: 'VIP \u202Etnegru\u202C\ncall back' }, ctx);
    expect(result?.patch).toEqual({ subject: 'VIP tnegru call back' });
    expect(result?.events[0]?.data).toEqual({ cause: 'edit', changes: { subject: { from: 'Help', to: 'VIP tnegru call back' } } });
    // the same subject hidden behind invisible characters is no change at all
    expect(editTicket(ticket(), { subject: 'He\u200Blp' }, ctx)).toBeNull();
  });

  it('refuses a subject edit that is invisible only', () => {
    const edit = () => editTicket(ticket(), { subject: '\u200B\u202E\u2060' }, ctx);
    expect(edit).toThrow(AppError);
    expect(edit).toThrow(/subject/);
  });
});

describe('tickets stored before subjects and previews were cleaned', () => {
  const dirty = ticket({ subject: 'invoice_\u202Egpj.exe', lastMessagePreview: 'Pay\u200BPal \u2066locked\u2069' });

  it('leave every wire view clean, on both adapters', () => {
    expect(toConversation(dirty)).toMatchObject({ subject: 'invoice_gpj.exe', lastMessagePreview: 'PayPal locked' });
    expect(conversationFromDoc(conversationToDoc(dirty))).toMatchObject({ subject: 'invoice_gpj.exe', lastMessagePreview: 'PayPal locked' });
  });
});

describe('subjects and previews are derived in linear time', () => {
  const timed = (run: () => string): number => {
    const start = performance.now();
    run();
    return performance.now() - start;
  };

  it('finishes hostile 100 k inputs within a generous bound', () => {
    for (const text of [
      ' \u200B'.repeat(50_000) + 'x',
      '\u202E'.repeat(100_000),
      '\n'.repeat(100_000) + 'x',
      ' \n\t'.repeat(33_000) + 'x',
      'https://example.com/' + ')'.repeat(100_000),
      '😀\u200D'.repeat(33_000),
    ]) {
      expect(timed(() => subjectFromText(text)), JSON.stringify(text.slice(0, 4))).toBeLessThan(200);
      expect(timed(() => previewOf(text)), JSON.stringify(text.slice(0, 4))).toBeLessThan(200);
    }
  });
});

/** What listLine must return: the full cleaning, without the shortcut for text that is clean already. */
const cleaned = (text: string) =>
  text
    .replace(/[\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/g, '')
    .replace(/\s+/g, ' ')
    .trim();

describe('listLine returns clean text as it is, without new strings', () => {
  it('cleans invisible characters and whitespace runs, and returns clean text as it is', () => {
    expect(listLine('  Refund\n\nfor  order\u202E  ')).toBe('Refund for order');
    expect(listLine('Pay\u200BPal')).toBe('PayPal');
    expect(listLine('a\u00a0b')).toBe('a b');
    expect(listLine('\u200B ')).toBe('');
    const clean = 'Where is my order #1234?';
    expect(listLine(clean)).toBe(clean);
  });

  it('agrees with the full cleaning on random text of the characters that matter', () => {
    const alphabet = ['a', 'b', '한', ' ', '  ', '\n', '\t', '\u00a0', '\u200b', '\u202e', '\u2066', '\ufeff', '\u061c', '😀'];
    let seed = 42;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31);
    for (let i = 0; i < 5000; i++) {
      const text = Array.from({ length: next() % 12 }, () => alphabet[next() % alphabet.length]).join('');
      expect(listLine(text), JSON.stringify(text)).toBe(cleaned(text));
    }
  });
});
