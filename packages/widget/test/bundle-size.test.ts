import { describe, expect, it } from 'vitest';
import { BUDGETS, measureWidget } from '../bundle.mjs';

/**
 * The widget's weight is a feature: the loader is downloaded on every page of the host site, the panel's first paint
 * when the visitor shows intent. Built exactly as `pnpm build` builds it, measured gzipped (level 9).
 */
describe('bundle sizes', () => {
  it('keeps the loader within 2 KB, the first paint of the panel within 35 KB, the host chunk within 4 KB and the live replies chunk within 1.5 KB, gzipped', async () => {
    const built = await measureWidget();
    expect(BUDGETS).toEqual({ loader: 2048, firstPaint: 35 * 1024, host: 4 * 1024, live: 1536 });
    expect(built.loader, 'widget.js gzipped').toBeLessThanOrEqual(BUDGETS.loader);
    expect(built.firstPaint, 'panel chunk + frame.html + app JS + app CSS, gzipped').toBeLessThanOrEqual(BUDGETS.firstPaint);
    expect(built.host, 'host chunk (API events, page tracking, badge), gzipped').toBeLessThanOrEqual(BUDGETS.host);
    expect(built.live, 'live replies chunk (a returning visitor while the chat is closed), gzipped').toBeLessThanOrEqual(BUDGETS.live);
    // what the first paint counts: the panel chunk, the frame page, the app and one locale's strings (the larger),
    // under content-hashed names
    expect(built.files.map((f) => f.name)).toEqual([
      'widget.js',
      expect.stringMatching(/^panel-\w+\.js$/),
      'frame.html',
      expect.stringMatching(/^app-\w+\.js$/),
      expect.stringMatching(/^app-\w+\.css$/),
      expect.stringMatching(/^strings-en-\w+\.js$/),
      expect.stringMatching(/^strings-ko-\w+\.js$/),
      expect.stringMatching(/^host-\w+\.js$/),
      // loaded by the chat only to show a form, the list of conversations or an upload's refusal: not the first paint
      expect.stringMatching(/^extras-\w+\.js$/),
      expect.stringMatching(/^extras-\w+\.css$/),
      // a returning visitor's pages only, imported by the host chunk
      expect.stringMatching(/^live-\w+\.js$/),
    ]);
    const [, panel, frame, app, css, en, ko, host] = built.files.map((f) => f.gzip);
    expect(built.host).toBe(host);
    expect(built.live).toBe(built.files[10]!.gzip);
    expect(built.firstPaint).toBe(panel! + frame! + app! + css! + Math.max(en!, ko!));
  }, 60_000);
});
