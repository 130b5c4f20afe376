import { render } from 'preact';
import { App } from './components/App.tsx';
import { APP_STRINGS } from './i18n.ts';
import { detectLocale } from './locale.ts';
import { parseFrameParams } from './frame-params.ts';
import { createWidgetApi } from './widget-api.ts';
import { chatStoreKeys, createChatStore } from './chat-store.ts';
import { openPersistentStorage } from './browser-storage.ts';
import { createChatController } from './chat-controller.ts';
import { openSocketTransport } from './socket-transport.ts';
import { createParentBridge, embedderOf } from './parent-bridge.ts';
import { createUnreadCounter } from './unread-counter.ts';

/** Entry of `/widget/app.js`, loaded by `frame.html` inside the loader's iframe. */
async function boot(): Promise<void> {
  const root = document.getElementById('app');
  if (!root) return;
  const params = parseFrameParams(location.hash, navigator.language);
  if (!params) {
    root.textContent = APP_STRINGS[detectLocale(null, navigator.language)].unavailable;
    return;
  }
  const { desk, locale } = params;
  document.documentElement.lang = locale;
  document.title = APP_STRINGS[locale].documentTitle;

  const api = createWidgetApi();
  const bridge = createParentBridge(window);
  let panelOpen = true; // the loader creates the frame when the visitor opens the panel
  const attended = (): boolean => panelOpen && document.visibilityState === 'visible';
  const unread = createUnreadCounter(bridge.unread, attended());
  let focusSignal = 0;
  let draw = (): void => {}; // nothing to draw until the storage is known

  bridge.onPanelChange((open) => {
    panelOpen = open;
    unread.setAttended(attended());
    if (open) {
      focusSignal += 1;
      draw();
    }
  });
  document.addEventListener('visibilitychange', () => unread.setAttended(attended()));
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !event.isComposing && !event.defaultPrevented) bridge.close();
  });

  // The frame's own storage, else the host page's through the loader (a few ms; at most the bridge timeout).
  const keys = chatStoreKeys(desk);
  const embedder = embedderOf(window);
  const host = embedder && embedder.origin ? { window: embedder.window, origin: embedder.origin } : null;
  const storage = await openPersistentStorage(window, host, [keys.token, keys.outbox]);
  const controller = createChatController({
    desk,
    store: createChatStore(desk, storage),
    api,
    openTransport: openSocketTransport,
    onAgentMessage: () => unread.agentMessage(),
  });
  draw = () =>
    render(
      <App desk={desk} locale={locale} controller={controller} api={api} onClose={bridge.close} focusSignal={focusSignal} />,
      root,
    );
  draw();
  controller.start();
}

void boot();
