/** Every ticket of the customer, newest activity first; the open one is marked, the others open on click. */
import type { Conversation } from '@parley/protocol/model';
import { formatDateTime } from '../../format.ts';
import { useI18n } from '../../hooks/useI18n.ts';
import { channelKey, statusKey } from '../../i18n.ts';
import { hashForTicket } from '../../route.ts';

export function ContactHistory({ tickets, current }: { tickets: readonly Conversation[] | null; current: string }) {
  const { t, locale } = useI18n();
  if (tickets === null) return null;
  return (
    <section class="contact-history" aria-labelledby="contact-history-title">
      <h3 id="contact-history-title">{t('contact.history', { count: String(tickets.length) })}</h3>
      <ol class="history-list">
        {tickets.map((ticket) => (
          <li key={ticket.id} class={ticket.id === current ? 'history-current' : undefined}>
            {ticket.id === current ? (
              <span aria-current="true">
                <strong>#{ticket.number}</strong> {ticket.subject}
              </span>
            ) : (
              <a href={hashForTicket(ticket.id)}>
                <strong>#{ticket.number}</strong> {ticket.subject}
              </a>
            )}
            <span class="history-meta">
              {t(statusKey(ticket.status))} · {t(channelKey(ticket.channel))} · <time dateTime={ticket.lastMessageAt}>{formatDateTime(ticket.lastMessageAt, locale)}</time>
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
