import { describe, expect, it } from 'vitest';
import { linkify, mailtoHref, safeHref, type TextPart } from '@parley/protocol/links';

const links = (text: string) => linkify(text).filter((p): p is Extract<TextPart, { kind: 'link' }> => p.kind === 'link');
const joined = (parts: TextPart[]) => parts.map((p) => p.text).join('');

describe('safeHref', () => {
  it('allows http, https and mailto, normalized', () => {
    expect(safeHref('https://example.com/a?b=1#c')).toBe('https://example.com/a?b=1#c');
    expect(safeHref('HTTP://EXAMPLE.com')).toBe('http://example.com/');
    expect(safeHref('  https://example.com  ')).toBe('https://example.com/');
    expect(safeHref('mailto:mina@example.com')).toBe('mailto:mina@example.com');
  });

  it('refuses script and data schemes whatever the spelling', () => {
    for (const raw of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'JAVASCRIPT:alert(1)',
      ' javascript:alert(1)',
      '\tjavascript:alert(1)',
      'java\tscript:alert(1)',
      'java\nscript:alert(1)',
      'java\rscript:alert(1)',
      'java\u0000script:alert(1)',
      'java\u200bscript:alert(1)',
      'jav&#x09;ascript:alert(1)',
      'javascript&colon;alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'DATA:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
      'vbscript:msgbox(1)',
      'VbScRiPt:msgbox(1)',
      'file:///etc/passwd',
      'blob:https://example.com/uuid',
      'ftp://example.com',
    ]) {
      expect(safeHref(raw), JSON.stringify(raw)).toBeNull();
    }
  });

  it('refuses relative, host-less and malformed URLs', () => {
    expect(safeHref('/inbox/')).toBeNull();
    expect(safeHref('//evil.example')).toBeNull();
    expect(safeHref('https://')).toBeNull();
    expect(safeHref('https://exa mple.com')).toBeNull();
    expect(safeHref('')).toBeNull();
  });

  it('refuses URLs with credentials (a host disguise)', () => {
    expect(safeHref('https://bank.example@evil.example/')).toBeNull();
    expect(safeHref('https://user:pass@example.com/')).toBeNull();
  });
});

describe('linkify', () => {
  it('gives the text back unchanged when there is no URL', () => {
    expect(linkify('hello <b>world</b>')).toEqual([{ kind: 'text', text: 'hello <b>world</b>' }]);
    expect(linkify('')).toEqual([]);
  });

  it('links http(s) URLs and keeps every character of the text', () => {
    const text = 'See https://example.com/help?q=1 and HTTP://Example.org/x.';
    const parts = linkify(text);
    expect(joined(parts)).toBe(text);
    expect(links(text)).toEqual([
      { kind: 'link', text: 'https://example.com/help?q=1', href: 'https://example.com/help?q=1' },
      { kind: 'link', text: 'HTTP://Example.org/x', href: 'http://example.org/x' },
    ]);
  });

  it('leaves sentence punctuation and unmatched brackets outside the link', () => {
    expect(links('(see https://example.com/a).')[0]?.text).toBe('https://example.com/a');
    expect(links('https://en.wikipedia.org/wiki/Foo_(bar), ok')[0]?.text).toBe('https://en.wikipedia.org/wiki/Foo_(bar)');
    expect(links('"https://example.com/q"')[0]?.text).toBe('https://example.com/q');
    expect(links('<https://example.com/x>')[0]?.text).toBe('https://example.com/x');
    expect(links('really? https://example.com/!?')[0]?.text).toBe('https://example.com/');
  });

  it('stops at non-ASCII text (a Korean particle right after the URL)', () => {
    expect(links('https://example.com/faq에서 확인하세요')[0]?.text).toBe('https://example.com/faq');
  });

  it('never links javascript:, data: or vbscript:, however written', () => {
    for (const text of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(document.cookie)',
      'java script:alert(1)',
      'java\tscript:alert(1)',
      ' javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'VBScript:msgbox(1)',
      '<a href="javascript:alert(1)">x</a>',
      'https:javascript:alert(1)',
      'https:/\\javascript:alert(1)',
    ]) {
      const parts = linkify(text);
      expect(joined(parts), JSON.stringify(text)).toBe(text);
      expect(links(text), JSON.stringify(text)).toEqual([]);
    }
  });

  it('a scheme hidden inside an http URL stays inside that http(s) link', () => {
    for (const text of ['javascript:https://example.com', 'xjavascript://https://example.com/a']) {
      for (const link of links(text)) expect(link.href, text).toMatch(/^https:\/\//);
    }
  });

  it('leaves a URL with credentials as text', () => {
    const text = 'log in at https://bank.example@evil.example/login';
    expect(links(text)).toEqual([]);
    expect(joined(linkify(text))).toBe(text);
    expect(links('https://javascript:alert(1)@example.com/')).toEqual([]);
  });

  it('does not link a scheme glued to a word', () => {
    expect(links('nothttps://example.com')).toEqual([]);
  });

  it('handles many URLs and long text without losing any of it', () => {
    const text = Array.from({ length: 200 }, (_, i) => `line ${i} https://example.com/${i}`).join('\n');
    expect(links(text)).toHaveLength(200);
    expect(joined(linkify(text))).toBe(text);
    const long = 'a'.repeat(50_000) + 'https://' + 'b'.repeat(50_000);
    expect(joined(linkify(long))).toBe(long);
  });
});

describe('trailing punctuation and brackets', () => {
  const linkText = (text: string) => links(text)[0]?.text;

  it('trims what ends the sentence and keeps what the URL balances', () => {
    expect(linkText('see https://example.com/a.')).toBe('https://example.com/a');
    expect(linkText('see https://example.com/a...')).toBe('https://example.com/a');
    expect(linkText('is it https://example.com/a?!')).toBe('https://example.com/a');
    expect(linkText('https://example.com/a, https://example.com/b;')).toBe('https://example.com/a');
    expect(linkText('*https://example.com/bold*')).toBe('https://example.com/bold');
    expect(linkText('https://example.com/a.html')).toBe('https://example.com/a.html');
    expect(linkText('https://example.com/?q=a,b')).toBe('https://example.com/?q=a,b');
  });

  it('keeps balanced parentheses, brackets and braces, also nested', () => {
    expect(linkText('https://en.wikipedia.org/wiki/Foo_(bar)')).toBe('https://en.wikipedia.org/wiki/Foo_(bar)');
    expect(linkText('(https://en.wikipedia.org/wiki/Foo_(bar))')).toBe('https://en.wikipedia.org/wiki/Foo_(bar)');
    expect(linkText('(see https://en.wikipedia.org/wiki/Foo_(bar)).')).toBe('https://en.wikipedia.org/wiki/Foo_(bar)');
    expect(linkText('https://example.com/a_(b_(c))')).toBe('https://example.com/a_(b_(c))');
    expect(linkText('https://example.com/a_(b_(c)))')).toBe('https://example.com/a_(b_(c))');
    expect(linkText('[https://example.com/x[1]]')).toBe('https://example.com/x[1]');
    expect(linkText('{https://example.com/{id}}')).toBe('https://example.com/{id}');
    expect(linkText('[docs](https://example.com/docs)')).toBe('https://example.com/docs');
  });

  it('trims sentence marks and unmatched closers in any order', () => {
    expect(linkText('(https://example.com/a.)')).toBe('https://example.com/a');
    expect(linkText('(https://example.com/a).,')).toBe('https://example.com/a');
    expect(linkText('https://example.com/(a).)')).toBe('https://example.com/(a)');
    expect(linkText('https://example.com/a' + ')'.repeat(50))).toBe('https://example.com/a');
  });

  it('keeps an opening bracket at the end (it closes nothing, it opens)', () => {
    expect(linkText('https://example.com/a(')).toBe('https://example.com/a(');
  });

  it('trims exactly as the former trimming did, on thousands of generated URLs', () => {
    // The former, quadratic trimming: the behaviour users know, kept as the reference on short inputs.
    const formerTrim = (candidate: string): string => {
      let url = candidate;
      for (;;) {
        const before = url;
        url = url.replace(/[.,:;!?*_~]+$/, '');
        const last = url.at(-1);
        const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
        const open = last === undefined ? undefined : pairs[last];
        if (open !== undefined && url.split(last!).length > url.split(open).length) url = url.slice(0, -1);
        if (url === before) return url;
      }
    };
    const alphabet = 'a/.,:;!?*_~()[]{}';
    let seed = 7;
    for (let i = 0; i < 5_000; i += 1) {
      let tail = '';
      const length = i % 12;
      for (let j = 0; j < length; j += 1) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        tail += alphabet[seed % alphabet.length];
      }
      const candidate = `https://example.com/${tail}`;
      expect(linkText(candidate), candidate).toBe(formerTrim(candidate));
    }
  });
});

describe('mailtoHref', () => {
  it('links a plain address only', () => {
    expect(mailtoHref('mina@example.com')).toBe('mailto:mina@example.com');
    expect(mailtoHref(null)).toBeNull();
    expect(mailtoHref('')).toBeNull();
    expect(mailtoHref('mina@example.com?cc=boss@example.com')).toBeNull();
    expect(mailtoHref('a@example.com,b@example.com')).toBeNull();
    expect(mailtoHref('javascript:alert(1)//@example.com')).toBeNull();
    expect(mailtoHref('mina @example.com')).toBeNull();
    expect(mailtoHref('not an email')).toBeNull();
    expect(mailtoHref('mina@.com')).toBeNull();
    expect(mailtoHref('mina@example')).toBeNull();
    expect(mailtoHref('mina@example.c')).toBeNull();
    expect(mailtoHref('mina.kim+desk@mail.example.co.kr')).toBe('mailto:mina.kim+desk@mail.example.co.kr');
  });
});
