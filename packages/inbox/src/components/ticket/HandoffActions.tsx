/**
 * Transfer and Escalate in the ticket header. Transfer opens a form (team, agent, internal note) sent as one change;
 * Escalate opens a short one (an optional reason) that raises the priority one level. The shortcuts `t` and `u` open
 * them; Escape or Cancel closes them and gives the focus back to their button.
 */
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { ErrorBody } from '@parley/protocol/errors';
import type { Conversation } from '@parley/protocol/model';
import { MAX_HANDOFF_NOTE } from '@parley/protocol/notifications';
import { errorText, useI18n } from '../../hooks/useI18n.ts';
import type { Ticket } from '../../hooks/useTicket.ts';
import { useTeams } from '../../hooks/useTeams.ts';
import { priorityKey } from '../../i18n.ts';
import type { AgentDirectory } from '../../state/agents.ts';
import { handoffReasonKey, KEEP, nextPriority, NONE, transferAgents, transferPayload, transferReady, type TransferChoice } from '../../state/handoff.ts';

export interface HandoffCommand {
  action: 'transfer' | 'escalate';
  n: number;
}

interface Props {
  conversation: Conversation;
  directory: AgentDirectory;
  transfer: Ticket['transfer'];
  escalate: Ticket['escalate'];
  command: HandoffCommand | null;
}

type Open = 'transfer' | 'escalate' | null;

export function HandoffActions({ conversation, directory, transfer, escalate, command }: Props) {
  const { t, locale } = useI18n();
  const id = useId();
  const { teams, refresh } = useTeams();
  const [open, setOpen] = useState<Open>(null);
  const [choice, setChoice] = useState<TransferChoice>({ team: KEEP, agent: KEEP, note: '' });
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ErrorBody | null>(null);
  const transferButton = useRef<HTMLButtonElement>(null);
  const escalateButton = useRef<HTMLButtonElement>(null);
  const form = useRef<HTMLFormElement>(null);
  const next = nextPriority(conversation.priority);

  const show = (which: Open) => {
    setFailure(null);
    setOpen(which);
    if (which === 'transfer') {
      setChoice({ team: KEEP, agent: KEEP, note: '' });
      void refresh();
    } else if (which === 'escalate') setReason('');
  };
  const close = () => {
    const back = open === 'escalate' ? escalateButton : transferButton;
    setOpen(null);
    setFailure(null);
    back.current?.focus();
  };

  const handled = useRef(command?.n ?? 0);
  useEffect(() => {
    if (!command || command.n === handled.current) return;
    handled.current = command.n;
    if (command.action === 'escalate' && !next) return;
    show(command.action);
  }, [command]);
  useEffect(() => {
    if (open) form.current?.querySelector<HTMLElement>('select, textarea')?.focus();
  }, [open]);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    if (open === 'transfer' && !transferReady(choice)) {
      setFailure({ code: 'invalid_input', message: '', details: { reason: 'no_target' } });
      return;
    }
    setBusy(true);
    setFailure(null);
    const answer = open === 'transfer' ? await transfer(transferPayload(choice)) : await escalate(reason.trim());
    setBusy(false);
    if (answer.ok) close();
    else setFailure(answer.error);
  };

  const agents = transferAgents(directory.values(), teams, choice, conversation.teamId, locale);
  const failureKey = failure && handoffReasonKey(failure);
  return (
    <>
      <button
        ref={transferButton}
        type="button"
        class="button-secondary"
        aria-expanded={open === 'transfer'}
        aria-controls={`${id}-form`}
        onClick={() => (open === 'transfer' ? close() : show('transfer'))}
      >
        {t('handoff.transfer')}
      </button>
      <button
        ref={escalateButton}
        type="button"
        class="button-secondary"
        aria-expanded={open === 'escalate'}
        aria-controls={`${id}-form`}
        aria-disabled={next === null}
        title={next === null ? t('handoff.reason.already_urgent') : undefined}
        onClick={() => (open === 'escalate' ? close() : next && show('escalate'))}
      >
        {t('handoff.escalate')}
      </button>
      {open && (
        <form
          ref={form}
          id={`${id}-form`}
          class="handoff-form"
          aria-label={open === 'transfer' ? t('handoff.transferTitle') : t('handoff.escalateTitle')}
          onSubmit={(e) => void submit(e)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              e.stopPropagation();
              close();
            }
          }}
        >
          {open === 'transfer' ? (
            <>
              <span class="field">
                <label for={`${id}-team`}>{t('handoff.team')}</label>
                <select id={`${id}-team`} value={choice.team} onChange={(e) => setChoice({ ...choice, team: e.currentTarget.value, agent: KEEP })}>
                  <option value={KEEP}>{t('handoff.teamKeep')}</option>
                  <option value={NONE}>{t('team.none')}</option>
                  {teams.map((team) => (
                    <option key={team.id} value={team.id}>
                      {team.name}
                    </option>
                  ))}
                </select>
              </span>
              <span class="field">
                <label for={`${id}-agent`}>{t('handoff.agent')}</label>
                <select id={`${id}-agent`} value={choice.agent} onChange={(e) => setChoice({ ...choice, agent: e.currentTarget.value })}>
                  <option value={KEEP}>{t('handoff.agentKeep')}</option>
                  <option value={NONE}>{t('handoff.agentQueue')}</option>
                  {agents.map((a) => (
                    <option key={a.id} value={a.id}>
                      {a.name}
                    </option>
                  ))}
                </select>
              </span>
              <span class="field handoff-note">
                <label for={`${id}-note`}>{t('handoff.note')}</label>
                <textarea
                  id={`${id}-note`}
                  rows={2}
                  maxLength={MAX_HANDOFF_NOTE}
                  value={choice.note}
                  onInput={(e) => setChoice({ ...choice, note: e.currentTarget.value })}
                />
              </span>
            </>
          ) : (
            <span class="field handoff-note">
              <label for={`${id}-reason`}>{t('handoff.reason')}</label>
              <textarea id={`${id}-reason`} rows={2} maxLength={MAX_HANDOFF_NOTE} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
            </span>
          )}
          <button type="submit" class="button-primary" aria-disabled={busy}>
            {open === 'transfer' ? t('handoff.transferSubmit') : t('handoff.escalateSubmit', { to: next ? t(priorityKey(next)) : '' })}
          </button>
          <button type="button" class="button-quiet" onClick={close}>
            {t('handoff.cancel')}
          </button>
          {failure && (
            <p class="error" role="alert">
              {failureKey ? t(failureKey) : failure.code === 'conflict' ? t('ticket.conflict') : t('ticket.updateFailed', { message: errorText(t, failure) })}
            </p>
          )}
        </form>
      )}
    </>
  );
}
