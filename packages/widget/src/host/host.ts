import { isLocale, LAUNCHER_STRINGS } from '../app/i18n.ts';
import type { ApiCall } from '../loader/api-stub.ts';
import type { Launcher } from '../loader/launcher.ts';
import type { LoaderOptions } from '../loader/loader-options.ts';
import { createBadge } from './badge.ts';
import { createEmitter, readMessageNotice, type ApiEvent } from './emitter.ts';
import { createPageTracker } from './page-tracker.ts';
import { readAttributes } from './site-attributes.ts';
import { browserContext, createVisitReporter } from './visit-reporter.ts';
import { readVisitorToken } from '../panel/unread-check.ts';
import { createUnreadWatch } from './unread-watch.ts';
import { createChime, isMuted, shouldChime, type AudioWindow } from './chime.ts';
import { fetchDeskSound } from './desk-sound.ts';
import { retitleLauncher } from './launcher-title.ts';

/** What the panel lends the host chunk. */
export interface HostContext {
  win: Window;
  /** The panel's options; `locale` changes with `Parley.setLocale`. */
  options: LoaderOptions;
  launcher: Launcher;
  /** Says the launcher's state again (its name, the frame's title) after a change of locale. */
  relabel(): void;
  /** Posts to the chat frame when it has loaded (otherwise nothing: `frameLoaded` tells it everything). */
  post(message: Record<string, unknown>): void;
  /** Whose visitor token may be used: the page's identity (`ownerOf`), null when anonymous. */
  owner(): string | null;
}

/** The host chunk as the panel drives it. */
export interface Host {
  /** A `window.Parley` call the panel does not handle itself. */
  run(call: ApiCall): void;
  emit(name: ApiEvent, value?: unknown): void;
  /** The launcher's unread badge (and the `unread` event). */
  setUnread(count: number | null): void;
  /**
   * A returning visitor: ask the server for the replies the page's visitor has not seen, and again live as agents
   * reply until the chat is opened; shown while `fresh()` says so.
   */
  checkUnread(fresh: () => boolean): void;
  /** The chat frame has (re)loaded: tell it the locale. */
  frameLoaded(): void;
  /** A visitor token may have been stored (the storage bridge wrote one): report what waits. */
  flush(): void;
}

/**
 * The host page's half of the JavaScript API beyond opening the chat (`src/host`, its own chunk, loaded by the panel
 * next to the chat frame): events, show/hide, locale, page tracking, site attributes, the unread badge. Pages and
 * attributes stay in this page's memory until the visitor has a session (after their first open; a returning
 * visitor has one at once), then go to `POST /api/v1/widget/context` with their token: nothing is stored or sent for
 * a visitor who never opened the chat.
 */
export function mountHost(ctx: HostContext): Host {
  const { win, options, launcher } = ctx;
  const strings = () => LAUNCHER_STRINGS[options.locale];
  const emitter = createEmitter();
  const badge = createBadge(win.document, launcher, strings);
  const reporter = createVisitReporter({
    token: () => readVisitorToken(win.localStorage, options.desk, ctx.owner()),
    send: (token, body) =>
      win
        .fetch(`${options.base}/api/v1/widget/context`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body,
          credentials: 'omit',
          keepalive: true, // the last page of a visit still arrives when the visitor leaves
        })
        .then((response) => [response.status, Number(response.headers.get('retry-after')) || 0] as const, () => [0, 0] as const),
    browser: () => browserContext(win),
  });
  // A same-origin chat frame writes the token into this page's storage itself: the page hears of it.
  win.addEventListener('storage', (event) => event.key === `parley:${options.desk}:token` && reporter.flush());
  const tracker = createPageTracker(win, reporter.page);
  let open = false;
  const chime = createChime(win as AudioWindow);
  /** An agent's reply: a chime when the visitor does not see it, unless they or the desk turned it off. */
  const replyArrived = (): void => {
    const looking = open && win.document.visibilityState === 'visible';
    if (!shouldChime({ deskSound: true, muted: isMuted(() => win.localStorage, options.desk), looking })) return;
    void fetchDeskSound(win, options).then((deskSound) => deskSound && chime());
  };
  const warn = (reason: string) => console.warn(`[Parley] ${reason}`);
  let unread: number | null = 0;
  const watch = createUnreadWatch(win, options, {
    shown: () => unread,
    show: (count) => host.setUnread(count),
    reply: (message) => host.emit('message', message),
    owner: ctx.owner,
  });

  const run = (call: ApiCall): void => {
    const [name, arg, listener] = call;
    if (name === 'show' || name === 'hide') launcher.button.hidden = name === 'hide';
    else if (name === 'on') emitter.on(arg, listener);
    else if (name === 'off') emitter.off(arg, listener);
    else if (name === 'trackPage') tracker.track(arg);
    else if (name === 'setLocale') {
      if (!isLocale(arg)) return warn('setLocale() takes "en" or "ko"');
      if (arg !== options.locale) void retitleLauncher(win, options, launcher.button); // the desk's label, its tooltip
      options.locale = arg;
      badge.relabel();
      ctx.relabel();
      ctx.post({ type: 'parley:locale', locale: arg });
    } else if (name === 'setAttributes') {
      const read = readAttributes(arg);
      if (!read.ok) return warn(read.reason);
      reporter.attributes(read.attributes);
    } else warn(`Parley.${String(name).slice(0, 40)}() is not a method`);
  };

  const host: Host = {
    run,
    emit(name, value) {
      if (name === 'open' || name === 'close') open = name === 'open';
      if (open) watch.stop(); // the chat's own socket counts from now on
      if (name !== 'message') return emitter.emit(name, value);
      const notice = readMessageNotice(value);
      if (!notice) return;
      emitter.emit('message', notice);
      replyArrived();
    },
    setUnread(count) {
      badge.set((unread = count));
      emitter.emit('unread', count);
    },
    checkUnread: (fresh) => watch.check(fresh),
    frameLoaded() {
      ctx.post({ type: 'parley:locale', locale: options.locale });
    },
    flush: reporter.flush,
  };
  return host;
}
