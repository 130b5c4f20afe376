import { describe, expect, it } from 'vitest';
import * as protocol from '@parley/protocol';
import { formatBytes } from '../src/format.ts';
import { attachProblemText } from '../src/hooks/useI18n.ts';
import { translate } from '../src/i18n.ts';
import {
  attachmentHref,
  attachmentsOf,
  checkFiles,
  isAttachmentRef,
  isImage,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS_PER_MESSAGE,
} from '../src/state/attachments.ts';
import { message } from './fixtures.ts';

const ref = (id: string, name = 'a.txt', contentType = 'application/octet-stream', size = 10) => ({
  id,
  name,
  contentType,
  size,
});

describe('limits', () => {
  it('mirror the protocol (the inbox does not import its zod-bound root)', () => {
    expect(MAX_ATTACHMENTS_PER_MESSAGE).toBe(protocol.MAX_ATTACHMENTS_PER_MESSAGE);
    expect(MAX_ATTACHMENT_BYTES).toBe(protocol.MAX_ATTACHMENT_BYTES);
  });

  it('refuse empty and oversized files and everything past the count, in order', () => {
    const files = [
      { name: 'ok1', size: 1 },
      { name: 'empty', size: 0 },
      { name: 'huge', size: MAX_ATTACHMENT_BYTES + 1 },
      { name: 'exact', size: MAX_ATTACHMENT_BYTES },
      { name: 'ok3', size: 5 },
      { name: 'ok4', size: 5 },
      { name: 'ok5', size: 5 },
      { name: 'sixth', size: 5 },
    ];
    const { accepted, problems } = checkFiles(files, 0);
    expect(accepted.map((f) => f.name)).toEqual(['ok1', 'exact', 'ok3', 'ok4', 'ok5']);
    expect(problems).toEqual([
      { kind: 'empty', name: 'empty' },
      { kind: 'tooLarge', name: 'huge' },
      { kind: 'tooMany', name: 'sixth' },
    ]);
  });

  it('count what the draft already carries or is uploading', () => {
    const files = [
      { name: 'a', size: 1 },
      { name: 'b', size: 1 },
    ];
    expect(checkFiles(files, 4).accepted.map((f) => f.name)).toEqual(['a']);
    expect(checkFiles(files, 5).accepted).toEqual([]);
    expect(checkFiles(files, 5).problems.map((p) => p.kind)).toEqual(['tooMany', 'tooMany']);
  });

  it('are explained in both languages, naming the file and the limit', () => {
    const en = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) =>
      translate('en', key, params);
    const ko = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) =>
      translate('ko', key, params);
    expect(attachProblemText(en, 'en', { kind: 'tooLarge', name: 'big.zip' })).toBe(
      'big.zip was not attached: a file can be at most 10 MB.',
    );
    expect(attachProblemText(ko, 'ko', { kind: 'tooLarge', name: 'big.zip' })).toContain('최대 10 MB');
    expect(attachProblemText(en, 'en', { kind: 'tooMany', name: 'f6' })).toContain('at most 5 files');
    expect(attachProblemText(ko, 'ko', { kind: 'tooMany', name: 'f6' })).toContain('최대 5개');
    expect(attachProblemText(en, 'en', { kind: 'empty', name: 'e' })).toContain('empty');
    // a 413 from the server reads like the client-side check; other failures say what went wrong
    const tooLarge = { kind: 'failed' as const, name: 'x.bin', error: { code: 'payload_too_large' as const, message: 'Body is too large' } };
    expect(attachProblemText(en, 'en', tooLarge)).toBe(attachProblemText(en, 'en', { kind: 'tooLarge', name: 'x.bin' }));
    const limited = { kind: 'failed' as const, name: 'x.bin', error: { code: 'rate_limited' as const, message: 'slow' } };
    expect(attachProblemText(ko, 'ko', limited)).toBe(
      `x.bin 파일을 올리지 못했습니다: ${ko('error.rate_limited')}`,
    );
    const invalid = { kind: 'failed' as const, name: 'n', error: { code: 'invalid_input' as const, message: 'X-Filename: bad' } };
    expect(attachProblemText(en, 'en', invalid)).toBe('Could not upload n: X-Filename: bad');
    expect(attachProblemText(ko, 'ko', { kind: 'uploading' })).toBe(ko('attach.wait'));
    const compressed = { kind: 'failed' as const, name: 'z.bin', error: { code: 'unsupported_encoding' as const, message: 'Content-Encoding' } };
    expect(attachProblemText(en, 'en', compressed)).toBe(`Could not upload z.bin: ${en('error.unsupported_encoding')}`);
    expect(attachProblemText(ko, 'ko', compressed)).toBe(`z.bin 파일을 올리지 못했습니다: ${ko('error.unsupported_encoding')}`);
  });

  it('a file name is a value, never a template', () => {
    const en = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) =>
      translate('en', key, params);
    expect(attachProblemText(en, 'en', { kind: 'tooMany', name: '{count}{max}' })).toMatch(/^\{count\}\{max\} was/);
  });
});

describe('attachmentHref', () => {
  it('encodes both segments: no path traversal, no quote, no space', () => {
    const href = attachmentHref({ id: 'abc_DEF-123', name: 'a/../b "x".png' });
    expect(href).toBe('/api/v1/attachments/abc_DEF-123/a%2F..%2Fb%20%22x%22.png');
    expect(new URL(href, 'https://desk.example').pathname).toBe(href);
  });

  it('encodes UTF-8 names', () => {
    expect(attachmentHref({ id: 'id1', name: '보고서.pdf' })).toBe(
      '/api/v1/attachments/id1/%EB%B3%B4%EA%B3%A0%EC%84%9C.pdf',
    );
  });

  it('never produces a dot segment or an empty one', () => {
    for (const name of ['.', '..', '']) {
      const href = attachmentHref({ id: 'id1', name });
      expect(href).toBe('/api/v1/attachments/id1/file');
      expect(new URL(href, 'https://desk.example').pathname).toBe(href);
    }
    expect(attachmentHref({ id: 'id1', name: '...' })).toBe('/api/v1/attachments/id1/...');
    expect(attachmentHref({ id: 'id1', name: '?#&' })).toBe('/api/v1/attachments/id1/%3F%23%26');
  });
});

describe('attachments of a message', () => {
  it('keeps well-formed refs only (a malformed id never becomes a URL)', () => {
    const good = ref('good_1');
    const m = message(1, {
      attachments: [good, ref('../x'), ref(''), { ...ref('n'), size: -1 }, { id: 'x' }, null] as never,
    });
    expect(attachmentsOf(m)).toEqual([good]);
    expect(attachmentsOf({ attachments: undefined as never })).toEqual([]);
    expect(isAttachmentRef(ref('a'.repeat(65)))).toBe(false);
  });

  it('images are image/* types', () => {
    expect(isImage(ref('a', 'p.png', 'image/png'))).toBe(true);
    expect(isImage(ref('a', 'p.JPG', 'IMAGE/JPEG'))).toBe(true);
    expect(isImage(ref('a', 'evil.svg', 'application/octet-stream'))).toBe(false);
    expect(isImage(ref('a', 'doc.pdf', 'application/pdf'))).toBe(false);
  });
});

describe('formatBytes', () => {
  it('is human-readable in binary steps', () => {
    expect(formatBytes(0, 'en')).toBe('0 B');
    expect(formatBytes(512, 'en')).toBe('512 B');
    expect(formatBytes(1536, 'en')).toBe('1.5 KB');
    expect(formatBytes(1234567, 'ko')).toBe('1.2 MB');
    expect(formatBytes(MAX_ATTACHMENT_BYTES, 'en')).toBe('10 MB');
    expect(formatBytes(5 * 1024 ** 4, 'en')).toBe('5,120 GB');
    expect(formatBytes(Number.NaN, 'en')).toBe('');
  });
});
