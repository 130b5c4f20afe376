import { useEffect } from 'preact/hooks';
import type { DeskPublicConfig } from '@parley/protocol';
import type { ChatController } from '../chat-controller.ts';
import type { WidgetApi } from '../widget-api.ts';
import { format, type AppStrings, type Locale } from '../i18n.ts';
import { timelineEntries } from '../timeline.ts';
import { useChatState } from '../use-chat-state.ts';
import { useDeskConfig } from '../use-desk-config.ts';
import { ChatHeader } from './ChatHeader.tsx';
import { ConnectionNotice } from './ConnectionNotice.tsx';
import { MessageList } from './MessageList.tsx';
import { Composer } from './Composer.tsx';
import { Later } from './Later.tsx';
import { formKind } from '../form-kind.ts';

interface AppProps {
  desk: string;
  locale: Locale;
  strings: AppStrings;
  controller: ChatController;
  api: Pick<WidgetApi, 'fetchDeskConfig'>;
  onClose: () => void;
  focusSignal: number;
  /** The desk's look changed: the launcher and the frame on the host page follow it. */
  onLook?: (look: DeskPublicConfig['widget']) => void;
  /** The chat shows the desk's name and greeting (or its defaults, when the desk's cannot be had): no longer loading. */
  onReady?: () => void;
}

/** The chat panel inside the frame: the current conversation, the list of conversations, or a past one (read only). */
export function App({ desk, locale, strings, controller, api, onClose, focusSignal, onLook, onReady }: AppProps) {
  const state = useChatState(controller);
  const { timeline, connection, status, list, viewing } = state;
  const loaded = useDeskConfig(api, desk, connection === 'online');
  const config = state.desk ?? loaded;
  const greeting = config?.greeting[locale] || strings.greetingFallback;
  const look = config?.widget;
  useEffect(() => {
    if (!look) return;
    if (/^#[0-9a-f]{3,8}$/i.test(look.color)) document.documentElement.style.setProperty('--accent', look.color);
    onLook?.(look);
  }, [look?.color, look?.position, look?.launcherLabel[locale]]);
  const known = config !== undefined;
  useEffect(() => void (known && onReady?.()), [known]);
  // Until the desk's name and greeting are known, the chat says it is loading (never defaults that would be replaced).
  if (!known) {
    return (
      <p class="loading" role="status">
        {strings.loading}
      </p>
    );
  }

  const active = status !== null && status !== 'resolved' && status !== 'closed' && !state.fresh;
  const inList = list !== null || viewing !== null;
  const nav = inList
    ? { label: strings.back, back: true, onClick: () => controller.openConversation(viewing ? null : (timeline.conversationId ?? '')) }
    : { label: strings.conversations, back: false, onClick: () => controller.loadConversations() };
  let body;
  if (inList) {
    const pane = { list, viewing, strings, locale, canStartNew: !active, controller, MessageList, sound: look?.sound !== false && desk };
    body = <Later render={(x) => <x.ConversationsPane {...pane} />} />;
  } else {
    const entries = timelineEntries(timeline).filter((e) => !state.fresh || e.kind === 'pending');
    const closed = status === 'closed' && !state.fresh;
    const started = (timeline.conversationId !== null && !state.fresh && status !== 'closed') || timeline.pending.length > 0;
    const kind = formKind(config?.forms, { ...state, started });
    const forms = config?.forms;
    const form = kind && forms && (
      <Later render={(x) => <x.Form kind={kind} forms={forms} locale={locale} controller={controller} messages={[...timeline.messages.values()]} />} />
    );
    body = (
      <>
        <MessageList
          entries={entries}
          greeting={greeting}
          strings={strings}
          locale={locale}
          onRetry={controller.retry}
          onDiscard={controller.discard}
          seenSeq={state.seenSeq}
          offline={connection === 'offline'}
        />
        {kind === 'prompt' && form}
        <p class="status-line" role="status">
          {state.typing !== null && !state.fresh
            ? format(strings.typing, { name: state.typing || strings.authorAgentFallback })
            : state.queue
              ? format(strings.queue, { count: state.queue })
              : ''}
        </p>
        {(closed || (status === 'resolved' && !state.fresh)) && (
          <Later render={(x) => <x.ConversationEnd closed={closed} locale={locale} onNew={controller.newConversation} />} />
        )}
        {kind === 'prechat' || kind === 'offline' ? form : !closed && (
          <Composer
            strings={strings}
            locale={locale}
            onSend={controller.send}
            onUpload={controller.upload}
            focusSignal={focusSignal}
            onTyping={(text) => controller.typing(text, look?.typingPreview)}
          />
        )}
      </>
    );
  }

  return (
    <div class="chat">
      <ChatHeader
        title={config?.name || strings.deskFallbackName}
        availability={connection === 'online' && state.availability ? strings[state.availability] : null}
        closeLabel={strings.closeChat} onClose={onClose} nav={nav} />
      <ConnectionNotice connection={connection} strings={strings} />
      {body}
    </div>
  );
}
