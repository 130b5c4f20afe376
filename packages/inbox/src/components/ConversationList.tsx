/**
 * The ticket list of the current view: one button per ticket, its customer's name (else e-mail, else "Visitor") with
 * the number and the time on the first line, the last message on the second, status, priority and assignee on the
 * third; named "Minji Kim #12 2:31 PM <preview> New Normal Unassigned". Only the rows in and near the
 * viewport are in the DOM (windowed), so tens of thousands of loaded tickets scroll smoothly; scrolling near the end
 * (or "Load more") fetches the next page.
 */
import { useEffect, useRef } from 'preact/hooks';
import { ESCALATED_TAG, type Conversation } from '@parley/protocol/model';
import type { AgentPresence } from '@parley/protocol/presence';
import { formatDateTime, formatTime } from '../format.ts';
import type { ConversationList as ListState } from '../hooks/useConversationList.ts';
import { errorText, useI18n } from '../hooks/useI18n.ts';
import { useRowWindow } from '../hooks/useRowWindow.ts';
import { priorityKey, statusKey } from '../i18n.ts';
import type { AgentDirectory } from '../state/agents.ts';
import { customerName, type ContactNames } from '../state/contact-names.ts';
import { isNarrowed } from '../state/list-view.ts';
import { othersOn, type PresenceBoard } from '../state/presence.ts';
import { nearEnd } from '../state/window.ts';
import { isUnread } from '../state/read-marks.ts';
import type { ReadState } from '../hooks/useReadMarks.ts';
import { AssigneeName } from './AssigneeName.tsx';
import { RowPresence } from './Presence.tsx';

interface Props {
  list: ListState;
  agentId: string;
  directory: AgentDirectory;
  customers: ContactNames;
  presence: PresenceBoard;
  selected: string | null;
  onSelect: (id: string) => void;
  reads?: ReadState | undefined;
}

export function ConversationList({ list, agentId, directory, customers, presence, selected, onSelect, reads }: Props) {
  const { t } = useI18n();
  const { conversations, phase, error, nextCursor, loadingMore, loadMore } = list;
  const scroller = useRef<HTMLDivElement>(null);
  const { window: rows, rowHeight } = useRowWindow(scroller, conversations.length);
  const wantMore = nextCursor !== null && nearEnd(rows, conversations.length);

  useEffect(() => {
    if (wantMore) loadMore();
  }, [wantMore, conversations.length, loadMore]);

  // A new view starts at the top.
  useEffect(() => {
    if (scroller.current) scroller.current.scrollTop = 0;
  }, [list.view]);

  const narrowed = isNarrowed(list.view);
  const unread = (c: Conversation) => reads !== undefined && c.id !== selected && isUnread(c, reads.marks, reads.loaded);
  const unreadCount = reads ? conversations.filter(unread).length : 0;
  return (
    <div class="list-scroll" ref={scroller}>
      {phase === 'loading' && conversations.length === 0 && (
        <p class="list-note" role="status">
          {t('list.loading')}
        </p>
      )}
      {phase === 'error' && error && (
        <p class="list-note error" role="alert">
          {error.code === 'invalid_input' ? t('find.stale') : errorText(t, error)}{' '}
          <button type="button" class="list-clear" onClick={list.reload}>
            {t('find.reload')}
          </button>
        </p>
      )}
      {phase === 'ready' && conversations.length === 0 && (
        <p class="list-note" role="status">
          {narrowed ? `${t('find.noMatch')} ${t('find.noMatchHint')}` : t('list.empty')}
        </p>
      )}
      <ul class="conversations" role="list" aria-label={t('list.label')} style={{ height: `${conversations.length * rowHeight}px` }}>
        {conversations.slice(rows.start, rows.end).map((c, i) => {
          const index = rows.start + i;
          return (
            <li key={c.id} aria-setsize={conversations.length} aria-posinset={index + 1} style={{ top: `${index * rowHeight}px`, height: `${rowHeight}px` }}>
              <Row
                conversation={c}
                agentId={agentId}
                directory={directory}
                customer={customerName(customers, c.contactId)}
                others={othersOn(presence, c.id)}
                current={c.id === selected}
                unread={unread(c)}
                onSelect={onSelect}
              />
            </li>
          );
        })}
      </ul>
      {conversations.length > 0 && (
        <p class="list-more">
          <span class="list-count">
            {t('find.shown', { count: conversations.length })}
            {unreadCount > 0 && ` · ${t('list.unread', { count: String(unreadCount) })}`}
          </span>
          {nextCursor !== null && (
            <button type="button" class="list-clear" disabled={loadingMore} onClick={loadMore}>
              {loadingMore ? t('find.loadingMore') : t('find.loadMore')}
            </button>
          )}
        </p>
      )}
    </div>
  );
}

interface RowProps {
  conversation: Conversation;
  agentId: string;
  directory: AgentDirectory;
  /** The customer's name or e-mail; null: neither ("Visitor"); undefined: not known yet. */
  customer: string | null | undefined;
  others: readonly AgentPresence[];
  current: boolean;
  unread: boolean;
  onSelect: (id: string) => void;
}

function Row({ conversation: c, agentId, directory, customer, others, current, unread, onSelect }: RowProps) {
  const { t, locale } = useI18n();
  const preview = c.lastMessagePreview || c.subject;
  return (
    <button
      type="button"
      class={`row${current ? ' row-current' : ''}${unread ? ' row-unread' : ''}`}
      aria-current={current ? 'true' : undefined}
      onClick={() => onSelect(c.id)}
    >
      <span class="row-head">
        {unread && (
          <span class="unread-dot" aria-hidden="true">
            ●{' '}
          </span>
        )}
        <span class="row-customer" title={customer ?? undefined}>
          {customer === undefined ? '' : (customer ?? t('contact.visitor'))}
        </span>{' '}
        <span class="row-number">#{c.number}</span>{' '}
        <time class="row-time" dateTime={c.lastMessageAt} title={formatDateTime(c.lastMessageAt, locale)}>
          {formatTime(c.lastMessageAt, locale)}
        </time>
      </span>{' '}
      <span class="row-title">
        {c.tags.includes(ESCALATED_TAG) && (
          <>
            <span class="badge badge-escalated">{t('list.escalated')}</span>{' '}
          </>
        )}
        <span class="row-preview">{preview}</span>
        {unread && <span class="sr-only"> {t('list.unreadRow')}</span>}
        <RowPresence agents={others} />
      </span>{' '}
      <span class="row-meta">
        <span class={`badge status-${c.status}`}>{t(statusKey(c.status))}</span>{' '}
        <span class={`badge priority-${c.priority}`}>{t(priorityKey(c.priority))}</span>{' '}
        <span class="row-assignee">
          <AssigneeName assigneeId={c.assigneeId} agentId={agentId} directory={directory} />
        </span>
      </span>
    </button>
  );
}
