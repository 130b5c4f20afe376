import { describe, expect, it } from 'vitest';
import { lookCss, readLook } from '../src/loader/look.ts';

const answer = (look: Record<string, unknown>) => ({ look: { color: '#c2185b', position: 'left', launcherLabel: { en: 'Ask Acme', ko: '아크미에 물어보세요' }, ...look } });

describe("the launcher's look, as the loader reads it from GET /api/v1/widget/look", () => {
  it("takes the desk's colour, side and the label in the visitor's language", () => {
    expect(readLook(answer({}), 'en')).toEqual(['#c2185b', true, 'Ask Acme']);
    expect(readLook(answer({ position: 'right' }), 'ko')).toEqual(['#c2185b', false, '아크미에 물어보세요']);
  });

  it('lets only a hex colour reach the host page’s CSS, and cuts the label', () => {
    for (const color of ['red', '#c2185b;background:url(x)', '#c2185b}', 123, null, { toString: () => '#fff;x' }]) {
      expect(readLook(answer({ color }), 'en'), String(color)).toEqual([]);
    }
    expect(readLook(answer({ launcherLabel: { en: 'x'.repeat(200) } }), 'en')[2]).toHaveLength(80);
    expect(readLook(answer({ launcherLabel: {} }), 'ko')).toEqual(['#c2185b', true, '']);
  });

  it('throws on an error answer (no look), which the loader takes for the default look', () => {
    expect(() => readLook({ ok: false, error: { code: 'not_found' } } as never, 'en')).toThrow();
  });

  it('states the colour and the left side for the button and the frame, over the panel’s own rules', () => {
    expect(lookCss('#c2185b', true)).toBe('.l{background:#c2185b}:host .l,:host .p{right:auto;left:20px}');
    expect(lookCss('#c2185b', false)).toBe('.l{background:#c2185b}');
    expect(lookCss(undefined, undefined)).toBe('');
  });
});
