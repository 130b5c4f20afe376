import type { LoaderOptions } from '../loader/loader-options.ts';

/**
 * Whether the desk plays the reply chime (Settings → Desk), asked of the widget's config when a chime is due, so an
 * admin's change applies at once. Unknown (offline, an origin not allowed, an older server): no sound.
 */
export function fetchDeskSound(win: Pick<Window, 'fetch'>, options: Pick<LoaderOptions, 'base' | 'desk'>): Promise<boolean> {
  return win
    .fetch(`${options.base}/api/v1/widget/config?desk=${encodeURIComponent(options.desk)}`, { credentials: 'omit' })
    .then((response) => response.json() as Promise<{ desk?: { widget?: { sound?: unknown } } }>)
    .then((answer) => answer.desk?.widget?.sound === true)
    .catch(() => false);
}
