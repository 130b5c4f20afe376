import type { LiveModule } from '../live/index.ts';
import type { LoaderOptions } from '../loader/loader-options.ts';
import { fetchUnread } from '../panel/unread-check.ts';

/** File name of the live replies chunk under `/widget/` (content-hashed), set by bundle.mjs. */
declare const PARLEY_LIVE: string;

export interface UnreadWatchDeps {
  /** The badge's count now. */
  shown(): number | null;
  /** Shows a new count (badge, title cue, `unread` event). */
  show(count: number): void;
  /** An agent's reply arrived (the `message` event and the chime). */
  reply(message: unknown): void;
  /** The page's identity (`ownerOf`). */
  owner(): string | null;
}

/**
 * A returning visitor's unread count while the chat has not been opened on this page: the server's count now and, over
 * the live chunk (a WebSocket of its own, no socket.io-client), again whenever an agent replies. `stop` when the chat
 * opens: its own socket takes over.
 */
export function createUnreadWatch(win: Window, options: Pick<LoaderOptions, 'base' | 'desk'>, deps: UnreadWatchDeps) {
  let asked = 0;
  let stopped = false;
  let stopLive = (): void => {};
  return {
    /** `fresh`: false once the answer would be stale (another identity, the chat opened). */
    check(fresh: () => boolean): void {
      const wanted = () => !stopped && fresh();
      const ask = (): boolean => {
        const n = ++asked;
        const answer = fetchUnread(win, options.base, options.desk, deps.owner());
        if (answer) void answer.then((count) => count !== null && n === asked && wanted() && count !== deps.shown() && deps.show(count));
        return !!answer;
      };
      // Nothing to listen for without a token and a seen mark: a visitor who never chatted opens no connection.
      if (!ask()) return;
      (import(`${options.base}/widget/${PARLEY_LIVE}`) as Promise<LiveModule>)
        .then((live) => {
          if (wanted())
            stopLive = live.listenForReplies(win, options.base, options.desk, {
              owner: deps.owner,
              wanted,
              reply: deps.reply,
              recount: ask,
            });
        })
        .catch(() => undefined); // offline: the badge keeps its first count
    },
    stop(): void {
      stopped = true;
      stopLive();
    },
  };
}
