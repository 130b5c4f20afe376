import type { ContactVisit, PageView } from '@parley/protocol';

type Loose = Record<string, unknown> | undefined;
const obj = (v: unknown): Loose => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);
const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function readPage(raw: unknown): PageView | null {
  const p = obj(raw);
  return p && typeof p.url === 'string' && typeof p.at === 'string' ? { url: p.url, title: text(p.title) ?? '', at: p.at } : null;
}

/** A contact's stored visit (page tracking), read defensively: a damaged document reads as no visit. */
export function readContactVisit(raw: unknown): ContactVisit | null {
  const v = obj(raw);
  if (!v || typeof v.updatedAt !== 'string') return null;
  const attributes: Record<string, string> = {};
  const a = obj(v.attributes);
  if (a) for (const [key, value] of Object.entries(a)) if (typeof value === 'string') attributes[key] = value;
  return {
    page: readPage(v.page),
    recent: Array.isArray(v.recent) ? v.recent.map(readPage).filter((p): p is PageView => p !== null) : [],
    timeZone: text(v.timeZone),
    utcOffset: typeof v.utcOffset === 'number' && Number.isInteger(v.utcOffset) ? v.utcOffset : null,
    language: text(v.language),
    attributes,
    updatedAt: v.updatedAt,
  };
}

export const copyVisit = (v: ContactVisit): ContactVisit => ({
  ...v,
  page: v.page && { ...v.page },
  recent: v.recent.map((p) => ({ ...p })),
  attributes: { ...v.attributes },
});
