import { describe, expect, it } from 'vitest';
import { linkify, type TextPart } from '@parley/protocol/links';

/**
 * Issue #8, hole 6: a visitor's message must never freeze an agent's tab. Each input below took the old
 * quadratic trimming seconds to minutes; linear-time linkify handles it in a few milliseconds. The bounds are
 * generous (a shared, noisy machine) yet far below what a quadratic scan needs at these sizes.
 */
function linkifyTimed(text: string): { parts: TextPart[]; ms: number } {
  const start = performance.now();
  const parts = linkify(text);
  return { parts, ms: performance.now() - start };
}

const linkTexts = (parts: TextPart[]) => parts.filter((p) => p.kind === 'link').map((p) => p.text);
const joined = (parts: TextPart[]) => parts.map((p) => p.text).join('');

/** Deterministic "random" punctuation: the same 64 KB on every run. */
function mixedPunctuation(length: number, alphabet: string): string {
  let seed = 42;
  let out = '';
  for (let i = 0; i < length; i += 1) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    out += alphabet[seed % alphabet.length];
  }
  return out;
}

describe('linkify on hostile input finishes in linear time', () => {
  it('a URL followed by 10,000 closing parentheses (the reported message)', () => {
    const { parts, ms } = linkifyTimed('https://example.com/' + ')'.repeat(10_000));
    expect(ms).toBeLessThan(100);
    expect(linkTexts(parts)).toEqual(['https://example.com/']);
  });

  it('a URL followed by 100,000 closing parentheses, brackets or braces', () => {
    for (const closer of [')', ']', '}']) {
      const text = 'https://example.com/' + closer.repeat(100_000);
      const { parts, ms } = linkifyTimed(text);
      expect(ms, closer).toBeLessThan(200);
      expect(linkTexts(parts)).toEqual(['https://example.com/']);
      expect(joined(parts)).toBe(text);
    }
  });

  it('a URL followed by 100,000 sentence marks and then one character that is not one', () => {
    const text = 'https://example.com/' + '.'.repeat(100_000) + ')';
    const { parts, ms } = linkifyTimed(text);
    expect(ms).toBeLessThan(200);
    expect(linkTexts(parts)).toEqual(['https://example.com/']);
  });

  it('a URL followed by alternating sentence marks and closers', () => {
    const text = 'https://example.com/x' + '.)'.repeat(50_000);
    const { parts, ms } = linkifyTimed(text);
    expect(ms).toBeLessThan(200);
    expect(linkTexts(parts)).toEqual(['https://example.com/x']);
  });

  it('one opening parenthesis and 100,000 closing ones', () => {
    const text = 'https://en.wikipedia.org/wiki/Foo_(bar' + ')'.repeat(100_000);
    const { parts, ms } = linkifyTimed(text);
    expect(ms).toBeLessThan(200);
    expect(linkTexts(parts)).toEqual(['https://en.wikipedia.org/wiki/Foo_(bar)']);
  });

  it('64 KB of mixed punctuation after a URL, and 64 KB with URL fragments in it', () => {
    const punctuation = mixedPunctuation(64 * 1024, '.,:;!?*_~)]}([{');
    const first = linkifyTimed('https://example.com/a' + punctuation);
    expect(first.ms).toBeLessThan(200);
    expect(linkTexts(first.parts)[0]?.startsWith('https://example.com/a')).toBe(true);

    const fragments = mixedPunctuation(64 * 1024, '.,:;!?*_~)]}([{').replace(/\{/g, 'https://x.io/');
    const second = linkifyTimed(fragments);
    expect(second.ms).toBeLessThan(200);
    expect(joined(second.parts)).toBe(fragments);
  });

  it('long runs that almost make a URL', () => {
    for (const text of [
      'http:/'.repeat(20_000),
      'https:'.repeat(20_000),
      'h'.repeat(100_000) + 'ttps://',
      'https://' + ':'.repeat(100_000),
      ('https://a.b/' + ')'.repeat(100)).repeat(1_000),
    ]) {
      const { parts, ms } = linkifyTimed(text);
      expect(ms, text.slice(0, 12)).toBeLessThan(200);
      expect(joined(parts)).toBe(text);
    }
  });

  it('thirty hostile messages in a row stay well under a frame budget each', () => {
    const message = 'look https://example.com/page' + ')'.repeat(10_000);
    const start = performance.now();
    for (let i = 0; i < 30; i += 1) linkify(message);
    expect(performance.now() - start).toBeLessThan(300);
  });
});
