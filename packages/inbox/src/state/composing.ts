/**
 * Whether the agent is writing on the open ticket, for the colleagues' "is replying…" / "is writing a note…":
 * the draft box has text and they typed in it within the last COMPOSING_IDLE_MS. Sending (the box empties),
 * clearing the box, or stopping typing for that long ends it; a draft restored from storage is not "writing" until
 * they type again.
 */
import type { Composing } from '@parley/protocol/presence';
import type { DraftType } from './drafts.ts';

/** Typing pauses shorter than this still count as writing. */
export const COMPOSING_IDLE_MS = 8000;

export interface ComposingInput {
  text: string;
  type: DraftType;
  /** When the agent last changed the text (ms, same clock as `now`); null when they have not typed yet. */
  lastInputAt: number | null;
}

export function composingOf(input: ComposingInput, now: number, idleMs = COMPOSING_IDLE_MS): Composing {
  if (input.text.trim() === '' || input.lastInputAt === null) return null;
  if (now - input.lastInputAt >= idleMs) return null;
  return input.type === 'note' ? 'note' : 'reply';
}

/** When `composingOf` turns null if nothing else happens (the idle deadline), or null when it is null already. */
export function composingEndsAt(input: ComposingInput, now: number, idleMs = COMPOSING_IDLE_MS): number | null {
  if (composingOf(input, now, idleMs) === null || input.lastInputAt === null) return null;
  return input.lastInputAt + idleMs;
}
