import { readVisitorToken } from '../panel/unread-check.ts';
import { openLiveSocket, type SocketWindow } from './live-socket.ts';

/** Replies in a burst are counted again once, this long after the last. */
const RECOUNT_AFTER_MS = 300;

/** What the host chunk lends the listener. */
export interface LiveHooks {
  /** The page's identity (`ownerOf`): whose visitor token may be used. */
  owner(): string | null;
  /** Whether the page still listens: the chat has not been opened (its own socket takes over) and the visitor is the same. */
  wanted(): boolean;
  /** An agent's reply, as the server sent it (the host chunk checks it as it checks the chat frame's). */
  reply(message: unknown): void;
  /** Ask the server for the unread count again. */
  recount(): void;
}

/** What the host chunk imports from `/widget/live-<hash>.js`. */
export interface LiveModule {
  listenForReplies(win: Window, base: string, desk: string, hooks: LiveHooks): () => void;
}

const record = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {});

/**
 * A returning visitor's page while the chat is closed and not yet started: the agents' replies as they come, for the
 * badge, the title cue, the chime and the API's events. The count itself is always the server's answer (recount),
 * asked after each reply, after each reconnect (what came meanwhile) and when another tab of the site records that
 * the visitor has read. Closed on `pagehide` (a page in the back-forward cache holds no connection), back with the
 * page. Returns `stop`.
 */
export function listenForReplies(win: Window, base: string, desk: string, hooks: LiveHooks): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const recount = (): void => {
    win.clearTimeout(timer);
    timer = win.setTimeout(() => hooks.wanted() && hooks.recount(), RECOUNT_AFTER_MS);
  };
  const socket = openLiveSocket(win as Window & SocketWindow, base, {
    token: () => {
      try {
        return hooks.wanted() ? readVisitorToken(win.localStorage, desk, hooks.owner()) : null;
      } catch {
        return null; // storage blocked since
      }
    },
    connected: recount, // the first time too: a reply may have come between the page's first count and now
    event(name, payload) {
      if (!hooks.wanted()) return stop();
      const message = record(payload)['message'];
      if (name === 'message.created' && record(message)['type'] === 'agent') {
        hooks.reply(message);
        recount();
      } else if (name === 'resync') recount();
    },
  });
  const keys = `parley:${desk}:`;
  const listeners: Array<[string, (event: Event) => void]> = [
    ['storage', (event) => {
      const { key } = event as StorageEvent;
      if (key === `${keys}seen`) recount();
      else if (key === `${keys}token`) socket.start();
    }],
    ['pagehide', () => socket.stop()],
    ['pageshow', (event) => (event as PageTransitionEvent).persisted && socket.wake()],
    ['online', () => socket.wake()],
    ['securitypolicyviolation', (event) => {
      // The page's CSP has no wss: entry for Parley: say so once, and do not knock again.
      const blocked = (event as SecurityPolicyViolationEvent).blockedURI;
      if (blocked.indexOf(base.replace(/^http/, 'ws')) !== 0) return;
      stop();
      console.warn(`[Parley] add ${blocked.split('/socket.io')[0]} to connect-src to show replies live`);
    }],
  ];
  function stop(): void {
    win.clearTimeout(timer);
    socket.stop();
    for (const [name, listener] of listeners) win.removeEventListener(name, listener);
  }
  for (const [name, listener] of listeners) win.addEventListener(name, listener);
  socket.start();
  return stop;
}
