/**
 * The ticket timeline: messages in seq order, keyed by seq, text rendered as text (http(s) URLs as safe links,
 * see MessageText), files as download links and image thumbnails (MessageAttachments). Internal notes are marked
 * visibly and in words. Stays scrolled to the newest message unless the agent scrolled up to read.
 */
import { useLayoutEffect, useRef } from 'preact/hooks';
import type { Message, TicketActivity } from '@parley/protocol/model';
import { ActivityItem } from './ticket/ActivityItem.tsx';
import { timelineItems } from '../state/activity.ts';
import type { AgentDirectory } from '../state/agents.ts';
import { formatDateTime, formatTime } from '../format.ts';
import { useI18n } from '../hooks/useI18n.ts';
import { attachmentsOf } from '../state/attachments.ts';
import { MessageAttachments } from './MessageAttachments.tsx';
import { MessageText } from './MessageText.tsx';
import { messageAuthor } from './messageAuthor.ts';

const STICK_PX = 48;

interface Props {
  messages: readonly Message[];
  /** Seqs of the replies that landed while the agent was writing (a refused send): highlighted. */
  missed?: readonly number[];
  /** The ticket's changes, drawn as lines between the messages. */
  activity?: readonly TicketActivity[];
  directory?: AgentDirectory;
  agentId?: string;
  /** How the customer is named (name, else e-mail): their messages say so instead of "Visitor". */
  customer?: string | null;
}

export function Timeline({ messages, missed = [], activity = [], directory = new Map(), agentId = '', customer = null }: Props) {
  const { t } = useI18n();
  const log = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);

  useLayoutEffect(() => {
    const el = log.current;
    if (el && atBottom.current) el.scrollTop = el.scrollHeight;
  }, [messages, activity]);

  const onScroll = () => {
    const el = log.current;
    if (el) atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < STICK_PX;
  };

  // The timeline itself gets shorter (the reply box grew: the signature shown, a banner): the newest message stays in sight.
  useLayoutEffect(() => {
    const el = log.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const keep = new ResizeObserver(() => {
      if (atBottom.current) el.scrollTop = el.scrollHeight;
    });
    keep.observe(el);
    return () => keep.disconnect();
  }, []);

  // A thumbnail that finishes loading grows the timeline: stay at the newest message if we were there.
  const onLoadCapture = () => {
    const el = log.current;
    if (el && atBottom.current) el.scrollTop = el.scrollHeight;
  };

  return (
    <div class="timeline" role="log" aria-label={t('timeline.label')} tabIndex={0} ref={log} onScroll={onScroll} onLoadCapture={onLoadCapture}>
      {messages.length === 0 ? (
        <p class="timeline-empty">{t('timeline.empty')}</p>
      ) : (
        <ol class="messages">
          {timelineItems(messages, activity).map((item) =>
            item.kind === 'message' ? (
              <MessageItem key={item.message.seq} message={item.message} missed={missed.includes(item.message.seq)} customer={customer} />
            ) : (
              <ActivityItem key={item.activity.id} activity={item.activity} directory={directory} agentId={agentId} />
            ),
          )}
        </ol>
      )}
    </div>
  );
}

function MessageItem({ message: m, missed, customer }: { message: Message; missed: boolean; customer: string | null }) {
  const { t, locale } = useI18n();
  const time = (
    <time class="msg-time" dateTime={m.createdAt} title={formatDateTime(m.createdAt, locale)}>
      {formatTime(m.createdAt, locale)}
    </time>
  );
  if (m.type === 'system') {
    return (
      <li class="msg msg-system" data-seq={m.seq}>
        <span class="msg-text">
          <MessageText text={m.text} />
        </span>{' '}
        {time}
      </li>
    );
  }
  return (
    <li class={`msg msg-${m.type}${missed ? ' msg-missed' : ''}`} data-seq={m.seq}>
      <div class="msg-head">
        {missed && <span class="missed-label">{t('message.missed')}</span>}
        <span class="msg-author">{messageAuthor(t, m, customer)}</span>{' '}
        {m.type === 'note' && <span class="note-label">{t('message.note')}</span>} {time}
      </div>
      {m.text !== '' && (
        <p class="msg-text">
          <MessageText text={m.text} />
        </p>
      )}
      <MessageAttachments attachments={attachmentsOf(m)} />
    </li>
  );
}
