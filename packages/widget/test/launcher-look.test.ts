import { describe, expect, it } from 'vitest';
import { lookCss, readLook } from '../src/loader/look.ts';
import { retitleLauncher } from '../src/host/launcher-title.ts';
import type { Locale } from '../src/app/i18n.ts';

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

describe("the launcher's tooltip after Parley.setLocale() (the host chunk)", () => {
  /** A fetch whose answers the test releases one by one, in any order. */
  function slowFetch() {
    const asked: Array<{ url: string; answer: (body: unknown) => void; fail: () => void }> = [];
    const fetch = (url: string) =>
      new Promise<Response>((resolve, reject) => {
        asked.push({ url, answer: (body) => resolve({ json: async () => body } as Response), fail: () => reject(new TypeError('offline')) });
      });
    return { win: { fetch } as unknown as Pick<Window, 'fetch'>, asked };
  }

  it('asks the look again, as the loader does, and shows the label of the language current when it arrives', async () => {
    const { win, asked } = slowFetch();
    const options: { base: string; desk: string; locale: Locale } = { base: 'https://support.example', desk: 'default', locale: 'ko' };
    const button = { title: 'Ask Acme' } as HTMLElement;
    const toKo = retitleLauncher(win, options, button);
    options.locale = 'en'; // switched back before the first answer came
    const toEn = retitleLauncher(win, options, button);
    expect(asked.map((a) => a.url)).toEqual(['https://support.example/api/v1/widget/look?desk=default', 'https://support.example/api/v1/widget/look?desk=default']);
    asked[1]!.answer(answer({}));
    await toEn;
    asked[0]!.answer(answer({}));
    await toKo;
    expect(button.title).toBe('Ask Acme');
    options.locale = 'ko';
    const again = retitleLauncher(win, options, button);
    asked[2]!.answer(answer({}));
    await again;
    expect(button.title).toBe('아크미에 물어보세요');
  });

  it('leaves the tooltip as it is when the look cannot be had', async () => {
    const { win, asked } = slowFetch();
    const button = { title: 'Ask Acme' } as HTMLElement;
    const failed = retitleLauncher(win, { base: 'https://support.example', desk: 'default', locale: 'ko' }, button);
    asked[0]!.fail();
    await failed;
    const refused = retitleLauncher(win, { base: 'https://support.example', desk: 'default', locale: 'ko' }, button);
    asked[1]!.answer({ ok: false, error: { code: 'not_found' } });
    await refused;
    expect(button.title).toBe('Ask Acme');
  });
});
