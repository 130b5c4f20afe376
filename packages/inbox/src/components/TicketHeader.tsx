/**
 * The ticket header: "#number subject", status (snoozing asks until when), priority, assignee and team selects,
 * "Assign to me", and the tags. Each change sends `agent:update` with the version on screen; a `conflict` re-opens
 * the ticket and says so.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { Socket } from 'socket.io-client';
import type { ErrorBody } from '@parley/protocol/errors';
import {
  CONVERSATION_STATUSES,
  PRIORITIES,
  type Conversation,
  type ConversationStatus,
  type Priority,
} from '@parley/protocol/model';
import type { AgentPresence } from '@parley/protocol/presence';
import { errorText, useI18n } from '../hooks/useI18n.ts';
import { listen } from '../socket.ts';
import type { Ticket, TicketPatch } from '../hooks/useTicket.ts';
import { priorityKey, statusKey } from '../i18n.ts';
import { canTransition, isFinal, refusedAsClosed } from '../state/lifecycle.ts';
import { handoffReasonKey } from '../state/handoff.ts';
import { reasonOf } from '../state/form-errors.ts';
import { assigneeFromValue, assigneeOptions, type AgentDirectory } from '../state/agents.ts';
import { assigneeText } from './AssigneeName.tsx';
import { PresenceBar } from './Presence.tsx';
import { SnoozeControl } from './ticket/SnoozeControl.tsx';
import { TagEditor } from './ticket/TagEditor.tsx';
import { HandoffActions } from './ticket/HandoffActions.tsx';
import { useTeams } from '../hooks/useTeams.ts';
import './ticket/ticket-workflow.css';

interface Props {
  conversation: Conversation;
  agentId: string;
  directory: AgentDirectory;
  /** The other agents on this ticket. */
  presence: readonly AgentPresence[];
  update: Ticket['update'];
  transfer: Ticket['transfer'];
  escalate: Ticket['escalate'];
  /** A keyboard shortcut's request (`n` counts them): assign to me, resolve, ask until when to snooze, transfer, escalate. */
  command?: HeaderCommand | null;
  /** Shown after the actions (the contact panel's toggle on narrower windows). */
  extra?: ComponentChildren;
  /** The live connection: "cannot be reached" is taken back when it is there again. */
  socket?: Pick<Socket, 'on' | 'off'>;
}

export interface HeaderCommand {
  action: 'assign' | 'resolve' | 'snooze' | 'transfer' | 'escalate';
  n: number;
}

/** Why the lifecycle refused a change. */
type Refusal = { kind: 'closed' } | { kind: 'transition'; to: ConversationStatus };

export function TicketHeader({ conversation, agentId, directory, presence, update, transfer, escalate, command = null, extra, socket }: Props) {
  const { t, locale } = useI18n();
  const id = useId();
  const [pending, setPending] = useState<TicketPatch | null>(null);
  const [failure, setFailure] = useState<ErrorBody | null>(null);
  /** A change the lifecycle refused: the ticket is closed, or its status cannot become `to` (a shortcut, a colleague first). */
  const [refused, setRefused] = useState<Refusal | null>(null);
  const [askingSnooze, setAskingSnooze] = useState(false);
  const { teams, refresh: refreshTeams } = useTeams();
  const mine = conversation.assigneeId === agentId;
  const assignee = pending && pending.assigneeId !== undefined ? pending.assigneeId : conversation.assigneeId;
  const final = isFinal(conversation.status);
  // A team's ticket goes to one of its members (the server refuses anyone else, as for a transfer).
  const team = conversation.teamId === null ? null : teams.find((candidate) => candidate.id === conversation.teamId);
  const options = assigneeOptions(directory, agentId, assignee, locale, team ? new Set(team.memberIds) : null);
  const header = useRef<HTMLElement>(null);
  /** A refused change in the agent's words: an edit raced by a colleague, a rule of teams, or the server's reason. */
  const failureText = (error: ErrorBody): string => {
    if (error.code === 'conflict') return t('ticket.conflict');
    const reason = handoffReasonKey(error);
    return reason ? t(reason) : t('ticket.updateFailed', { message: errorText(t, error) });
  };

  // A change refused for want of a connection: once it is back, the error is no longer true (the select shows the
  // ticket as it is; the agent makes the change again).
  useEffect(() => {
    if (!socket || failure?.code !== 'unavailable') return;
    return listen(socket, 'connect', () => setFailure(null));
  }, [socket, failure]);

  // A refusal is moot once the ticket's status allows what was asked (it is said from the status now shown).
  useEffect(() => {
    if (refused?.kind === 'transition' && canTransition(conversation.status, refused.to)) setRefused(null);
  }, [conversation.status]);

  const change = async (patch: TicketPatch) => {
    if (pending) return;
    setFailure(null);
    setRefused(null);
    // Closed is final: nothing of it changes (the server refuses the same).
    if (final) return setRefused({ kind: 'closed' });
    if (patch.status !== undefined && !canTransition(conversation.status, patch.status)) return setRefused({ kind: 'transition', to: patch.status });
    setPending(patch);
    const answer = await update(patch);
    setPending(null);
    if (answer.ok) {
      // only the snooze closes its picker (another change finishing meanwhile, say a shortcut's, leaves it open)
      if (patch.status === 'snoozed') setAskingSnooze(false);
      return;
    }
    // The ticket changed meanwhile (a colleague closed it, or moved its status): said as the lifecycle's rule.
    if (refusedAsClosed(answer.error)) setRefused({ kind: 'closed' });
    else if (reasonOf(answer.error) === 'transition' && patch.status !== undefined) setRefused({ kind: 'transition', to: patch.status });
    else setFailure(answer.error);
  };

  const handled = useRef(command?.n ?? 0);
  useEffect(() => {
    if (!command || command.n === handled.current) return;
    handled.current = command.n;
    if (command.action === 'assign' && !mine) void change({ assigneeId: agentId });
    else if (command.action === 'resolve' && conversation.status !== 'resolved') void change({ status: 'resolved' });
    else if (command.action === 'snooze') {
      if (!final && canTransition(conversation.status, 'snoozed')) setAskingSnooze(true);
      else {
        setFailure(null);
        setRefused(final ? { kind: 'closed' } : { kind: 'transition', to: 'snoozed' });
      }
    }
  }, [command]); // acts on the ticket as it is now
  // Snoozing from the keyboard: the picker's first choice takes the focus.
  useEffect(() => {
    if (askingSnooze && command?.action === 'snooze') header.current?.querySelector<HTMLElement>('.snooze-picker button')?.focus();
  }, [askingSnooze]);

  return (
    <header
      class="ticket-header"
      ref={header}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && askingSnooze) {
          e.preventDefault();
          setAskingSnooze(false);
          header.current?.querySelector('select')?.focus();
        }
      }}
    >
      <div class="ticket-title-row">
        <h2 class="ticket-title">
          #{conversation.number} {conversation.subject}
        </h2>
        <PresenceBar agents={presence} />
      </div>
      <div class="ticket-controls">
        <span class="field">
          <label for={`${id}-status`}>{t('status.label')}</label>
          <select
            id={`${id}-status`}
            value={askingSnooze ? 'snoozed' : (pending?.status ?? conversation.status)}
            onChange={(e) => {
              const status = e.currentTarget.value as ConversationStatus;
              // Snoozing needs a wake-up time: ask for it before changing anything.
              if (status === 'snoozed') setAskingSnooze(true);
              else {
                setAskingSnooze(false);
                void change({ status });
              }
            }}
          >
            {CONVERSATION_STATUSES.map((s) => (
              <option key={s} value={s} disabled={!canTransition(conversation.status, s)}>
                {t(statusKey(s))}
              </option>
            ))}
          </select>
        </span>
        <span class="field">
          <label for={`${id}-priority`}>{t('priority.label')}</label>
          <select
            id={`${id}-priority`}
            disabled={final}
            value={pending?.priority ?? conversation.priority}
            onChange={(e) => void change({ priority: e.currentTarget.value as Priority })}
          >
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {t(priorityKey(p))}
              </option>
            ))}
          </select>
        </span>
        <span class="field assignee">
          <label for={`${id}-assignee`}>{t('assignee.label')}</label>
          <select
            id={`${id}-assignee`}
            disabled={final}
            value={assignee ?? ''}
            onChange={(e) => {
              const next = assigneeFromValue(e.currentTarget.value);
              if (next !== conversation.assigneeId) void change({ assigneeId: next });
            }}
          >
            {options.map((o) => (
              <option key={o.value} value={o.value}>
                {assigneeText(t, o.view, true)}
              </option>
            ))}
          </select>
        </span>
        <span class="field">
          <label for={`${id}-team`}>{t('team.label')}</label>
          <select
            id={`${id}-team`}
            disabled={final}
            value={pending?.teamId !== undefined ? (pending.teamId ?? '') : (conversation.teamId ?? '')}
            onFocus={() => void refreshTeams()}
            onChange={(e) => {
              const next = e.currentTarget.value === '' ? null : e.currentTarget.value;
              if (next !== conversation.teamId) void change({ teamId: next });
            }}
          >
            <option value="">{t('team.none')}</option>
            {conversation.teamId !== null && !teams.some((team) => team.id === conversation.teamId) && (
              <option value={conversation.teamId}>{t('team.other')}</option>
            )}
            {teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </select>
        </span>
        <button
          type="button"
          class="button-secondary"
          aria-disabled={mine || final || pending !== null}
          onClick={() => {
            if (!mine) void change({ assigneeId: agentId });
          }}
        >
          {t('ticket.assignToMe')}
        </button>
        <HandoffActions
          conversation={conversation}
          directory={directory}
          transfer={transfer}
          escalate={escalate}
          command={command?.action === 'transfer' || command?.action === 'escalate' ? { action: command.action, n: command.n } : null}
        />
        {extra}
      </div>
      <SnoozeControl conversation={conversation} asking={askingSnooze} onCancel={() => setAskingSnooze(false)} change={change} />
      <TagEditor tags={conversation.tags} disabled={final || pending !== null} onChange={(tags) => void change({ tags })} />
      {refused && !failure && (
        <p class="error" role="alert">
          {refused.kind === 'closed' || final
            ? t('status.closedFinal')
            : t('status.refused', { from: t(statusKey(conversation.status)), to: t(statusKey(refused.to)) })}
        </p>
      )}
      {failure && <p class="error" role="alert">{failureText(failure)}</p>}
    </header>
  );
}
