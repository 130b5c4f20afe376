import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapters } from '../support/adapters.ts';
import { json, loginAgent, startNode, type TestNode } from '../support/parley.ts';

type Canned = { id: string; ownerId: string | null; shortcut: string; title: string; text: string };

/** Desk-wide canned responses are the admins' to keep and everyone's to use; personal ones stay their owner's. */
describe.each(adapters())('canned responses ($adapter)', ({ adapter, mongoUri }) => {
  let node: TestNode;
  let admin: string;
  let mina: string;
  let bo: string;
  const api = (cookie: string, path: string, method = 'GET', body?: unknown) =>
    json(`${node.url}/api/v1/canned${path}`, { method, headers: { cookie, 'x-parley-csrf': '1' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

  beforeAll(async () => {
    node = await startNode(adapter, {}, mongoUri);
    admin = await loginAgent(node.url);
    for (const name of ['mina', 'bo']) {
      await json(`${node.url}/api/v1/agents`, {
        method: 'POST',
        headers: { cookie: admin, 'x-parley-csrf': '1' },
        body: JSON.stringify({ name, email: `${name}@test.local`, password: `${name}-password-1` }),
      });
    }
    mina = await loginAgent(node.url, { email: 'mina@test.local', password: 'mina-password-1' });
    bo = await loginAgent(node.url, { email: 'bo@test.local', password: 'bo-password-1' });
  });
  afterAll(async () => {
    await node?.dispose();
  });

  it('shares desk-wide responses with everyone, keeps personal ones private, and one shortcut per scope', async () => {
    const desk = await api(admin, '', 'POST', { scope: 'desk', shortcut: 'Refund', title: 'Refund policy', text: 'Hi {{contact.name | there}}, refunds take 5 days.' });
    expect(desk.status).toBe(201);
    expect(desk.body.canned).toMatchObject({ ownerId: null, shortcut: 'refund' });
    expect((await api(mina, '', 'POST', { scope: 'desk', shortcut: 'x', title: 'x', text: 'x' })).status).toBe(403);
    expect((await api(mina, '', 'POST', { scope: 'personal', shortcut: 'sig', title: 'My sign-off', text: 'Best, {{agent.name}}' })).status).toBe(201);
    // The same shortcut in another scope is fine; twice in one scope is not.
    expect((await api(mina, '', 'POST', { scope: 'personal', shortcut: 'refund', title: 'Mine', text: 'mine' })).status).toBe(201);
    const twice = await api(mina, '', 'POST', { scope: 'personal', shortcut: 'sig', title: 'again', text: 'again' });
    expect(twice.status).toBe(409);
    expect(twice.body.error).toMatchObject({ code: 'conflict', details: { field: 'shortcut' } });

    const minaSees = ((await api(mina, '')).body.canned as Canned[]).map((c) => `${c.ownerId === null ? 'desk' : 'own'}:${c.shortcut}`);
    expect(minaSees.sort()).toEqual(['desk:refund', 'own:refund', 'own:sig']);
    const boSees = ((await api(bo, '')).body.canned as Canned[]).map((c) => c.shortcut);
    expect(boSees).toEqual(['refund']);
  });

  it('lets only the owner (or an admin, for desk-wide ones) change or delete a response', async () => {
    const all = (await api(mina, '')).body.canned as Canned[];
    const deskWide = all.find((c) => c.ownerId === null)!;
    const own = all.find((c) => c.shortcut === 'sig')!;
    expect((await api(mina, `/${deskWide.id}`, 'PATCH', { text: 'changed' })).status).toBe(403);
    expect((await api(bo, `/${own.id}`, 'PATCH', { text: 'stolen' })).status).toBe(404);
    expect((await api(bo, `/${own.id}`, 'DELETE')).status).toBe(404);
    const edited = await api(mina, `/${own.id}`, 'PATCH', { title: 'Sign-off', shortcut: 'bye' });
    expect(edited.body.canned).toMatchObject({ title: 'Sign-off', shortcut: 'bye', text: 'Best, {{agent.name}}' });
    expect((await api(admin, `/${deskWide.id}`, 'PATCH', { text: 'Refunds take 3 days.' })).body.canned).toMatchObject({ text: 'Refunds take 3 days.' });
    expect((await api(mina, `/${own.id}`, 'DELETE')).status).toBe(200);
    expect((await api(mina, `/${own.id}`, 'DELETE')).status).toBe(404);
  });

  it('names what is wrong with a bad response', async () => {
    const bad = await api(admin, '', 'POST', { scope: 'desk', shortcut: 'two words', title: '', text: 'x', extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_input' });
    expect((await api(admin, '/not-an-id!', 'PATCH', { text: 'x' })).status).toBe(400);
  });
});
