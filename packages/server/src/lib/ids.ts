import { createHash } from 'node:crypto';
import { customAlphabet, nanoid } from 'nanoid';

/** Record ids: 21 url-safe characters (126 bits). */
export const newId = (): string => nanoid();

/** Bearer secrets (visitor tokens, agent sessions): 32 url-safe characters = 192 random bits. */
export const newSecret = (): string => nanoid(32);

/** The only form in which secrets are stored. */
export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('base64url');

const passwordAlphabet = customAlphabet('abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789', 20);
/** A readable generated password (about 116 bits). */
export const newPassword = (): string => passwordAlphabet();
