/** The composer's send key, an agent preference: Enter (Shift+Enter for a new line) or Ctrl/Cmd+Enter. */
import type { SendKey } from '@parley/protocol/settings';

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  /** An input method (Korean, Japanese…) is composing: its Enter confirms the syllable, it never sends. */
  isComposing: boolean;
}

export function sendsMessage(press: KeyPress, sendKey: SendKey): boolean {
  if (press.key !== 'Enter' || press.isComposing) return false;
  // Ctrl/Cmd+Enter sends whatever the preference: muscle memory from other tools still works.
  if (press.ctrlKey || press.metaKey) return true;
  return sendKey === 'enter' && !press.shiftKey && !press.altKey;
}
