import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapters } from '../support/adapters.ts';
import { json, loginAgent, startNode, type TestNode } from '../support/parley.ts';

const SHOP = 'https://shop.example';

/**
 * The launcher's look, asked by the loader on every page of the host site before it shows the button: the desk's
 * colour, side and label from Settings → Desk, cacheable for a short while, with CORS for the pages the desk allows.
 */
describe.each(adapters())('GET /api/v1/widget/look ($adapter)', ({ adapter, mongoUri }) => {
  let node: TestNode;
  let admin: string;
  const look = (query: string, origin?: string) => json(`${node.url}/api/v1/widget/look?${query}`, { headers: origin ? { origin } : {} });
  const settings = async (body: Record<string, unknown>) => {
    const headers = { cookie: admin, 'x-parley-csrf': '1' };
    const { version } = (await json(`${node.url}/api/v1/settings/desk`, { headers })).body.settings as { version: number };
    const saved = await json(`${node.url}/api/v1/settings/desk`, { method: 'PATCH', headers, body: JSON.stringify({ version, ...body }) });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  };

  beforeAll(async () => {
    node = await startNode(adapter, {}, mongoUri);
    admin = await loginAgent(node.url);
  });
  afterAll(async () => {
    await node?.dispose();
  });

  it("answers the desk's colour, side and launcher label, and a change at once", async () => {
    const before = await look('desk=default');
    expect(before.status).toBe(200);
    expect(before.body).toEqual({ ok: true, look: { color: '#1f6feb', position: 'right', launcherLabel: expect.objectContaining({ en: expect.any(String), ko: expect.any(String) }) } });
    await settings({ widget: { color: '#C2185B', position: 'left', launcherLabel: { en: 'Ask Acme', ko: '아크미에 물어보세요' } } });
    expect((await look('desk=default')).body).toEqual({
      ok: true,
      look: { color: '#c2185b', position: 'left', launcherLabel: { en: 'Ask Acme', ko: '아크미에 물어보세요' } },
    });
  });

  it('may be kept by the browser for a minute (then shown while it is asked again), per Origin', async () => {
    const answer = await look('desk=default', SHOP);
    expect(answer.headers.get('cache-control')).toBe('public, max-age=60, stale-while-revalidate=86400');
    expect(answer.headers.get('vary')).toMatch(/Origin/);
    // nothing but the look: no greeting, forms, teams or settings
    expect(Object.keys(answer.body)).toEqual(['ok', 'look']);
    expect(Object.keys(answer.body.look as object).sort()).toEqual(['color', 'launcherLabel', 'position']);
  });

  it('refuses an unknown desk and bad input with stable codes, never cached, and keeps serving', async () => {
    const unknown = await look('desk=nosuchdesk');
    expect(unknown).toMatchObject({ status: 404, body: { ok: false, error: { code: 'not_found' } } });
    expect(unknown.headers.get('cache-control')).toBe('no-store');
    for (const bad of ['', 'desk=', 'desk=a%20b', 'desk=default&desk=other', 'desk=default&extra=1', `desk=${'x'.repeat(200)}`]) {
      const refused = await look(bad);
      expect(refused, bad).toMatchObject({ status: 400, body: { ok: false, error: { code: 'invalid_input' } } });
      expect(refused.headers.get('cache-control'), bad).toBe('no-store');
    }
    expect((await look('desk=default')).status).toBe(200);
  });

  it('allows CORS for any page while the desk lists no origin, then only the listed ones (and Parley itself)', async () => {
    expect((await look('desk=default', 'https://anywhere.example')).headers.get('access-control-allow-origin')).toBe('https://anywhere.example');
    await settings({ allowedOrigins: [SHOP] });
    expect((await look('desk=default', SHOP)).headers.get('access-control-allow-origin')).toBe(SHOP);
    const elsewhere = await look('desk=default', 'https://elsewhere.example');
    expect(elsewhere.headers.get('access-control-allow-origin')).toBeNull();
    expect((await look('desk=default')).headers.get('access-control-allow-origin')).toBeNull(); // not a browser page
    await settings({ allowedOrigins: [] });
  });
});
