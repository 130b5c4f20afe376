import { describe, expect, it } from 'vitest';
import type { AttachmentRef } from '@parley/protocol';
import {
  admitFiles,
  attachmentUrl,
  checkFileSize,
  formatFileSize,
  isAttachmentRef,
  isImageAttachment,
} from '../src/app/attachments.ts';
import { fileRefusalText, uploadErrorText } from '../src/app/extras/upload-error-text.ts';
import { UPLOAD_STRINGS } from '../src/app/extras/upload-strings.ts';
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS_PER_MESSAGE } from '../src/app/limits.ts';
import { createWidgetApi, type UploadFile } from '../src/app/widget-api.ts';
import { messagesOf, parseMessage } from '../src/app/wire-guards.ts';
import { message } from './fixtures.ts';

const REF: AttachmentRef = { id: 'att_123-ABC', name: 'photo.png', contentType: 'image/png', size: 2048 };

interface Call {
  url: string;
  init: RequestInit;
}

/** A `fetch` that records its calls and answers from a queue (an Error rejects, like a network failure). */
function fakeFetch(...answers: (Response | Error)[]): { fetch: typeof fetch; calls: Call[] } {
  const calls: Call[] = [];
  const impl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(input), init: init ?? {} });
    const answer = answers.shift();
    if (!answer) throw new Error('unexpected request');
    if (answer instanceof Error) throw answer;
    return answer;
  }) as typeof fetch;
  return { fetch: impl, calls };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const failure = (status: number, code: string) => json(status, { ok: false, error: { code, message: 'refused' } });
const file = (name: string, content = 'hello', type = 'text/plain'): UploadFile => new File([content], name, { type });
/** Only `size` matters before the request: no need to allocate 10 MB. */
const sized = (size: number, name = 'big.bin'): UploadFile => ({ name, size, type: '' }) as unknown as UploadFile;

describe('upload client', () => {
  it('posts the raw file with the bearer token, URI-encoded name and type, and returns the attachment', async () => {
    const { fetch, calls } = fakeFetch(json(201, { ok: true, attachment: { ...REF, extra: 'ignored' } }));
    const picked = file('보고서 "final".pdf', '%PDF-1.7', 'application/pdf');
    const result = await createWidgetApi(fetch).uploadAttachment('tok_123', picked);
    expect(result).toEqual({ ok: true, attachment: REF });
    expect(calls).toHaveLength(1);
    const [{ url, init }] = calls as [Call];
    expect(url).toBe('/api/v1/attachments');
    expect(init.method).toBe('POST');
    expect(init.headers).toEqual({
      authorization: 'Bearer tok_123',
      'x-filename': encodeURIComponent('보고서 "final".pdf'),
      'content-type': 'application/pdf',
    });
    expect(init.body).toBe(picked);
  });

  it('sends application/octet-stream when the browser does not know the type', async () => {
    const { fetch, calls } = fakeFetch(json(201, { ok: true, attachment: REF }));
    await createWidgetApi(fetch).uploadAttachment('tok', file('data.xyz', 'x', ''));
    expect((calls[0]!.init.headers as Record<string, string>)['content-type']).toBe('application/octet-stream');
  });

  it('turns refusals into error codes: 413, 429, and their bodies when they are not ours', async () => {
    const { fetch } = fakeFetch(
      failure(413, 'payload_too_large'),
      failure(429, 'rate_limited'),
      new Response('<html>413 Request Entity Too Large</html>', { status: 413 }),
      new Response('slow down', { status: 429 }),
      failure(400, 'invalid_input'),
      failure(401, 'unauthorized'),
      json(201, { ok: true, attachment: { id: 'x' } }), // malformed success
      failure(500, 'not-a-code'),
    );
    const api = createWidgetApi(fetch);
    const codes = [];
    for (let i = 0; i < 8; i++) {
      const result = await api.uploadAttachment('tok', file(`f${i}.txt`));
      expect(result.ok).toBe(false);
      if (!result.ok) codes.push(result.code);
    }
    expect(codes).toEqual([
      'payload_too_large',
      'rate_limited',
      'payload_too_large',
      'rate_limited',
      'invalid_input',
      'unauthorized',
      'internal',
      'internal',
    ]);
  });

  it('reports a network failure or an abort as `network`, never throwing', async () => {
    const { fetch } = fakeFetch(new TypeError('Failed to fetch'), new DOMException('aborted', 'AbortError'));
    const api = createWidgetApi(fetch);
    expect(await api.uploadAttachment('tok', file('a.txt'))).toEqual({ ok: false, code: 'network' });
    const abort = new AbortController();
    abort.abort();
    expect(await api.uploadAttachment('tok', file('b.txt'), abort.signal)).toEqual({ ok: false, code: 'network' });
  });

  it('refuses a file over the size limit, or an empty one, without a request', async () => {
    const { fetch, calls } = fakeFetch();
    const api = createWidgetApi(fetch);
    expect(await api.uploadAttachment('tok', sized(MAX_ATTACHMENT_BYTES + 1))).toEqual({ ok: false, code: 'payload_too_large' });
    expect(await api.uploadAttachment('tok', file('empty.txt', ''))).toEqual({ ok: false, code: 'invalid_input' });
    expect(calls).toEqual([]);
  });
});

describe('client-side file checks', () => {
  it('accepts up to the size limit and refuses above it or empty', () => {
    expect(MAX_ATTACHMENT_BYTES).toBe(10 * 1024 * 1024);
    expect(checkFileSize({ size: MAX_ATTACHMENT_BYTES })).toBeNull();
    expect(checkFileSize({ size: 1 })).toBeNull();
    expect(checkFileSize({ size: MAX_ATTACHMENT_BYTES + 1 })).toBe('too_large');
    expect(checkFileSize({ size: 0 })).toBe('empty');
  });

  it('admits picked files up to the per-message limit and says why the others were left out', () => {
    expect(MAX_ATTACHMENTS_PER_MESSAGE).toBe(5);
    const picked = [
      { name: 'a.png', size: 10 },
      { name: 'huge.mov', size: MAX_ATTACHMENT_BYTES + 1 },
      { name: 'b.png', size: 10 },
      { name: 'c.png', size: 10 },
      { name: 'empty.txt', size: 0 },
    ];
    const { accepted, refused } = admitFiles(picked, 3);
    expect(accepted.map((f) => f.name)).toEqual(['a.png', 'b.png']);
    expect(refused.map((r) => [r.file.name, r.reason])).toEqual([
      ['huge.mov', 'too_large'],
      ['c.png', 'too_many'],
      ['empty.txt', 'empty'],
    ]);
  });

  it('explains refusals in both languages, with the limit and the file name as text', () => {
    expect(fileRefusalText('too_large', 'movie.mp4', 'en')).toBe('“movie.mp4” is too large. Files can be at most 10 MB.');
    expect(fileRefusalText('too_large', '영상.mp4', 'ko')).toBe('‘영상.mp4’ 파일이 너무 큽니다. 파일은 10 MB까지 보낼 수 있습니다.');
    expect(fileRefusalText('too_many', 'x', 'en')).toBe('You can attach at most 5 files to one message.');
    expect(uploadErrorText('payload_too_large', 'a.bin', 'en')).toContain('at most 10 MB');
    expect(uploadErrorText('rate_limited', 'a.bin', 'ko')).toBe(UPLOAD_STRINGS.ko.uploadRateLimited);
    expect(uploadErrorText('network', 'a.bin', 'ko')).toContain('연결을 확인');
    expect(uploadErrorText('unsupported_encoding', 'a.bin', 'en')).toBe('“a.bin” could not be uploaded: files must be sent uncompressed.');
    expect(uploadErrorText('unsupported_encoding', 'a.bin', 'ko')).toContain('압축하지 않은');
    expect(uploadErrorText('internal', '{name}', 'en')).toBe('“{name}” could not be uploaded. Please try again.');
  });
});

describe('attachment links', () => {
  it('encodes the id and the name as one path segment each', () => {
    expect(attachmentUrl({ id: 'abc_DEF-123', name: 'a/../b "x".png' })).toBe('/api/v1/attachments/abc_DEF-123/a%2F..%2Fb%20%22x%22.png');
    expect(attachmentUrl({ id: 'abc', name: '보고서.pdf' })).toBe(
      '/api/v1/attachments/abc/%EB%B3%B4%EA%B3%A0%EC%84%9C.pdf',
    );
    expect(attachmentUrl({ id: 'abc', name: '?q=1#frag&x' })).toBe('/api/v1/attachments/abc/%3Fq%3D1%23frag%26x');
    // resolved against the frame's origin, the path stays under the attachment
    const url = new URL(attachmentUrl({ id: 'abc', name: '../../../inbox/' }), 'https://desk.example/widget/frame.html');
    expect(url.pathname).toBe('/api/v1/attachments/abc/..%2F..%2F..%2Finbox%2F');
    expect(url.origin).toBe('https://desk.example');
  });

  it('shows images as thumbnails only for image types the server decided', () => {
    expect(isImageAttachment({ contentType: 'image/png' })).toBe(true);
    expect(isImageAttachment({ contentType: 'application/pdf' })).toBe(false);
    expect(isImageAttachment({ contentType: 'application/octet-stream' })).toBe(false);
  });

  it('formats sizes for people', () => {
    expect(formatFileSize(0, 'en')).toBe('0 B');
    expect(formatFileSize(812, 'en')).toBe('812 B');
    expect(formatFileSize(4300, 'ko')).toBe('4.2 KB');
    expect(formatFileSize(2048, 'en')).toBe('2 KB');
    expect(formatFileSize(MAX_ATTACHMENT_BYTES, 'en')).toBe('10 MB');
    expect(formatFileSize(1_572_864, 'en')).toBe('1.5 MB');
  });
});

describe('attachments from the wire', () => {
  it('keeps well-formed attachments and drops the rest; a missing list is empty', () => {
    const raw = {
      ...message(1),
      attachments: [REF, { id: 'bad id', name: 'x', contentType: 'image/png', size: 1 }, { ...REF, id: 'second', size: -1 }, null],
    };
    expect(parseMessage(raw)?.attachments).toEqual([REF]);
    const { attachments: _, ...legacy } = message(2);
    expect(parseMessage(legacy)?.attachments).toEqual([]);
    expect(messagesOf([raw, 'junk', legacy]).map((m) => m.seq)).toEqual([1, 2]);
    expect(isAttachmentRef({ ...REF, size: 1.5 })).toBe(false);
  });
});
