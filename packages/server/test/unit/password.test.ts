import { describe, expect, it } from 'vitest';
import { hashSecret, newSecret } from '../../src/lib/ids.ts';
import { hashPassword, verifyPassword } from '../../src/lib/password.ts';

describe('password hashing', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(stored.startsWith('scrypt$')).toBe(true);
    expect(stored).not.toContain('correct');
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
    expect(await verifyPassword('correct horse batterY', stored)).toBe(false);
    expect(await verifyPassword('x', 'garbage')).toBe(false);
  });
  it('salts: the same password hashes differently', async () => {
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'));
  });
});

describe('secrets', () => {
  it('are at least 128 bits of url-safe randomness and stored only as a hash', () => {
    const a = newSecret();
    expect(a).toMatch(/^[A-Za-z0-9_-]{32}$/); // 32 × 6 bits = 192 bits
    expect(newSecret()).not.toBe(a);
    expect(hashSecret(a)).not.toContain(a);
    expect(hashSecret(a)).toBe(hashSecret(a));
  });
});
