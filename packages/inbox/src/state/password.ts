/** A password an admin hands to a new colleague (or after a reset): 16 characters that read unambiguously. */

// No 0/O, 1/l/I: read aloud or copied by hand without mistakes.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export function generatePassword(length = 16, random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  const out: string[] = [];
  while (out.length < length) {
    for (const byte of random(new Uint8Array(length))) {
      // rejection sampling keeps every character equally likely
      if (byte < 256 - (256 % ALPHABET.length) && out.length < length) out.push(ALPHABET[byte % ALPHABET.length]!);
    }
  }
  return out.join('');
}

export const MIN_PASSWORD = 10;
