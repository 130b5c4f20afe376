import type { Locale } from '../app/i18n.ts';

/** The desk's look as the launcher takes it: colour (`#hex`), left side or not, label (the button's tooltip). */
export type Look = [color: string, left: boolean, label: string];

/**
 * The answer of `GET /api/v1/widget/look` (`{ look: { color, position, launcherLabel: { en, ko } } }`) as the
 * launcher's look in `locale`; `[]` (the default look) for a colour that is not hex. Throws on an answer without a
 * look (an error): the launcher then shows its default look too.
 */
export function readLook(body: { look: { color: unknown; position: unknown; launcherLabel: Record<string, unknown> } }, locale: Locale): Look | [] {
  const { color, position, launcherLabel } = body.look;
  const label = launcherLabel[locale];
  // Only a hex colour reaches the host page's CSS: the text the test read (JSON holds no value that reads otherwise).
  return /^#[0-9a-f]{3,8}$/i.test(color as string) ? [color as string, position === 'left', String(label || '').slice(0, 80)] : [];
}

/** How long the launcher waits for the look before it shows itself in its default one (and keeps it). */
export const LOOK_WAIT_MS = 3000;

/**
 * The launcher's look sheet, replaced whole by each look: the colour, and the left side for the button and the chat
 * frame (the right one is the default). `:host` outweighs the panel's own `.p` rules, whichever sheet comes later;
 * the panel's full-screen rule for small viewports says `:host .p` too, and comes later.
 */
export function lookCss(color: string | undefined, left: boolean | undefined): string {
  return (color ? `.l{background:${color}}` : '') + (left ? ':host .l,:host .p{right:auto;left:20px}' : '');
}
