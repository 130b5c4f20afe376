/**
 * The agent's signature (Settings → Profile) on their replies, as pure functions. The composer's Signature toggle is
 * remembered per agent in this browser and is on until the agent turns it off. A reply is sent with the signature
 * after a blank line; a note never. The text is made once, before the first attempt: a retry (a lost acknowledgement,
 * a reconnect, "Send anyway") sends the same text with the same clientMsgId.
 */
import type { ReadyDraft } from './drafts.ts';

export const SIGNATURE_PREF_PREFIX = 'parley.inbox.signature.';

export const signaturePrefKey = (agentId: string): string => SIGNATURE_PREF_PREFIX + agentId;

/** The toggle as stored ('on' / 'off'); nothing stored yet: on. */
export const signatureOn = (stored: string | null): boolean => stored !== 'off';

export const storedSignature = (on: boolean): string => (on ? 'on' : 'off');

/** Whether the composer offers the toggle: the agent has a signature and writes a reply. */
export const offersSignature = (signature: string, type: ReadyDraft['type']): boolean => type === 'agent' && signature.trim() !== '';

/**
 * `text` with the signature after a blank line (the signature alone for a message of files only). A text that already
 * ends with the signature keeps it once.
 */
export function signedText(text: string, signature: string): string {
  const sign = signature.trim();
  const body = text.trimEnd();
  if (sign === '') return text;
  if (body.trim() === '') return sign;
  if (body.endsWith(sign)) return body;
  return `${body}\n\n${sign}`;
}

/** The draft as it is sent: a reply carries the signature when `signature` is given (the toggle on); a note as written. */
export function withSignature(draft: ReadyDraft, signature: string | null): ReadyDraft {
  if (signature === null || !offersSignature(signature, draft.type)) return draft;
  return { ...draft, text: signedText(draft.text, signature) };
}
