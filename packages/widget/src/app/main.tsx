import { render } from 'preact';
import { App } from './components/App.tsx';
import { loadStrings } from './load-strings.ts';
import type { AppStrings, Locale } from './i18n.ts';
import { detectLocale } from './locale.ts';
import { parseFrameParams } from './frame-params.ts';
import { createWidgetApi } from './widget-api.ts';
import { chatStoreKeys, createChatStore } from './chat-store.ts';
import { openPersistentStorage } from './browser-storage.ts';
import { createChatController, type ChatController } from './chat-controller.ts';
import { ownerOf, type VisitorIdentity } from './identity.ts';
import { openSocketTransport } from './socket-transport.ts';
import { createParentBridge, embedderOf } from './parent-bridge.ts';
import { createUnreadCounter } from './unread-counter.ts';
import { createSeenMark, seenUpTo } from './seen-mark.ts';

/** Entry of `/widget/app.js`, loaded by `frame.html` inside the loader's iframe. */
async function boot(): Promise<void> {
  const root = document.getElementById('app');
  if (!root) return;
  const params = parseFrameParams(location.hash, navigator.language);
  if (!params) {
    root.textContent = (await loadStrings(detectLocale(null, navigator.language))).unavailable;
    return;
  }
  const { desk } = params;
  let locale = params.locale;
  const loaded: Partial<Record<Locale, AppStrings>> = {}; // the strings of each locale shown so far
  document.documentElement.lang = locale;
  // The locale's strings chunk loads while the frame waits for its first open and its storage.
  const loadingStrings = loadStrings(locale);
  void loadingStrings.then((strings) => (document.title = strings.documentTitle));

  const api = createWidgetApi();
  const bridge = createParentBridge(window);
  // A frame preloaded on intent starts closed: nothing is stored or asked of the server before the first open.
  let panelOpen = !params.closed;
  let firstOpen: () => void = () => {};
  const opened = new Promise<void>((resolve) => (firstOpen = resolve));
  if (panelOpen) firstOpen();
  const attended = (): boolean => panelOpen && document.visibilityState === 'visible';
  const unread = createUnreadCounter(bridge.unread, attended());
  let focusSignal = 0;
  let draw = (): void => {}; // nothing to draw until the storage is known
  let markSeen = (): void => {}; // nothing to record before there is a controller
  let identity: VisitorIdentity | null = params.identity ?? null;
  let switchIdentity = (): void => {}; // before the controller exists, it is simply created with `identity`

  bridge.onPanelChange((open) => {
    panelOpen = open;
    unread.setAttended(attended());
    markSeen();
    if (open) {
      firstOpen();
      focusSignal += 1;
      draw();
    }
  });
  // Registered before any await: the loader posts a newer identity as soon as the frame has loaded.
  let forget = false; // Parley.reset(): the stored visitor goes, whoever it was
  bridge.onIdentify((next, reset) => {
    const same = ownerOf(next) === ownerOf(identity);
    identity = next; // a newer token of the same user is used from the next start on
    forget ||= reset;
    if (same && !reset) return; // same visitor: the token stays
    switchIdentity();
  });
  // Parley.setLocale(): the chat speaks the other language from now on, without a reload.
  bridge.onLocale((next) => {
    if (next === locale) return;
    locale = next;
    document.documentElement.lang = next;
    void loadStrings(next).then((strings) => {
      loaded[next] = strings;
      if (next === locale) document.title = strings.documentTitle;
      draw();
    });
  });
  document.addEventListener('visibilitychange', () => {
    unread.setAttended(attended());
    markSeen();
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !event.isComposing && !event.defaultPrevented) bridge.close();
  });

  await opened;
  // The frame's own storage, else the host page's through the loader (a few ms; at most the bridge timeout).
  const keys = chatStoreKeys(desk);
  const embedder = embedderOf(window);
  const host = embedder && embedder.origin ? { window: embedder.window, origin: embedder.origin } : null;
  const storage = await openPersistentStorage(window, host, [keys.token, keys.outbox, keys.seen]);
  const store = createChatStore(desk, storage);
  const forgetStored = (): void => {
    if (!forget) return;
    forget = false;
    store.clearToken();
    store.writeOutbox([]);
  };
  forgetStored();
  loaded[params.locale] = await loadingStrings;
  // A controller per identity: a new one drops the other visitor's token, outbox and seen mark (see createChatController).
  const newController = (): ChatController => {
    const created = createChatController({
      desk,
      store,
      api,
      identity,
      openTransport: openSocketTransport,
      onAgentMessage: (message) => {
        // Another tab of the visitor may have shown it already (the seen mark is shared): then it is not unread here.
        if (!seenUpTo(store, message.conversationId, message.seq)) unread.agentMessage();
        bridge.message(message);
      },
    });
    const seen = createSeenMark(store);
    markSeen = () => seen(created.getState().timeline, attended());
    created.subscribe(markSeen);
    return created;
  };
  let controller = newController();
  // Another tab recorded that the visitor has read all this one shows: its badge goes (same-origin storage only).
  window.addEventListener('storage', () => {
    const shown = controller.getState().timeline;
    if (seenUpTo(store, shown.conversationId, shown.lastSeq)) unread.read();
  });
  let generation = 0; // remounts the UI (drafts, uploads) with the new visitor
  draw = () => {
    const strings = loaded[locale]; // Parley.setLocale(): drawn again once the other language has loaded
    if (!strings) return;
    render(
      <App
        key={generation}
        desk={desk}
        locale={locale}
        strings={strings}
        controller={controller}
        api={api}
        onClose={bridge.close}
        focusSignal={focusSignal}
        onReady={bridge.ready}
        onLook={(look) => bridge.look(look.color, look.position === 'left', look.launcherLabel[locale])}
      />,
      root,
    );
  };
  switchIdentity = () => {
    controller.stop();
    forgetStored();
    controller = newController();
    generation += 1;
    draw();
    controller.start();
  };
  // The browser's own signal switches the chat's state at once (socket.io would notice only after its timeouts).
  const network = (): void => controller.setNetwork(navigator.onLine);
  window.addEventListener('online', network);
  window.addEventListener('offline', network);
  draw();
  controller.start();
  if (!navigator.onLine) network();
}

void boot();
