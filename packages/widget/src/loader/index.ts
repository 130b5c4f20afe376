import { findLoaderScript, readLoaderOptions } from './loader-options.ts';
import { mountWidget, type MountedWidget, type ParleyApi } from './widget.ts';
import { safely } from './safely.ts';
import { readIdentity } from '../app/identity.ts';

declare global {
  interface Window {
    Parley?: ParleyApi;
  }
}

/**
 * Entry of `widget.js`, the script tag a site owner pastes. It must never throw into the host page and leaks
 * nothing but `window.Parley`, whose calls made before the page is ready are applied once the launcher exists.
 */
function boot(win: Window): void {
  const doc = win.document;
  const script = findLoaderScript(doc); // document.currentScript is only set now, before any await
  const options = script && readLoaderOptions(script, doc.baseURI, win.navigator.language);
  if (!options) {
    console.warn('[Parley] widget.js: the script tag needs data-desk="<desk id>"');
    return;
  }
  if (win.Parley) return; // the script tag was pasted twice

  let widget: MountedWidget | null = null;
  let wantOpen = false;
  win.Parley = {
    open: safely(() => (widget ? widget.open() : (wantOpen = true))),
    close: safely(() => (widget ? widget.close() : (wantOpen = false))),
    toggle: safely(() => (widget ? widget.toggle() : (wantOpen = !wantOpen))),
    identify: safely((input: unknown) => {
      const identity = readIdentity(input);
      if (!identity) return console.warn('[Parley] identify() needs { token } (a JWT with sub, signed by your server)');
      if (widget) widget.setIdentity(identity);
      else options.identity = identity;
    }),
    logout: safely(() => (widget ? widget.setIdentity(null) : (options.identity = null))),
  };

  const start = safely(() => {
    widget = mountWidget(win, options);
    if (wantOpen) widget.open();
  });
  if (doc.body) start();
  else doc.addEventListener('DOMContentLoaded', start, { once: true });
}

try {
  boot(window);
} catch (error) {
  console.warn('[Parley]', error);
}
