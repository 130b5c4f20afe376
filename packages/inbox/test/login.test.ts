import { afterEach, describe, expect, it, vi } from 'vitest';
import { request, nonJsonFailure } from '../src/api.ts';
import { loginErrorText } from '../src/hooks/useI18n.ts';
import { translate } from '../src/i18n.ts';

const en = (key: Parameters<typeof translate>[1]) => translate('en', key);
const ko = (key: Parameters<typeof translate>[1]) => translate('ko', key);

describe('loginErrorText', () => {
  it('shows the server message of rate_limited, with its retry time', () => {
    const error = { code: 'rate_limited' as const, message: 'Too many attempts; try again in 840 s' };
    expect(loginErrorText(en, error)).toBe('Too many attempts; try again in 840 s');
    expect(loginErrorText(ko, error)).toBe('Too many attempts; try again in 840 s');
  });

  it('falls back to our words when rate_limited comes without a message', () => {
    expect(loginErrorText(en, { code: 'rate_limited', message: '' })).toBe(en('error.rate_limited'));
  });

  it('says "cannot be reached" for unavailable, else the server message', () => {
    expect(loginErrorText(ko, { code: 'unavailable', message: 'x' })).toBe(ko('error.unavailable'));
    expect(loginErrorText(en, { code: 'unauthorized', message: 'Wrong e-mail or password' })).toBe(
      'Wrong e-mail or password',
    );
  });
});

describe('REST client', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('passes a JSON rate_limited answer through (message and details intact)', async () => {
    const body = {
      ok: false,
      error: { code: 'rate_limited', message: 'Too many attempts; try again in 12 s', details: { retryAfterSeconds: 12 } },
    };
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify(body), { status: 429, headers: { 'Retry-After': '12' } }));
    expect(await request('POST', '/auth/login', {})).toEqual(body);
  });

  it('turns a non-JSON 429 into rate_limited with the Retry-After time', async () => {
    vi.stubGlobal('fetch', async () => new Response('<html>slow down</html>', { status: 429, headers: { 'Retry-After': '30' } }));
    const answer = await request('POST', '/auth/login', {});
    expect(answer).toEqual({ ok: false, error: { code: 'rate_limited', message: 'Too many attempts; try again in 30 s' } });
    expect(nonJsonFailure(429, null).error.code).toBe('rate_limited');
    expect(nonJsonFailure(502, null).error.code).toBe('unavailable');
    expect(nonJsonFailure(404, null).error.code).toBe('internal');
  });

  it('a network failure (or timeout) is unavailable, never a throw', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new DOMException('timed out', 'TimeoutError');
    });
    expect(await request('POST', '/auth/login', {})).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  it('sends the CSRF header on state-changing requests and a timeout signal', async () => {
    const seen: RequestInit[] = [];
    vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
      seen.push(init);
      return new Response(JSON.stringify({ ok: true, agents: [] }));
    });
    await request('GET', '/agents');
    await request('POST', '/auth/logout');
    expect((seen[0]?.headers as Record<string, string>)['X-Parley-CSRF']).toBeUndefined();
    expect((seen[1]?.headers as Record<string, string>)['X-Parley-CSRF']).toBe('1');
    expect(seen[0]?.signal).toBeInstanceOf(AbortSignal);
  });
});
