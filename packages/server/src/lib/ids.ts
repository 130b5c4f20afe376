import { createHash } from 'node:crypto';
import { customAlphabet, nanoid } from 'nanoid';

/** Record ids: 21 url-safe characters (126 bits). */
export const newId = (): string => nanoid();

/** nanoid's url-safe alphabet in ASCII order, so that ids made later sort later. */
const SORTED_ALPHABET = '-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz';
const TIME_CHARS = 8; // 48 bits of milliseconds: until the year 10889

/**
 * Ids of records written at a high rate and indexed (messages, and through `<messageId>.<n>` their events): 8
 * characters of the time in milliseconds, then 13 random ones (78 bits). Successive ids land at the end of an index
 * instead of on a random page of it, which is one page less for every commit to write per message.
 */
export function newOrderedId(now: number = Date.now()): string {
  let time = '';
  for (let i = 0, rest = Math.floor(now); i < TIME_CHARS; i++, rest = Math.floor(rest / 64)) time = SORTED_ALPHABET[rest % 64]! + time;
  return time + nanoid(13);
}

/** Bearer secrets (visitor tokens, agent sessions): 32 url-safe characters = 192 random bits. */
export const newSecret = (): string => nanoid(32);

/** The only form in which secrets are stored. */
export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('base64url');

const passwordAlphabet = customAlphabet('abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789', 20);
/** A readable generated password (about 116 bits). */
export const newPassword = (): string => passwordAlphabet();
