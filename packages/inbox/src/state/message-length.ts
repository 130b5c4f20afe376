/**
 * A message's length as the server counts it, for the composer's counter and its refusal to send a message the server
 * would refuse: the text as sent (a reply with the signature while its toggle is on, a note as written), trimmed as the
 * server trims it, in UTF-16 units (String#length, as the server's schema counts). The counter shows from
 * COUNTER_FROM_LEFT characters left; past the limit nothing is sent and the draft keeps every character.
 */
import { MAX_MESSAGE_LENGTH } from '@parley/protocol/limits';
import type { DraftType, ReadyDraft } from './drafts.ts';
import { offersSignature, signedText } from './signature.ts';

export { MAX_MESSAGE_LENGTH };

/** The counter appears once this many characters (or fewer) are left. */
export const COUNTER_FROM_LEFT = 1_000;

/** The text the server stores for this draft: signed when `signature` is given (the toggle on) and it is a reply. */
export function sentText(text: string, type: DraftType, signature: string | null): string {
  const signed = signature !== null && offersSignature(signature, type) ? signedText(text, signature) : text;
  return signed.trim();
}

/** The draft as it is sent: the text as the server stores it, so what was counted is what arrives. */
export function asSent(draft: ReadyDraft, signature: string | null): ReadyDraft {
  return { ...draft, text: sentText(draft.text, draft.type, signature) };
}

export interface MessageLength {
  /** Characters left (negative: this many too many). */
  left: number;
  /** Whether the counter is shown: near the limit or past it. */
  shown: boolean;
  /** Past the limit: the composer does not send. */
  over: boolean;
  /** The signature is part of the count (a reply, the toggle on). */
  signed: boolean;
  /** Over only because of the signature: without it the text fits. */
  fitsUnsigned: boolean;
}

export function messageLength(text: string, type: DraftType, signature: string | null): MessageLength {
  const signed = signature !== null && offersSignature(signature, type);
  const left = MAX_MESSAGE_LENGTH - sentText(text, type, signature).length;
  const over = left < 0;
  return {
    left,
    shown: left <= COUNTER_FROM_LEFT,
    over,
    signed,
    fitsUnsigned: over && signed && text.trim().length <= MAX_MESSAGE_LENGTH,
  };
}

/**
 * Whether the server keeps a copy of this draft text (it refuses a longer one). A longer draft stays in this browser
 * only: sending it would be refused anyway, and a frame that large would cost the agent their connection.
 */
export const keptOnServer = (text: string): boolean => text.length <= MAX_MESSAGE_LENGTH;
