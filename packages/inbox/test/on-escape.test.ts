import { describe, expect, it } from 'vitest';
import { onEscape } from '../src/on-escape.ts';

const key = (k: string, init: { isComposing?: boolean } = {}) => Object.assign(new Event('keydown', { cancelable: true }), { key: k, ...init });

describe('Escape closes a popup', () => {
  it('from anywhere on the page (the focus is still on the button that opened it), once per key', () => {
    const page = new EventTarget();
    let closed = 0;
    const off = onEscape(page, () => closed++);
    page.dispatchEvent(key('Enter'));
    expect(closed).toBe(0);
    const escape = key('Escape');
    page.dispatchEvent(escape);
    expect(closed).toBe(1);
    expect(escape.defaultPrevented).toBe(true);
    off();
    page.dispatchEvent(key('Escape'));
    expect(closed).toBe(1);
  });

  it('not while an input method composes, nor when something nearer took the key', () => {
    const page = new EventTarget();
    let closed = 0;
    onEscape(page, () => closed++);
    page.dispatchEvent(key('Escape', { isComposing: true }));
    const taken = key('Escape');
    taken.preventDefault();
    page.dispatchEvent(taken);
    expect(closed).toBe(0);
  });
});
