/** The open ticket (header, timeline, composer) and its contact sidebar, or a hint when none is open. */
import { useMemo, useState } from 'preact/hooks';
import type { AgentSelf, ContactName } from '@parley/protocol/model';
import type { Composing } from '@parley/protocol/presence';
import type { ReplyPolicy } from '@parley/protocol/settings';
import { errorText, useI18n } from '../hooks/useI18n.ts';
import type { Ticket } from '../hooks/useTicket.ts';
import { browserStorage } from '../prefs.ts';
import type { AgentDirectory } from '../state/agents.ts';
import { placeholderValues } from '../state/canned.ts';
import { createDraftStore } from '../state/drafts.ts';
import { customerName, noContactNames, type ContactNames } from '../state/contact-names.ts';
import { othersOn, type PresenceBoard } from '../state/presence.ts';
import { isFinal } from '../state/lifecycle.ts';
import { Composer, type ComposeRequest } from './Composer.tsx';
import { ContactSidebar } from './ContactSidebar.tsx';
import { TicketHeader, type HeaderCommand } from './TicketHeader.tsx';
import { Timeline } from './Timeline.tsx';
import { VisitorTyping } from './VisitorTyping.tsx';
import type { Socket } from 'socket.io-client';

interface Props {
  selected: string | null;
  ticket: Ticket;
  agent: AgentSelf;
  directory: AgentDirectory;
  presence: PresenceBoard;
  replyPolicy: ReplyPolicy;
  onComposing: (conversationId: string, composing: Composing) => void;
  /** The desk's name, for canned responses' {{desk.name}}. */
  deskName: string;
  /** Keyboard shortcuts for the composer (r, n) and the header (a, e, s). */
  composeRequest: ComposeRequest | null;
  headerCommand: HeaderCommand | null;
  /** The live connection (the visitor's typing line listens on it). */
  socket: Pick<Socket, 'on' | 'off'>;
  /** The open ticket's customer as the sidebar now shows them (the list names its rows with it). */
  onContact?: (contacts: readonly ContactName[]) => void;
  /** The customers' names as the list knows them: the timeline names the visitor's messages with the open one's. */
  customers?: ContactNames;
}

const CONTACT_PANE_ID = 'contact-pane';

export function TicketPane(props: Props) {
  const { selected, ticket, agent, directory, presence, replyPolicy, onComposing } = props;
  const { t } = useI18n();
  const drafts = useMemo(() => createDraftStore(browserStorage()), []);
  const [missed, setMissed] = useState<{ id: string; seqs: readonly number[] }>({ id: '', seqs: [] });
  // On narrower windows (styles.css) the contact panel is folded away: the conversation gets the width.
  const [contactOpen, setContactOpen] = useState(false);
  const { state } = ticket;
  const shown = selected !== null && state.id === selected ? state : null;
  const conversation = shown?.conversation ?? null;

  let body;
  if (selected === null) body = <p class="centered">{t('ticket.none')}</p>;
  else if (!conversation && shown?.phase === 'error' && shown.error)
    body = (
      <p class="centered error" role="alert">
        {errorText(t, shown.error)}
      </p>
    );
  else if (!conversation || !shown)
    body = (
      <p class="centered" role="status">
        {t('ticket.loading')}
      </p>
    );
  else {
    const others = othersOn(presence, conversation.id);
    body = (
      <>
        <TicketHeader
          key={conversation.id}
          conversation={conversation}
          agentId={agent.id}
          directory={directory}
          presence={others}
          update={ticket.update}
          transfer={ticket.transfer}
          escalate={ticket.escalate}
          socket={props.socket}
          command={props.headerCommand}
          extra={
            <button
              type="button"
              class="button-secondary contact-toggle"
              aria-expanded={contactOpen}
              aria-controls={CONTACT_PANE_ID}
              onClick={() => setContactOpen(!contactOpen)}
            >
              {t('contact.label')}
            </button>
          }
        />
        <Timeline
          key={conversation.id}
          messages={shown.messages}
          missed={missed.id === conversation.id ? missed.seqs : []}
          activity={shown.activity}
          directory={directory}
          agentId={agent.id}
          customer={customerName(props.customers ?? noContactNames, conversation.contactId) ?? null}
        />
        {conversation.channel === 'web' && <VisitorTyping socket={props.socket} conversationId={conversation.id} />}
        <Composer
          key={conversation.id}
          conversationId={conversation.id}
          drafts={drafts}
          send={ticket.send}
          view={ticket.view}
          saveDraft={ticket.saveDraft}
          loadDraft={ticket.loadDraft}
          nameOf={(agentId) => directory.get(agentId)?.name ?? agentId}
          selfId={agent.id}
          assigneeId={conversation.assigneeId}
          ticketClosed={isFinal(conversation.status)}
          replyPolicy={replyPolicy}
          sendKey={agent.preferences.sendKey}
          assignToMe={ticket.update}
          onMissed={(seqs) => setMissed({ id: conversation.id, seqs })}
          others={others}
          onComposing={onComposing}
          placeholders={placeholderValues({
            contact: shown.contact,
            agentName: agent.name,
            ticketNumber: conversation.number,
            deskName: props.deskName,
          })}
          directory={directory}
          request={props.composeRequest}
          signature={agent.signature}
        />
      </>
    );
  }

  return (
    <>
      <main id="ticket" class="pane pane-ticket" tabIndex={-1} aria-label={t('ticket.label')}>
        {body}
      </main>
      <aside id={CONTACT_PANE_ID} class={`pane pane-contact${contactOpen ? ' pane-contact-open' : ''}`} aria-label={t('contact.label')}>
        {conversation && shown && <ContactSidebar conversation={conversation} contact={shown.contact} socket={props.socket} onContact={props.onContact} />}
      </aside>
    </>
  );
}
