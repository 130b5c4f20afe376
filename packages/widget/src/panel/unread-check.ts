/**
 * The visitor token the chat stored for this desk in the host page's storage (the storage bridge's copy, or the
 * frame's own on a same-origin page), when it belongs to `owner` (the `userId` the frame records with the token; null
 * for an anonymous visitor). `null` when there is none, it is another user's, or storage is blocked. Never writes.
 */
export function readVisitorToken(storage: Pick<Storage, 'getItem'>, desk: string, owner: string | null): string | null {
  try {
    const raw = storage.getItem(`parley:${desk}:token`);
    // The token key holds a plain token (anonymous) or JSON `{ token, userId, ... }` (src/app/chat-store.ts).
    const stored = (raw && raw.charAt(0) === '{' ? JSON.parse(raw) : { token: raw, userId: null }) as Record<string, unknown>;
    const token = stored['token'];
    return typeof token === 'string' && token && (stored['userId'] ?? null) === owner ? token : null;
  } catch {
    return null; // storage blocked or damaged: the frame replaces it on open
  }
}

/**
 * How many agent replies a returning visitor has not seen, asked with one request before the app is loaded. No
 * request (`null`) when this browser has no seen mark for the desk (it never chatted here), when the stored token
 * belongs to another identity than the page's (`owner`), or when storage is blocked; `null` also on any failure.
 * Never writes storage.
 */
export function fetchUnread(win: Window, base: string, desk: string, owner: string | null): Promise<number | null> | null {
  let token: string | null;
  let query: string;
  try {
    const storage = win.localStorage;
    token = readVisitorToken(storage, desk, owner);
    const seen = JSON.parse(storage.getItem(`parley:${desk}:seen`) as string) as Record<string, unknown> | null;
    if (!token || !seen) return null;
    query = new URLSearchParams({ conversation: String(seen['conversationId']), after: String(seen['seq']) }).toString();
  } catch {
    return null; // storage blocked or damaged: the frame replaces it on open
  }
  return win
    .fetch(`${base}/api/v1/widget/unread?${query}`, { headers: { authorization: `Bearer ${token}` }, credentials: 'omit' })
    .then((response) => response.json() as Promise<{ unread?: unknown }>)
    .then(({ unread }) => (typeof unread === 'number' && Number.isSafeInteger(unread) && unread >= 0 ? unread : null))
    .catch(() => null); // offline, or an error answer without a count
}
