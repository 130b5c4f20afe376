import { describe, expect, it } from 'vitest';
import { parentOriginOf } from '../src/app/parent-bridge.ts';

describe('parentOriginOf', () => {
  it('prefers location.ancestorOrigins', () => {
    expect(parentOriginOf(['https://shop.example'], 'https://other.example/')).toBe('https://shop.example');
  });

  it('falls back to the referrer origin, dropping its path', () => {
    expect(parentOriginOf(undefined, 'https://shop.example/cart?id=1')).toBe('https://shop.example');
    expect(parentOriginOf([], 'http://localhost:8080/')).toBe('http://localhost:8080');
  });

  it('is null when nothing usable is known', () => {
    expect(parentOriginOf(undefined, '')).toBeNull();
    expect(parentOriginOf(undefined, 'not a url')).toBeNull();
    expect(parentOriginOf(['null'], '')).toBeNull();
  });
});
