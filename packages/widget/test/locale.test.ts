import { describe, expect, it } from 'vitest';
import { detectLocale } from '../src/app/locale.ts';
import { frameHash, parseFrameParams } from '../src/app/frame-params.ts';
import { readLoaderOptions, type ScriptTag } from '../src/loader/loader-options.ts';

describe('detectLocale', () => {
  it('honours an explicit supported locale', () => {
    expect(detectLocale('ko', 'en-US')).toBe('ko');
    expect(detectLocale('en', 'ko-KR')).toBe('en');
    expect(detectLocale('KO-kr', 'en-US')).toBe('ko');
  });

  it('falls back to the browser language: Korean for ko*, otherwise English', () => {
    expect(detectLocale(null, 'ko-KR')).toBe('ko');
    expect(detectLocale(undefined, 'ko')).toBe('ko');
    expect(detectLocale('fr', 'ko-KR')).toBe('ko');
    expect(detectLocale(null, 'ja-JP')).toBe('en');
    expect(detectLocale('', undefined)).toBe('en');
    expect(detectLocale(null, 'kok')).toBe('en'); // Konkani is not Korean
  });
});

describe('frame params', () => {
  it('round-trip through the hash the loader writes', () => {
    const hash = frameHash({ desk: 'default', locale: 'ko' });
    expect(hash).toBe('#desk=default&locale=ko');
    expect(parseFrameParams(hash, 'en-US')).toEqual({ desk: 'default', locale: 'ko' });
  });

  it('reject a missing or malformed desk and default the locale', () => {
    expect(parseFrameParams('#locale=ko', 'en')).toBeNull();
    expect(parseFrameParams('#desk=%3Cscript%3E', 'en')).toBeNull();
    expect(parseFrameParams('#desk=acme', 'ko-KR')).toEqual({ desk: 'acme', locale: 'ko' });
  });
});

describe('readLoaderOptions', () => {
  const script = (src: string, attributes: Record<string, string>): ScriptTag => ({
    src,
    getAttribute: (name: string) => attributes[name] ?? null,
  });

  it('reads desk and locale and takes the server origin from the script src', () => {
    const options = readLoaderOptions(
      script('https://chat.example.com/widget.js?v=2', { 'data-desk': 'default', 'data-locale': 'ko' }),
      'https://shop.example.org/page',
      'en-US',
    );
    expect(options).toEqual({ desk: 'default', locale: 'ko', base: 'https://chat.example.com', identity: null });
  });

  it('uses the browser language without data-locale', () => {
    const options = readLoaderOptions(script('http://localhost:3000/widget.js', { 'data-desk': 'd1' }), 'http://x/', 'ko-KR');
    expect(options).toMatchObject({ locale: 'ko', base: 'http://localhost:3000' });
  });

  it('refuses a missing or invalid desk', () => {
    expect(readLoaderOptions(script('https://h/widget.js', {}), 'https://h/', 'en')).toBeNull();
    expect(readLoaderOptions(script('https://h/widget.js', { 'data-desk': 'a b' }), 'https://h/', 'en')).toBeNull();
  });
});
