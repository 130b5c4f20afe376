/**
 * The reply / note composer. The draft lives in localStorage per ticket until the server acknowledges it;
 * Ctrl/Cmd+Enter sends. A `stale_ticket` refusal keeps the text and shows what arrived meanwhile.
 */
import { useId, useRef, useState } from 'preact/hooks';
import type { ErrorBody } from '@parley/protocol/errors';
import type { Message } from '@parley/protocol/model';
import { errorText, useI18n } from '../hooks/useI18n.ts';
import type { Ticket } from '../hooks/useTicket.ts';
import { editDraft, prepareSend, type Draft, type DraftStore, type DraftType } from '../state/drafts.ts';
import { missedMessages } from '../state/guards.ts';
import { newClientMsgId } from '../state/ids.ts';
import { StaleBanner } from './StaleBanner.tsx';

interface Props {
  conversationId: string;
  drafts: DraftStore;
  send: Ticket['send'];
}

export function Composer({ conversationId, drafts, send }: Props) {
  const { t } = useI18n();
  const id = useId();
  const textarea = useRef<HTMLTextAreaElement>(null);
  const [draft, setDraft] = useState<Draft>(() => drafts.load(conversationId) ?? { text: '', type: 'agent' });
  const [sending, setSending] = useState(false);
  const [missed, setMissed] = useState<Message[] | null>(null);
  const [failure, setFailure] = useState<ErrorBody | null>(null);

  const keep = (next: Draft) => {
    setDraft(next);
    drafts.save(conversationId, next);
  };

  const submit = async (force: boolean) => {
    if (sending || draft.text.trim() === '') return;
    const ready = prepareSend(draft, newClientMsgId);
    keep(ready); // a retry after a lost ack reuses this clientMsgId, even after a reload
    setSending(true);
    setFailure(null);
    setMissed(null);
    const answer = await send(ready, force);
    setSending(false);
    if (answer.ok) {
      drafts.clear(conversationId);
      setDraft({ text: '', type: ready.type });
    } else if (answer.error.code === 'stale_ticket') {
      setMissed(missedMessages(answer.error.details));
    } else {
      setFailure(answer.error);
    }
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void submit(false);
    }
  };

  const setType = (type: DraftType) => keep({ ...draft, type });
  const note = draft.type === 'note';

  return (
    <form
      class={`composer${note ? ' composer-note' : ''}`}
      onSubmit={(event) => {
        event.preventDefault();
        void submit(false);
      }}
    >
      {missed && (
        <StaleBanner
          missed={missed}
          onSendAnyway={() => void submit(true)}
          onReview={() => {
            setMissed(null);
            textarea.current?.focus();
          }}
        />
      )}
      <div class="composer-mode" role="radiogroup" aria-label={t('composer.mode')}>
        {(['agent', 'note'] as const).map((type) => (
          <label key={type} class="mode-option">
            <input
              type="radio"
              name={`${id}-type`}
              value={type}
              checked={draft.type === type}
              onChange={() => setType(type)}
            />{' '}
            {t(type === 'agent' ? 'composer.reply' : 'composer.note')}
          </label>
        ))}
      </div>
      <label class="sr-only" for={`${id}-text`}>
        {t('composer.label')}
      </label>
      <textarea
        id={`${id}-text`}
        ref={textarea}
        rows={4}
        value={draft.text}
        readOnly={sending}
        placeholder={t(note ? 'composer.placeholderNote' : 'composer.placeholderReply')}
        onInput={(e) => keep(editDraft(draft, e.currentTarget.value))}
        onKeyDown={onKeyDown}
      />
      <div class="composer-actions">
        {failure && (
          <p class="error" role="alert">
            {t('composer.failed', { message: errorText(t, failure) })}
          </p>
        )}
        {sending && (
          <span class="sending" role="status">
            {t('composer.sending')}
          </span>
        )}
        <button type="submit" class="button-primary" aria-disabled={sending}>
          {t('composer.send')}
        </button>
      </div>
    </form>
  );
}
