/**
 * The contact sidebar: who is asking (the fields their site verified marked so), how to reach them, the desk's own
 * facts about them, the browser they chat from, and every ticket of theirs; agents edit the fields in place.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Contact, ContactName, Conversation } from '@parley/protocol/model';
import { formatDateTime } from '../format.ts';
import { useContact } from '../hooks/useContact.ts';
import { useI18n } from '../hooks/useI18n.ts';
import { channelKey } from '../i18n.ts';
import { historyWithLive } from '../state/contact-history.ts';
import { mailtoHref } from '@parley/protocol/links';
import { browserInfo, firstLanguage } from '../state/user-agent.ts';
import { ContactEditForm } from './contact/ContactEditForm.tsx';
import { ContactHistory } from './contact/ContactHistory.tsx';
import { ContactMerge } from './contact/ContactMerge.tsx';
import { ContactVisit } from './contact/ContactVisit.tsx';
import type { Socket } from 'socket.io-client';
import './contact/contact.css';

interface Props {
  conversation: Conversation;
  contact: Contact | null;
  /** The live connection: the visitor's current page follows it. */
  socket?: Pick<Socket, 'on' | 'off'>;
  /** The contact as shown now (loaded, edited, changed by the visitor): the ticket list names its rows with it. */
  onContact?: ((contacts: readonly ContactName[]) => void) | undefined;
}

export function ContactSidebar({ conversation, contact: fromTicket, socket, onContact }: Props) {
  const { t, locale } = useI18n();
  // Merged into another contact here: show that one at once (the ticket's own update follows by the live list).
  const [mergedTo, setMergedTo] = useState<{ ticket: string; contactId: string } | null>(null);
  const contactId = mergedTo?.ticket === conversation.id ? mergedTo.contactId : conversation.contactId;
  const details = useContact(contactId, fromTicket, conversation.id, socket);
  const [editing, setEditing] = useState(false);
  const tickets = useMemo(() => details.tickets && historyWithLive(details.tickets, conversation), [details.tickets, conversation]);
  const contact = details.contact;
  useEffect(() => {
    if (contact) onContact?.([contact]);
  }, [contact, onContact]);
  // Contact fields are visitor-controlled: text only, and a mailto: link only for a plain address.
  const mailto = mailtoHref(contact?.email);
  const device = contact?.device ? browserInfo(contact.device.userAgent) : null;
  const language = contact?.device?.language ? firstLanguage(contact.device.language, locale) : null;
  const verified = (on: boolean | undefined) =>
    on ? (
      <span class="verified" title={t('contact.verifiedHint')}>
        {' '}
        ✓<span class="sr-only">{t('contact.verified')}</span>
      </span>
    ) : null;

  return (
    <div class="contact">
      <div class="contact-title">
        <h2 class="contact-name">{contact?.name || t('contact.visitor')}</h2>
        {contact?.name && verified(contact.verified?.name)}
      </div>
      {editing && contact ? (
        <ContactEditForm
          contact={contact}
          onSaved={(next) => {
            details.saved(next);
            setEditing(false);
          }}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <>
          <dl class="facts">
            {contact?.email && (
              <>
                <dt>{t('contact.email')}</dt>
                <dd>
                  {mailto ? <a href={mailto}>{contact.email}</a> : contact.email}
                  {verified(contact.verified?.email)}
                </dd>
              </>
            )}
            {contact?.emailFollowUp && (
              <>
                <dt>{t('contact.emailFollowUp')}</dt>
                <dd>{t('contact.emailFollowUpValue')}</dd>
              </>
            )}
            {contact?.phone && (
              <>
                <dt>{t('contact.phone')}</dt>
                <dd>{contact.phone}</dd>
              </>
            )}
            {Object.entries(contact?.attributes ?? {}).map(([key, value]) => (
              <>
                <dt key={`k-${key}`}>{key}</dt>
                <dd key={`v-${key}`}>{value}</dd>
              </>
            ))}
            {device && (device.browser || device.system) && (
              <>
                <dt>{t('contact.browser')}</dt>
                <dd title={contact?.device?.userAgent}>
                  {device.browser && device.system ? t('contact.browserOn', { browser: device.browser, system: device.system }) : (device.browser ?? device.system)}
                </dd>
              </>
            )}
            {language && (
              <>
                <dt>{t('contact.language')}</dt>
                <dd>{language}</dd>
              </>
            )}
            <dt>{t('contact.channel')}</dt>
            <dd>{t(channelKey(conversation.channel))}</dd>
            <dt>{t('contact.created')}</dt>
            <dd>
              <time dateTime={conversation.createdAt}>{formatDateTime(conversation.createdAt, locale)}</time>
            </dd>
          </dl>
          {contact && (
            <button type="button" class="button-quiet" onClick={() => setEditing(true)}>
              {t('contact.edit')}
            </button>
          )}
          {contact && contact.id === contactId && (
            <ContactMerge contact={contact} onMerged={(target) => setMergedTo({ ticket: conversation.id, contactId: target.id })} />
          )}
        </>
      )}
      {contact && <ContactVisit socket={socket} contactId={contact.id} visit={contact.visit ?? null} />}
      <ContactHistory tickets={tickets} current={conversation.id} />
    </div>
  );
}
