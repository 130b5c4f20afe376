/**
 * "The customer is typing…" under the open ticket's timeline (widget visitors only): shown while `visitor.typing`
 * signals arrive (the widget repeats one every ~2 s while typing), gone when they stop saying so, when their message
 * arrives or TYPING_SHOWN_MS after the last signal (no stuck line after a disconnect). Nothing is stored.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Socket } from 'socket.io-client';
import { SERVER_EVENTS } from '@parley/protocol/events';
import { useI18n } from '../hooks/useI18n.ts';
import { listen } from '../socket.ts';

export const TYPING_SHOWN_MS = 6000;

/** Its own strings: one line in two languages, kept next to the only component that shows it. */
const TEXT = { en: 'The customer is typing…', ko: '고객이 입력 중…' } as const;

export function VisitorTyping({ socket, conversationId }: { socket: Pick<Socket, 'on' | 'off'>; conversationId: string }) {
  const { locale } = useI18n();
  const [typing, setTyping] = useState(false);
  useEffect(() => {
    setTyping(false);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const set = (on: boolean) => {
      clearTimeout(timer);
      if (on) timer = setTimeout(() => setTyping(false), TYPING_SHOWN_MS);
      setTyping(on);
    };
    const field = (payload: unknown, name: string): unknown =>
      typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>)[name] : undefined;
    const offTyping = listen(socket, SERVER_EVENTS.visitorTyping, (payload) => {
      if (field(payload, 'conversationId') === conversationId) set(field(payload, 'typing') !== false);
    });
    const offMessage = listen(socket, SERVER_EVENTS.messageCreated, (payload) => {
      const message = field(payload, 'message');
      if (field(message, 'conversationId') === conversationId && field(message, 'type') === 'visitor') set(false);
    });
    return () => {
      clearTimeout(timer);
      offTyping();
      offMessage();
    };
  }, [socket, conversationId]);
  return (
    <p class="visitor-typing" role="status">
      {typing ? TEXT[locale] : ''}
    </p>
  );
}
