import type { ConnectionState } from '../chat-controller.ts';
import type { AppStrings } from '../i18n.ts';

interface ConnectionNoticeProps {
  connection: ConnectionState;
  strings: AppStrings;
}

const TEXT: Record<Exclude<ConnectionState, 'online'>, keyof AppStrings> = {
  connecting: 'connecting',
  reconnecting: 'reconnecting',
  unavailable: 'unavailable',
  offline: 'youAreOffline',
};

/** One line saying the chat is not connected; the status region stays in the page so changes are announced. */
export function ConnectionNotice({ connection, strings }: ConnectionNoticeProps) {
  const text = connection === 'online' ? '' : strings[TEXT[connection]];
  return (
    <p class="connection-notice" role="status">
      {text}
    </p>
  );
}
