import type { ChatController } from '../chat-controller.ts';
import type { WidgetApi } from '../widget-api.ts';
import { APP_STRINGS, type Locale } from '../i18n.ts';
import { timelineEntries } from '../timeline.ts';
import { useChatState } from '../use-chat-state.ts';
import { useDeskConfig } from '../use-desk-config.ts';
import { ChatHeader } from './ChatHeader.tsx';
import { ConnectionNotice } from './ConnectionNotice.tsx';
import { MessageList } from './MessageList.tsx';
import { Composer } from './Composer.tsx';

interface AppProps {
  desk: string;
  locale: Locale;
  controller: ChatController;
  api: Pick<WidgetApi, 'fetchDeskConfig'>;
  onClose: () => void;
  focusSignal: number;
}

/** The chat panel inside the frame. */
export function App({ desk, locale, controller, api, onClose, focusSignal }: AppProps) {
  const strings = APP_STRINGS[locale];
  const { timeline, connection } = useChatState(controller);
  const config = useDeskConfig(api, desk);
  const greeting = config?.greeting[locale] || strings.greetingFallback;

  return (
    <div class="chat">
      <ChatHeader title={config?.name || strings.deskFallbackName} closeLabel={strings.closeChat} onClose={onClose} />
      <ConnectionNotice connection={connection} strings={strings} />
      <MessageList
        entries={timelineEntries(timeline)}
        greeting={greeting}
        strings={strings}
        locale={locale}
        onRetry={controller.retry}
        onDiscard={controller.discard}
      />
      <Composer
        strings={strings}
        locale={locale}
        onSend={controller.send}
        onUpload={controller.upload}
        focusSignal={focusSignal}
      />
    </div>
  );
}
