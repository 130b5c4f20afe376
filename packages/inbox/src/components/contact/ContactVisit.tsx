/**
 * Where the visitor is on the customer's site, live: the current page, the recent pages, their local time and what the
 * site said of them (`Parley.setAttributes`, unverified). Updated by `contact.visit` while the ticket is open.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Socket } from 'socket.io-client';
import { SERVER_EVENTS } from '@parley/protocol/events';
import type { ContactVisit as Visit } from '@parley/protocol/model';
import { useI18n } from '../../hooks/useI18n.ts';
import { listen } from '../../socket.ts';
import { localTimeOf, pageHref } from './local-time.ts';

/** Its own strings, kept next to the only component that shows them. */
const TEXT = {
  en: { visit: 'On the site', page: 'Current page', recent: 'Recent pages', localTime: 'Local time', site: 'From the site (unverified)' },
  ko: { visit: '사이트 방문', page: '현재 페이지', recent: '최근 본 페이지', localTime: '현지 시각', site: '사이트가 알려 준 정보 (미확인)' },
} as const;

const MINUTE = 60_000;

function PageLink({ url, title }: { url: string; title: string }) {
  const href = pageHref(url);
  const text = title || url;
  // Visitor-reported: text only, and a link only to an http(s) address, opened without our window or referrer.
  return href ? (
    <a href={href} title={url} target="_blank" rel="noopener noreferrer">
      {text}
    </a>
  ) : (
    <span title={url}>{text}</span>
  );
}

export function ContactVisit({ socket, contactId, visit: initial }: { socket: Pick<Socket, 'on' | 'off'> | undefined; contactId: string; visit: Visit | null }) {
  const { locale } = useI18n();
  const text = TEXT[locale];
  const [visit, setVisit] = useState<Visit | null>(initial);
  const [now, setNow] = useState(() => new Date());
  useEffect(() => setVisit(initial), [contactId, initial]);
  useEffect(() => {
    if (!socket) return;
    return listen(socket, SERVER_EVENTS.contactVisit, (payload) => {
      const { contactId: id, visit: next } = (payload ?? {}) as { contactId?: unknown; visit?: Visit };
      if (id === contactId && next && typeof next === 'object') setVisit(next);
    });
  }, [socket, contactId]);
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), MINUTE);
    return () => clearInterval(timer);
  }, []);
  if (!visit) return null;
  const localTime = localTimeOf(visit, now, locale);
  const older = visit.recent.filter((p) => p.url !== visit.page?.url);
  const attributes = Object.entries(visit.attributes);
  return (
    <section class="contact-visit" aria-label={text.visit}>
      <dl class="facts">
        {visit.page && (
          <>
            <dt>{text.page}</dt>
            <dd class="visit-page">
              <PageLink url={visit.page.url} title={visit.page.title} />
            </dd>
          </>
        )}
        {localTime && (
          <>
            <dt>{text.localTime}</dt>
            <dd>{localTime}</dd>
          </>
        )}
      </dl>
      {older.length > 0 && (
        <>
          <h3>{text.recent}</h3>
          <ol class="visit-pages" aria-label={text.recent}>
            {older.map((p) => (
              <li key={p.url}>
                <PageLink url={p.url} title={p.title} />
              </li>
            ))}
          </ol>
        </>
      )}
      {attributes.length > 0 && (
        <>
          <h3>{text.site}</h3>
          <dl class="facts" aria-label={text.site}>
            {attributes.map(([key, value]) => (
              <>
                <dt key={`k-${key}`}>{key}</dt>
                <dd key={`v-${key}`}>{value}</dd>
              </>
            ))}
          </dl>
        </>
      )}
    </section>
  );
}
