/**
 * "The customer is typing…" under the open ticket's timeline (widget visitors only): shown while `visitor.typing`
 * signals arrive (the widget repeats one every ~2 s while typing), gone when they stop saying so, when their message
 * arrives or TYPING_SHOWN_MS after the last signal (no stuck line after a disconnect). Nothing is stored. When the
 * desk shows agents the visitor's typing (Settings → Desk), the signal carries the unsent draft: "The customer is
 * typing: …", as text.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Socket } from 'socket.io-client';
import { SERVER_EVENTS } from '@parley/protocol/events';
import { useI18n } from '../hooks/useI18n.ts';
import { listen } from '../socket.ts';

export const TYPING_SHOWN_MS = 6000;

/** Its own strings: one line in two languages, kept next to the only component that shows it. */
const TEXT = { en: 'The customer is typing…', ko: '고객이 입력 중…' } as const;
const PREVIEW = { en: 'The customer is typing: ', ko: '고객이 입력 중: ' } as const;

/** `null`: nobody types; `''`: typing, no preview; else the draft's preview. */
type Typing = string | null;

export function VisitorTyping({ socket, conversationId }: { socket: Pick<Socket, 'on' | 'off'>; conversationId: string }) {
  const { locale } = useI18n();
  const [typing, setTyping] = useState<Typing>(null);
  useEffect(() => {
    setTyping(null);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const set = (next: Typing) => {
      clearTimeout(timer);
      if (next !== null) timer = setTimeout(() => setTyping(null), TYPING_SHOWN_MS);
      setTyping(next);
    };
    const field = (payload: unknown, name: string): unknown =>
      typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>)[name] : undefined;
    const offTyping = listen(socket, SERVER_EVENTS.visitorTyping, (payload) => {
      if (field(payload, 'conversationId') !== conversationId) return;
      const preview = field(payload, 'preview');
      set(field(payload, 'typing') === false ? null : typeof preview === 'string' ? preview : '');
    });
    const offMessage = listen(socket, SERVER_EVENTS.messageCreated, (payload) => {
      const message = field(payload, 'message');
      if (field(message, 'conversationId') === conversationId && field(message, 'type') === 'visitor') set(null);
    });
    return () => {
      clearTimeout(timer);
      offTyping();
      offMessage();
    };
  }, [socket, conversationId]);
  const preview = typing !== null && typing.trim() !== '';
  // Only the line's start is a live region: a screen reader says that the customer types, not every draft.
  return (
    <p class="visitor-typing">
      <span role="status">{typing === null ? '' : preview ? PREVIEW[locale] : TEXT[locale]}</span>
      {preview && <span class="visitor-typing-preview">{typing}</span>}
    </p>
  );
}
