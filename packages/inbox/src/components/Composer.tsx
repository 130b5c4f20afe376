/**
 * The reply / note composer. The draft lives in localStorage per ticket until the server acknowledges it;
 * Enter or Ctrl/Cmd+Enter sends (the agent's preference). A `stale_ticket` refusal keeps the text and files and shows
 * what arrived meanwhile. Replying to a colleague's ticket follows the desk's reply policy (state/reply-policy.ts).
 * Files (attach button, paste, drop) are uploaded at once; the draft keeps the uploaded ones, so they survive a
 * reload, and the message carries their ids. A message may be files only. `/` opens the canned-response picker and, in
 * a note, `@` the colleague picker (components/composer); a note carries the ids of the colleagues still mentioned.
 * An agent with a signature gets a Signature toggle on replies (state/signature.ts): on, the reply is sent with it.
 * Near the server's length limit a counter says what is left (state/message-length.ts, the signature counted); past it
 * nothing is sent and the counter says why (composer/LengthNotice.tsx).
 */
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { PlaceholderValues } from '@parley/protocol/canned';
import type { ErrorBody } from '@parley/protocol/errors';
import type { AttachmentRef, Message } from '@parley/protocol/model';
import type { AgentPresence, Composing } from '@parley/protocol/presence';
import type { ReplyPolicy, SendKey } from '@parley/protocol/settings';
import { formatBytes } from '../format.ts';
import { attachProblemText, errorText, useI18n } from '../hooks/useI18n.ts';
import type { Ticket } from '../hooks/useTicket.ts';
import { useUploads } from '../hooks/useUploads.ts';
import { useCanned } from '../hooks/useCanned.ts';
import { useSignatureToggle } from '../hooks/useSignature.ts';
import type { AgentDirectory } from '../state/agents.ts';
import { mentionsIn, remember, type Mentioned } from '../state/mentions.ts';
import { optionId, PickerList } from './composer/PickerList.tsx';
import { usePicker } from './composer/usePicker.ts';
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS_PER_MESSAGE } from '../state/attachments.ts';
import {
  addAttachment,
  editDraft,
  hasContent,
  prepareSend,
  removeAttachment,
  reviewed,
  startedOn,
  type Draft,
  type DraftStore,
  type DraftType,
} from '../state/drafts.ts';
import { composingEndsAt, composingOf } from '../state/composing.ts';
import { reasonOf } from '../state/form-errors.ts';
import { missedMessages, staleChange, type StaleChange } from '../state/guards.ts';
import { newClientMsgId } from '../state/ids.ts';
import { refusedAsClosed } from '../state/lifecycle.ts';
import { replyClosed, replyGate } from '../state/reply-policy.ts';
import { sendsMessage } from '../state/send-key.ts';
import { asSent, keptOnServer, messageLength } from '../state/message-length.ts';
import { offersSignature } from '../state/signature.ts';
import { AttachmentChips } from './AttachmentChips.tsx';
import { ReplyBlocked } from './ReplyBlocked.tsx';
import { LengthNotice } from './composer/LengthNotice.tsx';
import { SignatureToggle, SignaturePreview } from './composer/Signature.tsx';
import { ComposingNotice } from './Presence.tsx';
import { StaleBanner } from './StaleBanner.tsx';

interface Props {
  conversationId: string;
  drafts: DraftStore;
  send: Ticket['send'];
  /** The ticket as shown now, and the server's copy of the draft (the open ticket's, from useTicket). */
  view: Ticket['view'];
  saveDraft: Ticket['saveDraft'];
  loadDraft: Ticket['loadDraft'];
  /** An agent's display name, for "assigned to Mina while you were writing". */
  nameOf: (agentId: string) => string;
  /** The logged-in agent: a reply to a ticket assigned to someone else follows the desk's reply policy. */
  selfId: string;
  /** The ticket's assignee now. */
  assigneeId: string | null;
  /** The ticket is closed: the customer takes no more replies (notes still go). */
  ticketClosed?: boolean;
  replyPolicy: ReplyPolicy;
  sendKey: SendKey;
  /** "Assign to me", offered when the policy keeps this agent from replying. */
  assignToMe: Ticket['update'];
  /** The replies a refused send had not seen (highlighted in the timeline until reviewed or sent). */
  onMissed: (seqs: readonly number[]) => void;
  /** The other agents on this ticket ("Mina is replying…"). */
  others: readonly AgentPresence[];
  /** Whether this agent is writing here (state/composing.ts), reported on every change. */
  onComposing: (conversationId: string, composing: Composing) => void;
  /** What canned responses' placeholders are filled with on this ticket. */
  placeholders: PlaceholderValues;
  /** Colleagues to mention in a note. */
  directory: AgentDirectory;
  /** A keyboard shortcut asked for the composer in this mode (`n` counts the requests). */
  request: ComposeRequest | null;
  /** The agent's signature (Settings → Profile; empty: none), added to replies while the toggle is on. */
  signature?: string;
}

export interface ComposeRequest {
  type: DraftType;
  n: number;
}

/** The colleagues chosen with `@` per ticket (kept while the page lives, across ticket switches). */
const chosenMentions = new Map<string, Mentioned[]>();

/**
 * Where a finished upload goes: the mounted composer of its ticket, else straight into the stored draft (the agent
 * switched tickets while it was uploading; the file is there when they come back).
 */
const mounted = new Map<string, (ref: AttachmentRef) => void>();

function filesOf(list: FileList | null | undefined): File[] {
  return list ? Array.from(list) : [];
}

/** Edits reach the server's copy of the draft after this pause. */
const SERVER_DRAFT_DELAY_MS = 800;

export function Composer(props: Props) {
  const { conversationId, drafts, send, view, saveDraft, loadDraft, nameOf, selfId, assigneeId, replyPolicy, sendKey, onMissed, others, onComposing } =
    props;
  const { t, locale } = useI18n();
  const id = useId();
  const textarea = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const attachButton = useRef<HTMLButtonElement>(null);
  const ticketClosed = props.ticketClosed ?? false;
  // A fresh draft on a ticket closed to this agent's replies starts as the note they can write.
  const [draft, setDraft] = useState<Draft>(
    () => drafts.load(conversationId) ?? { text: '', type: ticketClosed || replyClosed(replyPolicy, assigneeId, selfId) ? 'note' : 'agent' },
  );
  // Handlers read the newest draft from here: an upload may finish between a render and the next event.
  const latest = useRef(draft);
  const [sending, setSending] = useState(false);
  const [missed, setMissed] = useState<Message[] | null>(null);
  const [change, setChange] = useState<StaleChange | null>(null);
  /** The colleague whose ticket this reply would answer, while the agent is asked to confirm. */
  const [othersTicket, setOthersTicket] = useState<string | null>(null);
  /** Answered once for this ticket and colleague: not asked again for every message. */
  const confirmedFor = useRef<string | null>(null);
  const [failure, setFailure] = useState<ErrorBody | null>(null);
  const [dropping, setDropping] = useState(false);
  const lastInputAt = useRef<number | null>(null);
  const reportComposing = useRef(onComposing);
  reportComposing.current = onComposing;
  const { canned, refreshIfStale } = useCanned(selfId);
  const signature = props.signature ?? '';
  const [signing, setSigning] = useSignatureToggle(selfId);
  /** Sends refused for length since the last edit (each is announced). */
  const [refusals, setRefusals] = useState(0);
  const lengthOf = (d: Draft) => messageLength(d.text, d.type, signing ? signature : null);

  /** Whether this composer changed the draft (only then does the server's copy need writing). */
  const local = useRef(false);
  const keep = (edited: Draft) => {
    const next = startedOn(edited, view()); // the first words remember the ticket they answer
    local.current = true;
    latest.current = next;
    setDraft(next);
    setRefusals(0);
    drafts.save(conversationId, next);
  };

  // The server keeps a copy (other devices, a cleared browser): sent a moment after the last edit. A text longer than
  // it takes stays in this browser only (its last copy there is left as it was).
  useEffect(() => {
    if (!local.current || !keptOnServer(latest.current.text)) return;
    const timer = setTimeout(() => void saveDraft(conversationId, latest.current), SERVER_DRAFT_DELAY_MS);
    return () => clearTimeout(timer);
  }, [conversationId, draft.text, draft.type, saveDraft]);
  // Nothing here yet: the draft this agent left on another device, if any.
  useEffect(() => {
    if (hasContent(latest.current)) return;
    let cancelled = false;
    void loadDraft(conversationId).then((found) => {
      if (cancelled || !found || hasContent(latest.current)) return;
      latest.current = found;
      setDraft(found);
      drafts.save(conversationId, found);
    });
    return () => {
      cancelled = true;
    };
  }, [conversationId, loadDraft, drafts]);

  const uploads = useUploads((ref) => {
    const deliver = mounted.get(conversationId);
    if (deliver) deliver(ref);
    else drafts.save(conversationId, addAttachment(drafts.load(conversationId) ?? { text: '', type: 'agent' }, ref));
  });

  useEffect(() => {
    const deliver = (ref: AttachmentRef) => keep(addAttachment(latest.current, ref));
    mounted.set(conversationId, deliver);
    return () => {
      if (mounted.get(conversationId) === deliver) mounted.delete(conversationId);
    };
  }, [conversationId, drafts]); // `keep` and `latest` only use these

  // Writing or not: again on every change of the text or the mode, and when the typing pause gets too long.
  useEffect(() => {
    const input = { text: draft.text, type: draft.type, lastInputAt: lastInputAt.current };
    const now = Date.now();
    reportComposing.current(conversationId, composingOf(input, now));
    const endsAt = composingEndsAt(input, now);
    if (endsAt === null) return;
    const idle = setTimeout(() => reportComposing.current(conversationId, null), endsAt - now);
    return () => clearTimeout(idle);
  }, [conversationId, draft.text, draft.type]);
  useEffect(() => () => reportComposing.current(conversationId, null), [conversationId]);

  // Replies closed while nothing is written yet (the policy or the assignee changed, the ticket was closed): the empty
  // box becomes a note. A reply already written stays, for the agent to copy or turn into a note.
  const policyClosed = replyClosed(replyPolicy, assigneeId, selfId);
  const closed = policyClosed || ticketClosed;
  useEffect(() => {
    if (!closed || latest.current.type !== 'agent' || hasContent(latest.current)) return;
    latest.current = { ...latest.current, type: 'note' };
    setDraft(latest.current);
  }, [closed]);

  const attached = draft.attachments ?? [];
  const uploading = uploads.pending.length > 0;

  const addFiles = (files: File[]) => {
    if (files.length === 0 || sending) return;
    uploads.add(files, latest.current.attachments?.length ?? 0);
  };

  const submit = async (force: boolean, confirmed = false) => {
    if (sending) return;
    if (uploads.inFlight() > 0) {
      uploads.report([{ kind: 'uploading' }]);
      return;
    }
    if (!hasContent(latest.current)) return;
    // Longer than the server takes (the signature counted): nothing is sent, the text stays, the counter says why.
    if (lengthOf(latest.current).over) {
      setRefusals((n) => n + 1);
      textarea.current?.focus();
      return;
    }
    if (latest.current.type === 'agent') {
      // A closed ticket: the notice above the box says why nothing is sent.
      if (ticketClosed) return;
      // `block`: the ticket as it is now decides (the server checks the same); the notice says why and offers to take it.
      if (replyClosed(replyPolicy, view()?.assigneeId ?? null, selfId)) return;
      // `warn`: a colleague's ticket when the agent started writing: ask before answering their customer. (Assigned to
      // someone else only since then: the server's guard stops the send and says so.)
      const assignee = latest.current.seen ? latest.current.seen.assigneeId : (view()?.assigneeId ?? null);
      if (confirmed) confirmedFor.current = assignee;
      const gate = replyGate(replyPolicy, assignee, selfId, confirmedFor.current);
      if (!force && !confirmed && gate.kind === 'ask') {
        setOthersTicket(gate.assigneeId);
        return;
      }
    }
    setOthersTicket(null);
    const ready = prepareSend(latest.current, newClientMsgId);
    keep(ready); // a retry after a lost ack reuses this clientMsgId (and the same files), even after a reload
    const mentions = ready.type === 'note' ? mentionsIn(ready.text, chosenMentions.get(conversationId) ?? []) : [];
    // The text as sent, made once here: the send's retries repeat it as it is (the draft keeps the agent's own text).
    const outgoing = asSent(ready, signing ? signature : null);
    setSending(true);
    setFailure(null);
    setMissed(null);
    onMissed([]);
    uploads.report([]);
    const answer = await send(mentions.length > 0 ? { ...outgoing, mentions } : outgoing, force);
    setSending(false);
    if (answer.ok) {
      drafts.clear(conversationId);
      chosenMentions.delete(conversationId);
      latest.current = { text: '', type: ready.type };
      setDraft(latest.current);
    } else if (answer.error.code === 'stale_ticket') {
      const unseen = missedMessages(answer.error.details);
      setMissed(unseen);
      onMissed(unseen.map((m) => m.seq));
      setChange(staleChange(answer.error.details));
    } else {
      setFailure(answer.error);
    }
  };

  const picker = usePicker({
    textarea,
    note: draft.type === 'note',
    canned,
    onCannedOpen: refreshIfStale,
    agents: props.directory.values(),
    selfId,
    locale,
    placeholders: props.placeholders,
    onText: (text) => {
      lastInputAt.current = Date.now();
      keep(editDraft(latest.current, text));
    },
    onMention: (mentioned) => chosenMentions.set(conversationId, remember(chosenMentions.get(conversationId) ?? [], mentioned)),
  });

  // `r` / `n` from anywhere in the inbox: this mode, focused (a closed reply mode leaves the note).
  const { request } = props;
  const handled = useRef(request?.n ?? 0);
  useEffect(() => {
    if (!request || request.n === handled.current) return;
    handled.current = request.n;
    const type = request.type === 'agent' && closed ? 'note' : request.type;
    if (latest.current.type !== type) setType(type);
    textarea.current?.focus();
  }, [request]); // setType and closed are read as they are now

  const onKeyDown = (event: KeyboardEvent) => {
    if (picker.onKeyDown(event)) return;
    if (sendsMessage(event, sendKey)) {
      event.preventDefault();
      void submit(false);
    }
  };

  const onPaste = (event: ClipboardEvent) => {
    const files = filesOf(event.clipboardData?.files);
    if (files.length === 0) return; // plain text pastes as usual
    event.preventDefault();
    addFiles(files);
  };

  const carriesFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;

  const setType = (type: DraftType) => keep({ ...latest.current, type });
  const note = draft.type === 'note';
  const replyHeld = closed && !note;
  const enterSends = sendKey === 'enter';
  const signable = offersSignature(signature, draft.type);
  const length = lengthOf(draft);
  const lengthId = `${id}-length`;

  return (
    <form
      class={`composer${note ? ' composer-note' : ''}${dropping ? ' composer-dropping' : ''}`}
      onSubmit={(event) => {
        event.preventDefault();
        void submit(false);
      }}
      onDragOver={(event) => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        if (event.dataTransfer) event.dataTransfer.dropEffect = sending ? 'none' : 'copy';
        setDropping(true);
      }}
      onDragLeave={(event) => {
        const to = event.relatedTarget;
        if (!(to instanceof Node && event.currentTarget.contains(to))) setDropping(false);
      }}
      onDrop={(event) => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        setDropping(false);
        addFiles(filesOf(event.dataTransfer?.files));
      }}
    >
      {othersTicket && (
        <div class="stale" role="alert">
          <p class="stale-title">{t('others.title', { name: nameOf(othersTicket) })}</p>
          <p class="stale-hint">{t('others.hint')}</p>
          <div class="stale-actions">
            <button type="button" class="button-primary" onClick={() => void submit(false, true)}>
              {t('others.replyAnyway')}
            </button>
            <button
              type="button"
              class="button-secondary"
              onClick={() => {
                setOthersTicket(null);
                textarea.current?.focus();
              }}
            >
              {t('others.cancel')}
            </button>
          </div>
        </div>
      )}
      {ticketClosed && (
        <div class="reply-blocked" role="note">
          <p>{t('composer.ticketClosed')}</p>
          {!note && (
            <div class="stale-actions">
              <button type="button" class="button-secondary" onClick={() => setType('note')}>
                {t('composer.note')}
              </button>
            </div>
          )}
        </div>
      )}
      {!ticketClosed && policyClosed && assigneeId !== null && (
        <ReplyBlocked
          name={nameOf(assigneeId)}
          assignToMe={() => props.assignToMe({ assigneeId: selfId })}
          onNote={note ? null : () => setType('note')}
        />
      )}
      {missed && (
        <StaleBanner
          missed={missed}
          change={change}
          nameOf={nameOf}
          onSendAnyway={() => void submit(true)}
          onReview={() => {
            // reviewed: the draft now answers the ticket as it is, so sending it is no longer blind
            keep(reviewed(latest.current, view()));
            setMissed(null);
            onMissed([]);
            setChange(null);
            textarea.current?.focus();
          }}
        />
      )}
      <div class="composer-top">
        <div class="composer-mode" role="radiogroup" aria-label={t('composer.mode')}>
          {(['agent', 'note'] as const).map((type) => (
            <label key={type} class="mode-option">
              <input
                type="radio"
                name={`${id}-type`}
                value={type}
                checked={draft.type === type}
                disabled={type === 'agent' && closed}
                onChange={() => setType(type)}
              />{' '}
              {t(type === 'agent' ? 'composer.reply' : 'composer.note')}
            </label>
          ))}
        </div>
        <ComposingNotice agents={others} />
      </div>
      <label class="sr-only" for={`${id}-text`}>
        {t('composer.label')}
      </label>
      <div class="composer-field">
      <PickerList id={`${id}-picker`} picker={picker} />
      <textarea
        id={`${id}-text`}
        ref={textarea}
        rows={4}
        value={draft.text}
        readOnly={sending}
        // The box keeps its textbox role (ARIA in HTML allows no other on a textarea): the list is tied to it by
        // aria-controls, and the active option is read out through aria-activedescendant.
        aria-autocomplete="list"
        aria-controls={picker.kind !== null ? `${id}-picker` : undefined}
        aria-activedescendant={picker.kind !== null ? optionId(`${id}-picker`, picker.active) : undefined}
        aria-describedby={length.shown ? `${id}-tools ${lengthId}` : `${id}-tools`}
        placeholder={t(
          note
            ? enterSends ? 'composer.placeholderNoteEnter' : 'composer.placeholderNote'
            : enterSends ? 'composer.placeholderReplyEnter' : 'composer.placeholderReply',
        )}
        onInput={(e) => {
          lastInputAt.current = Date.now();
          keep(editDraft(latest.current, e.currentTarget.value));
          picker.update();
        }}
        onKeyDown={onKeyDown}
        onKeyUp={(e) => {
          if (['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(e.key)) picker.update();
        }}
        onClick={picker.update}
        onBlur={picker.close}
        onPaste={onPaste}
      />
      <span id={`${id}-tools`} class="sr-only">
        {t(note ? 'composer.toolsNote' : 'composer.tools')}
      </span>
      </div>
      <LengthNotice id={lengthId} length={length} refusals={refusals} />
      {signable && signing && <SignaturePreview id={`${id}-signature`} signature={signature} />}
      <AttachmentChips
        attachments={attached}
        pending={uploads.pending}
        disabled={sending}
        onRemove={(attachmentId) => {
          keep(removeAttachment(latest.current, attachmentId));
          attachButton.current?.focus();
        }}
        onCancel={(key) => {
          uploads.cancel(key);
          attachButton.current?.focus();
        }}
      />
      {uploads.problems.length > 0 && (
        <div class="error attach-problems" role="alert">
          {uploads.problems.map((problem, i) => (
            <p key={i}>{attachProblemText(t, locale, problem)}</p>
          ))}
        </div>
      )}
      <div class="composer-actions">
        <div class="composer-tools">
          <input
            ref={fileInput}
            id={`${id}-files`}
            class="sr-only"
            type="file"
            multiple
            tabIndex={-1}
            aria-hidden="true"
            onChange={(e) => {
              const files = filesOf(e.currentTarget.files);
              e.currentTarget.value = ''; // picking the same file again fires `change` again
              addFiles(files);
            }}
          />
          <button
            ref={attachButton}
            type="button"
            class="button-secondary attach-button"
            aria-disabled={sending}
            aria-describedby={`${id}-limits`}
            onClick={() => {
              if (!sending) fileInput.current?.click();
            }}
          >
            {/* A drawn clip: the 📎 emoji is a box where no emoji font is installed (Linux desktops). */}
            <svg class="attach-icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
              <path d="M16.5 6v11.5a4 4 0 0 1-8 0V5a2.5 2.5 0 0 1 5 0v10.5a1 1 0 0 1-2 0V6H10v9.5a2.5 2.5 0 0 0 5 0V5a4 4 0 0 0-8 0v12.5a5.5 5.5 0 0 0 11 0V6z" />
            </svg>
            {t('attach.button')}
          </button>
          {signable && (
            <SignatureToggle on={signing} disabled={sending} previewId={`${id}-signature`} onChange={setSigning} />
          )}
          <span id={`${id}-limits`} class="attach-limits">
            {t('attach.limits', { count: MAX_ATTACHMENTS_PER_MESSAGE, max: formatBytes(MAX_ATTACHMENT_BYTES, locale) })}
          </span>
        </div>
        {failure && (
          <p class="error" role="alert">
            {reasonOf(failure) === 'assigned_elsewhere'
              ? t('policy.refused', { name: assigneeId ? nameOf(assigneeId) : t('stale.someoneElse') })
              : refusedAsClosed(failure)
                ? t('composer.closedRefused')
                : t('composer.failed', { message: errorText(t, failure) })}
          </p>
        )}
        {(sending || uploading) && (
          <span class="sending" role="status">
            {t(sending ? 'composer.sending' : 'attach.uploading')}
          </span>
        )}
        <button
          type="submit"
          class="button-primary"
          aria-disabled={sending || replyHeld || length.over}
          aria-describedby={length.over ? lengthId : undefined}
        >
          {t('composer.send')}
        </button>
      </div>
    </form>
  );
}
