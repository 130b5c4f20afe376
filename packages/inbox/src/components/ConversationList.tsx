/** The conversation list of the current queue: one button per ticket, named "#12 <preview>". */
import type { Conversation } from '@parley/protocol/model';
import type { AgentPresence } from '@parley/protocol/presence';
import { formatDateTime, formatTime } from '../format.ts';
import type { ConversationList as ListState } from '../hooks/useConversationList.ts';
import { errorText, useI18n } from '../hooks/useI18n.ts';
import { priorityKey, statusKey } from '../i18n.ts';
import type { AgentDirectory } from '../state/agents.ts';
import { othersOn, type PresenceBoard } from '../state/presence.ts';
import { AssigneeName } from './AssigneeName.tsx';
import { RowPresence } from './Presence.tsx';

interface Props {
  list: ListState;
  agentId: string;
  directory: AgentDirectory;
  presence: PresenceBoard;
  selected: string | null;
  onSelect: (id: string) => void;
}

export function ConversationList({ list, agentId, directory, presence, selected, onSelect }: Props) {
  const { t } = useI18n();
  const { conversations, phase, error } = list;
  return (
    <>
      {phase === 'loading' && conversations.length === 0 && (
        <p class="list-note" role="status">
          {t('list.loading')}
        </p>
      )}
      {phase === 'error' && error && (
        <p class="list-note error" role="alert">
          {errorText(t, error)}
        </p>
      )}
      {phase === 'ready' && conversations.length === 0 && <p class="list-note">{t('list.empty')}</p>}
      <ul class="conversations" role="list" aria-label={t('list.label')}>
        {conversations.map((c) => (
          <li key={c.id}>
            <Row
              conversation={c}
              agentId={agentId}
              directory={directory}
              others={othersOn(presence, c.id)}
              current={c.id === selected}
              onSelect={onSelect}
            />
          </li>
        ))}
      </ul>
    </>
  );
}

interface RowProps {
  conversation: Conversation;
  agentId: string;
  directory: AgentDirectory;
  others: readonly AgentPresence[];
  current: boolean;
  onSelect: (id: string) => void;
}

function Row({ conversation: c, agentId, directory, others, current, onSelect }: RowProps) {
  const { t, locale } = useI18n();
  const preview = c.lastMessagePreview || c.subject;
  return (
    <button
      type="button"
      class={`row${current ? ' row-current' : ''}`}
      aria-current={current ? 'true' : undefined}
      onClick={() => onSelect(c.id)}
    >
      <span class="row-title">
        <span class="row-number">#{c.number}</span> <span class="row-preview">{preview}</span>
        <RowPresence agents={others} />
      </span>{' '}
      <span class="row-meta">
        <span class={`badge status-${c.status}`}>{t(statusKey(c.status))}</span>{' '}
        <span class={`badge priority-${c.priority}`}>{t(priorityKey(c.priority))}</span>{' '}
        <span class="row-assignee">
          <AssigneeName assigneeId={c.assigneeId} agentId={agentId} directory={directory} />
        </span>{' '}
        <time class="row-time" dateTime={c.lastMessageAt} title={formatDateTime(c.lastMessageAt, locale)}>
          {formatTime(c.lastMessageAt, locale)}
        </time>
      </span>
    </button>
  );
}
