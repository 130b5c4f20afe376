/** Alphabet and length accepted by the server (`ClientMsgId` in `@parley/protocol` schemas). */
export const CLIENT_MSG_ID = /^[A-Za-z0-9_-]{8,64}$/;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
const LENGTH = 22; // 22 symbols × 6 bits = 132 random bits

type RandomSource = Pick<Crypto, 'getRandomValues'>;

/**
 * A fresh id for one outgoing message, generated once and reused for every retry so the server stores it once.
 * 64 symbols divide 256 evenly, so `byte & 63` is unbiased.
 */
export function newClientMsgId(random: RandomSource = globalThis.crypto): string {
  const bytes = random.getRandomValues(new Uint8Array(LENGTH));
  let id = '';
  for (const byte of bytes) id += ALPHABET[byte & 63];
  return id;
}

export function isClientMsgId(value: unknown): value is string {
  return typeof value === 'string' && CLIENT_MSG_ID.test(value);
}
