import { describe, expect, it } from 'vitest';
import { en, ko } from '../src/i18n.ts';
import { isTextField, neighbour, SHORTCUT_HELP, shortcutOf, type ShortcutPress } from '../src/state/shortcuts.ts';

const el = (tagName: string, extra: Record<string, unknown> = {}) => ({ tagName, ...extra }) as unknown as EventTarget;
const press = (key: string, patch: Partial<ShortcutPress> = {}): ShortcutPress => ({
  key, ctrlKey: false, metaKey: false, altKey: false, isComposing: false, keyCode: 0, target: el('BODY'), defaultPrevented: false, ...patch,
});

describe('keyboard shortcuts', () => {
  it('maps the single keys to their actions', () => {
    expect(['?', 'j', 'k', 'r', 'n', 'a', 'e', 's'].map((k) => shortcutOf(press(k)))).toEqual([
      'help', 'next', 'previous', 'reply', 'note', 'assign', 'resolve', 'snooze',
    ]);
    expect(shortcutOf(press('x'))).toBeNull();
    expect(shortcutOf(press('toString'))).toBeNull();
  });

  it('never fires while typing in a field', () => {
    for (const target of [el('TEXTAREA'), el('INPUT', { type: 'text' }), el('INPUT', { type: 'search' }), el('SELECT'), el('DIV', { isContentEditable: true })]) {
      expect(shortcutOf(press('j', { target }))).toBeNull();
    }
    // a button, a checkbox or a radio takes no letters
    for (const target of [el('BUTTON'), el('INPUT', { type: 'checkbox' }), el('INPUT', { type: 'radio' })]) {
      expect(shortcutOf(press('j', { target }))).toBe('next');
    }
    expect(isTextField(null)).toBe(false);
  });

  it('never fires during an IME composition, with a modifier, or when something else took the key', () => {
    expect(shortcutOf(press('e', { isComposing: true }))).toBeNull();
    expect(shortcutOf(press('e', { keyCode: 229 }))).toBeNull();
    expect(shortcutOf(press('e', { ctrlKey: true }))).toBeNull();
    expect(shortcutOf(press('e', { metaKey: true }))).toBeNull();
    expect(shortcutOf(press('e', { altKey: true }))).toBeNull();
    expect(shortcutOf(press('e', { defaultPrevented: true }))).toBeNull();
  });

  it('moves to the next or previous ticket of the list, staying at its ends', () => {
    const ids = ['a', 'b', 'c'];
    expect(neighbour(ids, 'a', 1)).toBe('b');
    expect(neighbour(ids, 'b', -1)).toBe('a');
    expect(neighbour(ids, 'c', 1)).toBe('c');
    expect(neighbour(ids, 'a', -1)).toBe('a');
    expect(neighbour(ids, null, 1)).toBe('a');
    expect(neighbour(ids, 'gone', -1)).toBe('c');
    expect(neighbour([], null, 1)).toBeNull();
  });

  it('lists every shortcut in the help, in English and Korean', () => {
    const labels = SHORTCUT_HELP.flatMap((g) => [g.group, ...g.items.map((i) => i.label)]);
    expect(labels.length).toBeGreaterThan(10);
    for (const key of labels) {
      expect(en[key]).toBeTruthy();
      expect(ko[key]).toMatch(/[가-힣]/u);
    }
  });
});
