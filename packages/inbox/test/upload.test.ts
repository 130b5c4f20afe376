import { describe, expect, it } from 'vitest';
import { uploadAttachment } from '../src/upload.ts';

type Call = { url: string; init: RequestInit };

function fakeFetch(answer: () => Response | Promise<Response>): typeof fetch & { calls: Call[] } {
  const calls: Call[] = [];
  const fn = async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} });
    return answer();
  };
  return Object.assign(fn, { calls });
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

const file = (name: string, type = 'image/png', bytes = 'abc') => new File([bytes], name, { type });

const stored = { id: 'att_1', name: '보고서 "1".png', contentType: 'image/png', size: 3 };

describe('uploadAttachment', () => {
  it('201: posts the raw file with the CSRF header and the URI-encoded name, answers the attachment', async () => {
    const fetch = fakeFetch(() => json(201, { ok: true, attachment: stored }));
    const f = file('보고서 "1".png');
    const answer = await uploadAttachment(f, { fetch });
    expect(answer).toEqual({ ok: true, attachment: stored });
    const [call] = fetch.calls;
    expect(call?.url).toBe('/api/v1/attachments');
    expect(call?.init.method).toBe('POST');
    expect(call?.init.credentials).toBe('same-origin');
    expect(call?.init.body).toBe(f);
    expect(call?.init.headers).toEqual({
      'x-parley-csrf': '1',
      'x-filename': '%EB%B3%B4%EA%B3%A0%EC%84%9C%20%221%22.png',
      'content-type': 'image/png',
    });
    expect(call?.init.signal).toBeInstanceOf(AbortSignal);
  });

  it('a file without a type is sent as application/octet-stream', async () => {
    const fetch = fakeFetch(() => json(201, { ok: true, attachment: stored }));
    await uploadAttachment(file('x', ''), { fetch });
    expect((fetch.calls[0]?.init.headers as Record<string, string>)['content-type']).toBe('application/octet-stream');
  });

  it('413: payload_too_large, as JSON from the server or as a proxy page', async () => {
    const body = { ok: false, error: { code: 'payload_too_large', message: 'Body is too large' } };
    expect(await uploadAttachment(file('big'), { fetch: fakeFetch(() => json(413, body)) })).toEqual(body);
    const proxy = await uploadAttachment(file('big'), {
      fetch: fakeFetch(() => new Response('<html>413 Request Entity Too Large</html>', { status: 413 })),
    });
    expect(proxy).toMatchObject({ ok: false, error: { code: 'payload_too_large' } });
  });

  it('429: rate_limited, with the server message or the Retry-After time', async () => {
    const body = { ok: false, error: { code: 'rate_limited', message: 'Too many uploads; try again in 60 s' } };
    expect(await uploadAttachment(file('a'), { fetch: fakeFetch(() => json(429, body)) })).toEqual(body);
    const plain = await uploadAttachment(file('a'), {
      fetch: fakeFetch(() => new Response('slow down', { status: 429, headers: { 'Retry-After': '7' } })),
    });
    expect(plain).toEqual({ ok: false, error: { code: 'rate_limited', message: 'Too many attempts; try again in 7 s' } });
  });

  it('a network error (or an abort) is unavailable, never a throw', async () => {
    const failing = fakeFetch(() => {
      throw new TypeError('Failed to fetch');
    });
    expect(await uploadAttachment(file('a'), { fetch: failing })).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    const controller = new AbortController();
    controller.abort();
    const aborting = fakeFetch(() => {
      throw new DOMException('aborted', 'AbortError');
    });
    const answer = await uploadAttachment(file('a'), { fetch: aborting, signal: controller.signal });
    expect(answer).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(aborting.calls[0]?.init.signal?.aborted).toBe(true);
  });

  it('a success without a well-formed attachment is internal', async () => {
    for (const attachment of [undefined, { id: '../x', name: 'a', contentType: 'x', size: 1 }, { id: 'a' }]) {
      const answer = await uploadAttachment(file('a'), { fetch: fakeFetch(() => json(201, { ok: true, attachment })) });
      expect(answer).toMatchObject({ ok: false, error: { code: 'internal' } });
    }
    const notResult = await uploadAttachment(file('a'), { fetch: fakeFetch(() => json(200, [1, 2])) });
    expect(notResult).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});
