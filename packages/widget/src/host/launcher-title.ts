import type { LoaderOptions } from '../loader/loader-options.ts';
import { readLook } from '../loader/look.ts';

/**
 * `Parley.setLocale()`: the launcher's tooltip (the desk's launcher label) in the language now in `options`. The
 * loader kept only its own language's label, so the look is asked again, as the loader asked it (the browser
 * answers from its cache: the look is kept for a minute, and reused while it asks again). The label of the locale
 * current when the answer arrives is used, so quick switches end in the last one. Unknown (offline): unchanged.
 */
export function retitleLauncher(win: Pick<Window, 'fetch'>, options: Pick<LoaderOptions, 'base' | 'desk' | 'locale'>, button: HTMLElement): Promise<void> {
  return win
    .fetch(`${options.base}/api/v1/widget/look?desk=${options.desk}`)
    .then((response) => response.json())
    .then((body) => {
      const look = readLook(body, options.locale);
      if (look.length) button.title = look[2];
    })
    .catch(() => undefined);
}
