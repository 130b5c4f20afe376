import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_LENGTH as SERVER_MAX } from '@parley/protocol/limits';
import { AgentSend } from '@parley/protocol';
import { lengthText } from '../src/components/composer/lengthText.ts';
import { translate, type Locale, type MessageKey, type Params } from '../src/i18n.ts';
import type { ReadyDraft } from '../src/state/drafts.ts';
import {
  asSent,
  COUNTER_FROM_LEFT,
  keptOnServer,
  MAX_MESSAGE_LENGTH,
  messageLength,
  sentText,
} from '../src/state/message-length.ts';

const SIGNATURE = '— Mina, Parley support';
/** What the signature adds to a reply: a blank line and itself. */
const SIGNED = 2 + SIGNATURE.length;
const words = (locale: Locale) => (key: MessageKey, params?: Params) => translate(locale, key, params);

describe("a message's length as the server counts it", () => {
  it("is the server's limit", () => {
    expect(MAX_MESSAGE_LENGTH).toBe(SERVER_MAX);
  });

  it('counts the signature on a reply while the toggle is on, never on a note', () => {
    const text = 'x'.repeat(100);
    expect(messageLength(text, 'agent', SIGNATURE).left).toBe(MAX_MESSAGE_LENGTH - 100 - SIGNED);
    expect(messageLength(text, 'agent', null).left).toBe(MAX_MESSAGE_LENGTH - 100);
    expect(messageLength(text, 'note', SIGNATURE).left).toBe(MAX_MESSAGE_LENGTH - 100);
    expect(messageLength(text, 'agent', SIGNATURE).signed).toBe(true);
    expect(messageLength(text, 'note', SIGNATURE).signed).toBe(false);
    // an empty signature adds nothing, and a text already signed keeps it once
    expect(messageLength(text, 'agent', '  ').left).toBe(MAX_MESSAGE_LENGTH - 100);
    expect(messageLength(`${text}\n\n${SIGNATURE}`, 'agent', SIGNATURE).left).toBe(MAX_MESSAGE_LENGTH - 100 - SIGNED);
  });

  it('counts what the server stores: trimmed, in UTF-16 units', () => {
    expect(messageLength('  hi \n\n', 'note', null).left).toBe(MAX_MESSAGE_LENGTH - 2);
    expect(messageLength('👍', 'note', null).left).toBe(MAX_MESSAGE_LENGTH - 2);
    expect(messageLength('안녕하세요', 'note', null).left).toBe(MAX_MESSAGE_LENGTH - 5);
  });

  it('shows the counter from COUNTER_FROM_LEFT characters left, and is over only past the limit', () => {
    const at = (n: number) => messageLength('a'.repeat(n), 'note', null);
    expect(at(MAX_MESSAGE_LENGTH - COUNTER_FROM_LEFT - 1)).toMatchObject({ shown: false, over: false });
    expect(at(MAX_MESSAGE_LENGTH - COUNTER_FROM_LEFT)).toMatchObject({ shown: true, over: false, left: COUNTER_FROM_LEFT });
    expect(at(MAX_MESSAGE_LENGTH)).toMatchObject({ shown: true, over: false, left: 0 });
    expect(at(MAX_MESSAGE_LENGTH + 1)).toMatchObject({ shown: true, over: true, left: -1 });
  });

  it('knows when turning the signature off would make a reply fit', () => {
    const fits = 'a'.repeat(MAX_MESSAGE_LENGTH - SIGNED + 1);
    expect(messageLength(fits, 'agent', SIGNATURE)).toMatchObject({ over: true, fitsUnsigned: true });
    expect(messageLength('a'.repeat(MAX_MESSAGE_LENGTH + 1), 'agent', SIGNATURE)).toMatchObject({ over: true, fitsUnsigned: false });
    expect(messageLength('a'.repeat(MAX_MESSAGE_LENGTH + 1), 'note', null)).toMatchObject({ over: true, fitsUnsigned: false });
  });

  it('sends exactly what it counted, and the server takes a message right at the limit', () => {
    const draft: ReadyDraft = { text: `${'b'.repeat(MAX_MESSAGE_LENGTH - SIGNED)}\n`, type: 'agent', clientMsgId: 'cm-length-1' };
    const sent = asSent(draft, SIGNATURE);
    expect(sent.text).toBe(sentText(draft.text, 'agent', SIGNATURE));
    expect(sent.text.length).toBe(MAX_MESSAGE_LENGTH);
    expect(sent.text.endsWith(`\n\n${SIGNATURE}`)).toBe(true);
    expect(messageLength(draft.text, 'agent', SIGNATURE)).toMatchObject({ left: 0, over: false });
    const wire = { conversationId: 'c1', clientMsgId: sent.clientMsgId, text: sent.text, type: 'agent' };
    expect(AgentSend.safeParse(wire).success).toBe(true);
    expect(AgentSend.safeParse({ ...wire, text: `${sent.text}!` }).success).toBe(false);
    // a note is sent as written, trimmed as the server would (a long run of blank lines cannot push it over)
    const note = asSent({ text: `${'c'.repeat(MAX_MESSAGE_LENGTH)}${'\n'.repeat(2000)}`, type: 'note', clientMsgId: 'cm-length-2' }, SIGNATURE);
    expect(note.text).toBe('c'.repeat(MAX_MESSAGE_LENGTH));
    expect(AgentSend.safeParse({ ...wire, type: 'note', text: note.text }).success).toBe(true);
  });

  it('keeps a server copy of a draft only as long as the server takes (a longer one stays in the browser)', () => {
    expect(keptOnServer('a'.repeat(MAX_MESSAGE_LENGTH))).toBe(true);
    expect(keptOnServer('a'.repeat(MAX_MESSAGE_LENGTH + 1))).toBe(false);
  });

  it('counts a very long paste quickly', () => {
    const huge = 'A long log line that someone pasted. '.repeat(30_000); // 1.1 million characters
    const started = performance.now();
    for (let i = 0; i < 20; i++) messageLength(`${huge}${i}`, 'agent', SIGNATURE);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(messageLength(huge, 'agent', SIGNATURE).over).toBe(true);
  });
});

describe('the counter in words', () => {
  it('says nothing far from the limit, then what is left (with the signature when it counts)', () => {
    const en = words('en');
    expect(lengthText(en, 'en', messageLength('a', 'agent', SIGNATURE))).toBe('');
    expect(lengthText(en, 'en', messageLength('a'.repeat(9_000), 'note', null))).toBe('Characters left: 1,000');
    expect(lengthText(en, 'en', messageLength('a'.repeat(MAX_MESSAGE_LENGTH - SIGNED - 5), 'agent', SIGNATURE))).toBe(
      'Characters left: 5 (your signature included)',
    );
    expect(lengthText(words('ko'), 'ko', messageLength('a'.repeat(MAX_MESSAGE_LENGTH - SIGNED - 5), 'agent', SIGNATURE))).toBe(
      '남은 글자 수: 5 (서명 포함)',
    );
  });

  it('past the limit says why and by how much, and offers turning the signature off when that is enough', () => {
    const en = words('en');
    expect(lengthText(en, 'en', messageLength('a'.repeat(MAX_MESSAGE_LENGTH + 1_234), 'note', null))).toBe(
      'Too long: a message can have at most 10,000 characters. Shorten it by 1,234 to send it.',
    );
    expect(lengthText(en, 'en', messageLength('a'.repeat(MAX_MESSAGE_LENGTH - SIGNED + 3), 'agent', SIGNATURE))).toBe(
      'Too long: a reply can have at most 10,000 characters, your signature included. Shorten it by 3 to send it. ' +
        'Or turn the Signature off: without it, it fits.',
    );
    expect(lengthText(en, 'en', messageLength('a'.repeat(MAX_MESSAGE_LENGTH + 1), 'agent', SIGNATURE))).not.toContain('turn the Signature off');
    expect(lengthText(words('ko'), 'ko', messageLength('a'.repeat(MAX_MESSAGE_LENGTH + 7), 'note', null))).toBe(
      '너무 깁니다: 메시지는 최대 10,000자까지 보낼 수 있습니다. 7자를 줄이면 보낼 수 있습니다.',
    );
  });
});
