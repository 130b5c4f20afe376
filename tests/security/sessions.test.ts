import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, json, loginAgent, nextEvent } from '../support/clients.ts';
import { removeDir, startTestParley, type RunningParley } from '../support/parley.ts';

/** An agent's socket lives no longer than the login it was opened with, on the server's clock. */
describe('agent sessions end on the server\'s clock', () => {
  let server: RunningParley;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    server = await startTestParley({ SESSION_TTL_SECONDS: '3' });
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await server?.stop();
    if (server) await removeDir(server.dataDir);
  });

  it('tells the agent and closes the socket when the session expires, and the cookie opens nothing after', async () => {
    const cookie = await loginAgent(server.url);
    const agent = await connect(server.url, '/agent', { cookie });
    sockets.push(agent);
    const ended = nextEvent(agent, 'session.revoked', () => true, 8000);
    const closed = new Promise<string>((resolve) => agent.once('disconnect', resolve));
    await ended;
    expect(await closed).toBe('io server disconnect');
    expect((await json(`${server.url}/api/v1/auth/me`, { headers: { cookie } })).status).toBe(401);
    await expect(connect(server.url, '/agent', { cookie })).rejects.toThrow('unauthorized');
  }, 15_000);
});
