import { MAX_RECENT_PAGES, MAX_SITE_ATTRIBUTES, type ContactVisit, type PageView, type VisitorContextInput } from '@parley/protocol';
import { AppError } from '../lib/app-error.ts';
import type { ContactRecord } from '../store/types.ts';
import type { ServiceDeps } from './deps.ts';

/**
 * What a page-tracking report makes of the stored visit (pure): each reported page (oldest first) becomes the
 * newest of the recent list, which keeps one entry per URL and the newest `MAX_RECENT_PAGES`; zone, offset and
 * language replace the old ones when given; attributes merge (`null` removes one). Throws `invalid_input` when the
 * merged attributes would exceed `MAX_SITE_ATTRIBUTES`.
 */
export function mergeVisit(current: ContactVisit | null, input: VisitorContextInput, now: Date): ContactVisit {
  let recent: PageView[] = current ? current.recent : [];
  for (const page of input.pages) {
    const seen: PageView = { url: page.url, title: page.title, at: new Date(now.getTime() - page.secondsAgo * 1000).toISOString() };
    recent = [seen, ...recent.filter((p) => p.url !== page.url)].slice(0, MAX_RECENT_PAGES);
  }
  const attributes = { ...(current?.attributes ?? {}) };
  for (const [key, value] of Object.entries(input.attributes ?? {})) {
    if (value === null) delete attributes[key];
    else attributes[key] = String(value);
  }
  if (Object.keys(attributes).length > MAX_SITE_ATTRIBUTES) {
    throw new AppError('invalid_input', `attributes: at most ${MAX_SITE_ATTRIBUTES} per visitor (remove some with null)`);
  }
  return {
    page: input.pages.length > 0 ? (recent[0] ?? null) : (current?.page ?? null),
    recent,
    timeZone: input.timeZone ?? current?.timeZone ?? null,
    utcOffset: input.utcOffset ?? current?.utcOffset ?? null,
    language: input.language ?? current?.language ?? null,
    attributes,
    updatedAt: now.toISOString(),
  };
}

/**
 * Stores a visitor's page-tracking report (`POST /api/v1/widget/context`) on their contact and tells the agents
 * of the visitor's open web conversation, if any (`contact.visit` on the bus). The caller spends the budget first.
 */
export async function recordVisitorContext(deps: ServiceDeps, contact: Pick<ContactRecord, 'id'>, input: VisitorContextInput): Promise<ContactVisit> {
  const stored = await deps.store.getContact(contact.id);
  if (!stored) throw new AppError('not_found', 'No such contact');
  const visit = mergeVisit(stored.visit, input, deps.now());
  await deps.store.setContactVisit(contact.id, visit);
  const open = await deps.store.findOpenConversation(contact.id, 'web');
  deps.bus.emit('contact.visit', { contactId: contact.id, visit, conversationId: open ? open.id : null });
  return visit;
}
