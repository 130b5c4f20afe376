import type { Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { sendUntilAnswered } from '../src/resend.ts';
import type { Answer } from '../src/socket.ts';
import { messagePayload, prepareSend, type ReadyDraft } from '../src/state/drafts.ts';
import { offersSignature, signatureOn, signedText, storedSignature, withSignature } from '../src/state/signature.ts';
import { conversation, message } from './fixtures.ts';

const SIGNATURE = '— Mina, Parley support';

describe("the agent's signature on replies", () => {
  it('is added after a blank line, once, trimmed; a message of files only gets the signature alone', () => {
    expect(signedText('Your refund is on its way.', SIGNATURE)).toBe(`Your refund is on its way.\n\n${SIGNATURE}`);
    expect(signedText('Thanks!\n\n', `  ${SIGNATURE}\n`)).toBe(`Thanks!\n\n${SIGNATURE}`);
    expect(signedText(`Thanks!\n\n${SIGNATURE}`, SIGNATURE)).toBe(`Thanks!\n\n${SIGNATURE}`);
    expect(signedText('', SIGNATURE)).toBe(SIGNATURE);
    expect(signedText('Hi', '   ')).toBe('Hi');
  });

  it('goes on replies, never on notes, and not when the toggle is off', () => {
    const reply: ReadyDraft = { text: 'Done', type: 'agent', clientMsgId: 'cm-1' };
    expect(withSignature(reply, SIGNATURE).text).toBe(`Done\n\n${SIGNATURE}`);
    expect(withSignature({ ...reply, type: 'note' }, SIGNATURE).text).toBe('Done');
    expect(withSignature(reply, null)).toBe(reply);
    expect(offersSignature(SIGNATURE, 'agent')).toBe(true);
    expect(offersSignature(SIGNATURE, 'note')).toBe(false);
    expect(offersSignature(' ', 'agent')).toBe(false);
  });

  it('the toggle is on until the agent turns it off, and remembered as they left it', () => {
    expect(signatureOn(null)).toBe(true);
    expect(signatureOn(storedSignature(false))).toBe(false);
    expect(signatureOn(storedSignature(true))).toBe(true);
  });

  it('is in the text of the first attempt and of every retry of the same clientMsgId, once', async () => {
    const ready = withSignature(prepareSend({ text: 'We shipped it', type: 'agent' }, () => 'cm-7'), SIGNATURE);
    const asked: string[] = [];
    const unavailable: Answer<'agent:message'> = { ok: false, error: { code: 'unavailable', message: 'No answer' } };
    const stored: Answer<'agent:message'> = { ok: true, message: message(2), conversation: conversation('c1') };
    const answers = [unavailable, unavailable, stored];
    const socket = { connected: true, once: () => socket, off: () => socket } as unknown as Socket;
    await sendUntilAnswered(socket, { conversationId: 'c1', ...messagePayload(ready) }, async (_s, p) => {
      asked.push(`${p.clientMsgId}|${p.text}`);
      return answers.shift()!;
    });
    expect(asked).toEqual(Array(3).fill(`cm-7|We shipped it\n\n${SIGNATURE}`));
  }, 10_000);
});
