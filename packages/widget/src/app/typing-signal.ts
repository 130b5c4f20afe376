import { MAX_TYPING_PREVIEW } from '@parley/protocol/limits';

/** The visitor's typing is signalled at most this often; with the desk's typing preview, the draft about once a second. */
export const TYPING_EVERY_MS = 2000;
export const PREVIEW_EVERY_MS = 1000;

/** `preview`: the draft's last MAX_TYPING_PREVIEW characters; absent (never any text) unless the desk shows it. */
export type SendTyping = (typing: boolean, preview?: string) => void;

export interface TypingSignal {
  /** The composer's text changed; `preview`: the desk shows agents the visitor's draft. */
  input(text: string, preview: boolean): void;
  /** The message went (it ends the agents' indicator itself), or the chat stopped. */
  reset(): void;
}

/**
 * Throttles the typing signal: a start at most every TYPING_EVERY_MS, a stop once when the box is emptied. With the
 * preview, at most one every PREVIEW_EVERY_MS and the last draft of a burst once it is over (so agents see what the
 * visitor stopped at). Without it, no text ever leaves.
 */
export function createTypingSignal(send: SendTyping, now: () => number = () => Date.now()): TypingSignal {
  let sentAt = 0; // 0: nothing said since the box was last empty or the message went
  let draft = '';
  let shown = false; // whether the desk shows the draft, as of the last input
  let timer: ReturnType<typeof setTimeout> | undefined;
  const reset = (): void => {
    sentAt = 0;
    clearTimeout(timer);
    timer = undefined;
  };
  const flush = (): void => {
    reset();
    sentAt = now();
    send(true, shown ? draft.slice(-MAX_TYPING_PREVIEW) : undefined);
  };
  return {
    input(text, preview) {
      draft = text;
      shown = preview;
      if (!text.trim()) {
        if (sentAt) send(false);
        return reset();
      }
      const wait = sentAt + (preview ? PREVIEW_EVERY_MS : TYPING_EVERY_MS) - now();
      if (wait <= 0) flush();
      else if (preview) timer ??= setTimeout(flush, wait);
    },
    reset,
  };
}
