/**
 * A clientMsgId (the protocol allows 8-64 of [A-Za-z0-9_-]): 128 random bits in hex. Uses getRandomValues,
 * which, unlike crypto.randomUUID, also exists on plain-http origins.
 */
export function newClientMsgId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
