/**
 * The inbox's keyboard shortcuts: which key does what, and when a key press is one. A shortcut never fires while the
 * focus is in a text field (the agent is typing) or while an input method (Korean, Japanese…) is composing, and
 * never with Ctrl, Alt or ⌘ (those belong to the browser; Ctrl+K is the search box's own).
 */
import type { MessageKey } from '../i18n.ts';

export type ShortcutAction = 'help' | 'next' | 'previous' | 'reply' | 'note' | 'assign' | 'resolve' | 'snooze' | 'transfer' | 'escalate';

const KEYS: Readonly<Record<string, ShortcutAction>> = {
  '?': 'help',
  j: 'next',
  k: 'previous',
  r: 'reply',
  n: 'note',
  a: 'assign',
  e: 'resolve',
  s: 'snooze',
  t: 'transfer',
  u: 'escalate',
};

/** Inputs that take no typed text: a letter pressed on them may be a shortcut. */
const NOT_TEXT = ['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image'];

/** Whether the focus is where letters are typed: a text input, a text area, a select (letters pick options), an editable. */
export function isTextField(target: EventTarget | null): boolean {
  const element = target as Partial<Pick<HTMLInputElement, 'tagName' | 'isContentEditable' | 'type'>> | null;
  if (!element || typeof element.tagName !== 'string') return false;
  if (element.isContentEditable === true) return true;
  const tag = element.tagName.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  return tag === 'INPUT' && !NOT_TEXT.includes(String(element.type ?? 'text').toLowerCase());
}

export interface ShortcutPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  isComposing: boolean;
  /** 229 while an input method handles the key (some browsers do not set isComposing on its first key). */
  keyCode: number;
  target: EventTarget | null;
  defaultPrevented: boolean;
}

export function shortcutOf(press: ShortcutPress): ShortcutAction | null {
  if (press.defaultPrevented || press.isComposing || press.keyCode === 229) return null;
  if (press.ctrlKey || press.metaKey || press.altKey) return null;
  if (isTextField(press.target)) return null;
  return Object.hasOwn(KEYS, press.key) ? (KEYS[press.key] ?? null) : null;
}

/** The help overlay's lines, in groups: keys as shown, and what they do. */
export const SHORTCUT_HELP: readonly { group: MessageKey; items: readonly { keys: readonly string[]; label: MessageKey }[] }[] = [
  {
    group: 'shortcuts.groupTickets',
    items: [
      { keys: ['j'], label: 'shortcuts.next' },
      { keys: ['k'], label: 'shortcuts.previous' },
      { keys: ['/', 'Ctrl+K'], label: 'shortcuts.search' },
      { keys: ['a'], label: 'shortcuts.assign' },
      { keys: ['e'], label: 'shortcuts.resolve' },
      { keys: ['s'], label: 'shortcuts.snooze' },
      { keys: ['t'], label: 'shortcuts.transfer' },
      { keys: ['u'], label: 'shortcuts.escalate' },
    ],
  },
  {
    group: 'shortcuts.groupComposer',
    items: [
      { keys: ['r'], label: 'shortcuts.reply' },
      { keys: ['n'], label: 'shortcuts.note' },
      { keys: ['/'], label: 'shortcuts.canned' },
      { keys: ['@'], label: 'shortcuts.mention' },
      { keys: ['Enter', 'Ctrl+Enter'], label: 'shortcuts.send' },
    ],
  },
  {
    group: 'shortcuts.groupGeneral',
    items: [
      { keys: ['?'], label: 'shortcuts.help' },
      { keys: ['Esc'], label: 'shortcuts.escape' },
    ],
  },
];

/** The ticket after (+1) or before (-1) the open one in the list; the first (or last) when none of the list is open. */
export function neighbour(ids: readonly string[], current: string | null, step: 1 | -1): string | null {
  if (ids.length === 0) return null;
  const at = current === null ? -1 : ids.indexOf(current);
  if (at < 0) return step === 1 ? (ids[0] ?? null) : (ids[ids.length - 1] ?? null);
  return ids[Math.min(ids.length - 1, Math.max(0, at + step))] ?? null;
}
