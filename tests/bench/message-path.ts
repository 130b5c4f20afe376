/**
 * Benchmark: visitor → agent latency through Parley's full message path (validate, authorise, store, fan-out)
 * against a bare Socket.IO relay on the same machine, in the same run. Prints medians, p95 and the ratio.
 * Usage: pnpm bench [-- --messages 500 --adapter embedded|mongo]
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Server } from 'socket.io';
import { io, type Socket } from 'socket.io-client';
import { loadConfig, startParley } from '@parley/server';

const { values } = parseArgs({
  options: { messages: { type: 'string', default: '400' }, warmup: { type: 'string', default: '50' } },
});
const MESSAGES = Number(values.messages);
const WARMUP = Number(values.warmup);

function connect(url: string, opts: Parameters<typeof io>[1]): Promise<Socket> {
  const s = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, ...opts });
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

/** Sends one message at a time and measures until the receiver sees it. */
async function measure(send: (i: number) => void, receiver: Socket, event: string, match: (p: unknown, i: number) => boolean): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < WARMUP + MESSAGES; i++) {
    const t0 = process.hrtime.bigint();
    await new Promise<void>((resolve) => {
      const on = (p: unknown) => {
        if (!match(p, i)) return;
        receiver.off(event, on);
        resolve();
      };
      receiver.on(event, on);
      send(i);
    });
    if (i >= WARMUP) samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return samples;
}

async function bareRelay(): Promise<number[]> {
  const http = createServer();
  const server = new Server(http);
  server.on('connection', (s) => s.on('msg', (p: unknown, ack?: () => void) => {
    s.broadcast.emit('msg', p);
    ack?.();
  }));
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const a = await connect(url, {});
  const b = await connect(url, {});
  const samples = await measure((i) => a.emit('msg', { i, text: `hello ${i}` }, () => {}), b, 'msg', (p, i) => (p as { i: number }).i === i);
  a.close();
  b.close();
  await new Promise<void>((r) => server.close(() => r()));
  return samples;
}

async function parleyPath(): Promise<number[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'parley-bench-'));
  const parley = await startParley(loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir, ADMIN_EMAIL: 'bench@parley.local', ADMIN_PASSWORD: 'bench password', LOG_LEVEL: 'silent', RATE_LIMIT_SCALE: '1000' }));
  const url = `http://127.0.0.1:${parley.port}`;
  const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-parley-csrf': '1' }, body: JSON.stringify({ email: 'bench@parley.local', password: 'bench password' }) });
  const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
  const session = (await (await fetch(`${url}/api/v1/widget/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"desk":"default"}' })).json()) as { token: string };
  const visitor = await connect(`${url}/visitor`, { auth: { token: session.token } });
  const agent = await connect(`${url}/agent`, { extraHeaders: { cookie } });
  const first = (await visitor.emitWithAck('visitor:message', { clientMsgId: 'bench-first-0000', text: 'start' })) as { message: { conversationId: string } };
  await agent.emitWithAck('agent:open', { conversationId: first.message.conversationId });
  const samples = await measure(
    (i) => visitor.emit('visitor:message', { clientMsgId: `bench-${i.toString().padStart(8, '0')}`, text: `hello ${i}` }, () => {}),
    agent,
    'message.created',
    (p, i) => (p as { message: { text: string } }).message.text === `hello ${i}`,
  );
  visitor.close();
  agent.close();
  await parley.stop();
  await rm(dir, { recursive: true, force: true });
  return samples;
}

const fmt = (n: number) => n.toFixed(3).padStart(8);
const bare = await bareRelay();
const full = await parleyPath();
console.log(`\nvisitor → agent latency, ${MESSAGES} sequential messages (after ${WARMUP} warm-up), ms`);
console.log('                         median      p95      p99');
console.log(`bare Socket.IO relay   ${fmt(percentile(bare, 50))} ${fmt(percentile(bare, 95))} ${fmt(percentile(bare, 99))}`);
console.log(`Parley (embedded)      ${fmt(percentile(full, 50))} ${fmt(percentile(full, 95))} ${fmt(percentile(full, 99))}`);
console.log(`ratio Parley / bare    ${fmt(percentile(full, 50) / percentile(bare, 50))}x median`);
process.exit(0);
