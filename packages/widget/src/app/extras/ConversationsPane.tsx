import type { ConversationStatus, VisitorConversationSummary } from '@parley/protocol';
import type { ChatController, ViewedConversation } from '../chat-controller.ts';
import { format, type AppStrings, type Locale } from '../i18n.ts';
import { formatMessageTime } from '../format-time.ts';
import type { MessageList as AppMessageList } from '../components/MessageList.tsx';
import { LIST_STRINGS, type ListStrings } from './list-strings.ts';
import { SoundToggle } from './SoundToggle.tsx';

/** A resolved or closed conversation's last word: what it means, and New conversation. */
export function ConversationEnd({ closed, locale, onNew }: { closed: boolean; locale: Locale; onNew: () => void }) {
  const words = LIST_STRINGS[locale];
  return (
    <div class="conversation-end">
      <p>{closed ? words.closedNotice : words.resolvedNotice}</p>
      <button type="button" class="send-button" onClick={onNew}>
        {words.newConversation}
      </button>
    </div>
  );
}

export interface ConversationsPaneProps {
  list: ConversationListProps['list'] | null;
  viewing: ViewedConversation | null;
  strings: AppStrings;
  locale: Locale;
  canStartNew: boolean;
  controller: ChatController;
  /** The app's own message list, for a past conversation (the chunk does not carry a second one). */
  MessageList: typeof AppMessageList;
  /** The desk (its id) plays a chime for a reply while the chat is closed: the list offers the visitor its switch. */
  sound?: string | false;
}

/** The list of conversations, or a past conversation (read only) opened from it. In the extras chunk. */
export function ConversationsPane(props: ConversationsPaneProps) {
  const { list, viewing, strings, locale, canStartNew, controller, MessageList, sound } = props;
  const words = LIST_STRINGS[locale];
  if (viewing) {
    const { summary } = viewing;
    return (
      <>
        <p class="status-line">
          {format(words.conversationNumber, { count: summary.number })} · {statusLabel(summary.status, words)}
        </p>
        <MessageList
          entries={viewing.messages.map((message) => ({ kind: 'stored', key: message.id, message }))}
          greeting={viewing.loading ? strings.loading : ''}
          strings={strings}
          locale={locale}
          onRetry={controller.retry}
          onDiscard={controller.discard}
        />
        {canStartNew && (
          <div class="conversation-end">
            <button type="button" class="send-button" onClick={controller.newConversation}>
              {words.newConversation}
            </button>
          </div>
        )}
      </>
    );
  }
  return list ? (
    <ConversationList
      list={list}
      strings={strings}
      words={words}
      locale={locale}
      canStartNew={canStartNew}
      onOpen={controller.openConversation}
      onNew={controller.newConversation}
      onMore={() => controller.loadConversations(true)}
      sound={sound || false}
    />
  ) : null;
}

interface ConversationListProps {
  list: { conversations: readonly VisitorConversationSummary[]; more: boolean; loading: boolean };
  strings: AppStrings;
  words: ListStrings;
  locale: Locale;
  /** "New conversation" is offered only when no conversation is going on (one visitor, one live ticket). */
  canStartNew: boolean;
  onOpen: (id: string) => void;
  onNew: () => void;
  onMore: () => void;
  /** The desk's id when it plays the reply chime (the switch is offered), else false. */
  sound: string | false;
}

/** A conversation's status in the inbox's words: open, answered (waiting for the visitor), resolved or closed. */
export function statusLabel(status: ConversationStatus, words: ListStrings): string {
  if (status === 'pending') return words.statusAnswered;
  if (status === 'closed') return words.statusClosed;
  return status === 'resolved' ? words.statusResolved : words.statusOpen;
}

/** The visitor's conversations, newest first: status, last message and time; each opens as a button. */
export function ConversationList({ list, strings, words, locale, canStartNew, onOpen, onNew, onMore, sound }: ConversationListProps) {
  return (
    <section class="conversations" aria-label={strings.conversations}>
      {canStartNew && (
        <button type="button" class="send-button" onClick={onNew}>
          {words.newConversation}
        </button>
      )}
      {list.conversations.length === 0 && !list.loading ? (
        <p>{words.noConversations}</p>
      ) : (
        <ul class="conversation-list">
          {list.conversations.map((c) => (
            <li key={c.id}>
              <button type="button" class="conversation-row" onClick={() => onOpen(c.id)}>
                <span class="row-top">
                  <span class="row-title">{format(words.conversationNumber, { count: c.number })}</span>
                  <span class="status-chip">{statusLabel(c.status, words)}</span>
                </span>
                <span class="row-preview">{c.lastMessagePreview}</span>
                <time class="message-time" dateTime={c.lastMessageAt}>
                  {formatMessageTime(c.lastMessageAt, locale)}
                </time>
              </button>
            </li>
          ))}
        </ul>
      )}
      {(list.loading || list.more) && (
        <button type="button" class="text-button" disabled={list.loading} onClick={onMore}>
          {list.loading ? strings.loading : words.loadMore}
        </button>
      )}
      {sound && <SoundToggle desk={sound} label={words.sound} />}
    </section>
  );
}
