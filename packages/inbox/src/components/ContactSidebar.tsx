/** The contact sidebar: who is asking, on which channel, since when. Grows into the customer history later. */
import type { Contact, Conversation } from '@parley/protocol/model';
import { formatDateTime } from '../format.ts';
import { useI18n } from '../hooks/useI18n.ts';
import { channelKey } from '../i18n.ts';
import { mailtoHref } from '../state/links.ts';

interface Props {
  conversation: Conversation;
  contact: Contact | null;
}

export function ContactSidebar({ conversation, contact }: Props) {
  const { t, locale } = useI18n();
  // Contact fields are visitor-controlled: text only, and a mailto: link only for a plain address.
  const mailto = mailtoHref(contact?.email);
  return (
    <div class="contact">
      <h2 class="contact-name">{contact?.name || t('contact.visitor')}</h2>
      <dl class="facts">
        {contact?.email && (
          <>
            <dt>{t('contact.email')}</dt>
            <dd>{mailto ? <a href={mailto}>{contact.email}</a> : contact.email}</dd>
          </>
        )}
        <dt>{t('contact.channel')}</dt>
        <dd>{t(channelKey(conversation.channel))}</dd>
        <dt>{t('contact.created')}</dt>
        <dd>
          <time dateTime={conversation.createdAt}>{formatDateTime(conversation.createdAt, locale)}</time>
        </dd>
      </dl>
    </div>
  );
}
