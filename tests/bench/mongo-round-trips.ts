/**
 * Benchmark: what Parley asks of MongoDB per visitor message, as the database sees it. Parley (compiled, in this
 * process) talks to the MongoDB-compatible server through a timing proxy (mongo-wire-timer.ts); visitors send
 * messages one at a time, and the bench prints the commands on one message's acknowledgement path in order, the
 * commands and database time per message over many, and the background queries per second of an idle server.
 * It is the profile behind the MongoDB load budget: where the time of a message goes, and which part is the database.
 *
 * Usage: tsx bench/mongo-round-trips.ts [--visitors 20] [--messages 100] [--idle-seconds 5]
 * MONGODB_URI selects a server; otherwise the FerretDB test server (tests/mongo-server) is built and started.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import { loadConfig, startParley } from '@parley/server';
import { startMongoServer } from '../mongo-server/harness.ts';
import { ADMIN, call, clientMsgId, loginAgent, newVisitorToken } from '../support/clients.ts';
import { MongoWireTimer, summarise, type CommandRecord } from './mongo-wire-timer.ts';

const { values } = parseArgs({
  options: {
    visitors: { type: 'string', default: '20' },
    messages: { type: 'string', default: '100' },
    'idle-seconds': { type: 'string', default: '5' },
  },
});
const VISITORS = Number(values.visitors);
const MESSAGES = Number(values.messages);
const IDLE_SECONDS = Number(values['idle-seconds']);

function connect(url: string, opts: Parameters<typeof io>[1]): Promise<Socket> {
  const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, ...opts });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

function table(records: readonly CommandRecord[], per: number, unit: string): void {
  for (const s of summarise(records)) {
    console.log(`  ${(s.count / per).toFixed(2).padStart(6)} × ${(s.ms / s.count).toFixed(2).padStart(6)} ms (max ${s.max.toFixed(1).padStart(5)})  ${s.name}`);
  }
  const total = records.reduce((sum, r) => sum + r.ms, 0);
  console.log(`  ${(records.length / per).toFixed(2).padStart(6)} commands, ${(total / per).toFixed(2)} ms of database time per ${unit}`);
}

async function main(): Promise<void> {
  const mongo = await startMongoServer();
  const backend = new URL(mongo.uri);
  const timer = new MongoWireTimer({ host: backend.hostname, port: Number(backend.port) });
  const proxyUri = await timer.listen();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'parley-bench-mongo-'));
  const config = loadConfig({
    PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent', RATE_LIMIT_SCALE: '100000',
    ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password,
    MONGODB_URI: `${proxyUri}parley_round_trips_${Date.now().toString(36)}`,
  });
  const parley = await startParley(config);
  const url = `http://127.0.0.1:${parley.port}`;
  const sockets: Socket[] = [];
  try {
    console.log(`Parley → ${mongo.version}: what one visitor message asks of the database (${VISITORS} visitors, ${MESSAGES} messages one at a time)`);
    const visitors: Socket[] = [];
    for (let i = 0; i < VISITORS; i++) {
      const visitor = await connect(`${url}/visitor`, { auth: { token: await newVisitorToken(url) } });
      sockets.push(visitor);
      await call(visitor, 'visitor:resume', {});
      await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: `first message of visitor ${i}` });
      visitors.push(visitor);
    }
    sockets.push(await connect(`${url}/agent`, { extraHeaders: { cookie: await loginAgent(url, ADMIN) } }));
    await sleep(2000);

    timer.record();
    await sleep(IDLE_SECONDS * 1000);
    console.log(`\nidle server, ${IDLE_SECONDS} s (background sweeps and refreshes), per second:`);
    table(timer.take(), IDLE_SECONDS, 'second');

    const acks: number[] = [];
    timer.record();
    for (let k = 0; k < MESSAGES; k++) {
      const started = performance.now();
      const answer = await call(visitors[k % visitors.length]!, 'visitor:message', { clientMsgId: clientMsgId(), text: `message ${k}` });
      if (answer.ok !== true) throw new Error(`message ${k} was not acknowledged: ${JSON.stringify(answer)}`);
      acks.push(performance.now() - started);
    }
    const all = timer.take();
    console.log(`\nper message (a visitor's follow-up on their open ticket; background work of the same time included):`);
    table(all, MESSAGES, 'message');

    await sleep(1000); // the background acknowledgements of the last messages are done
    timer.record();
    const started = performance.now();
    await call(visitors[0]!, 'visitor:message', { clientMsgId: clientMsgId(), text: 'one traced message' });
    const ackedAt = performance.now() - started;
    const traced = timer.take().filter((r) => r.startedAt - started < ackedAt);
    console.log(`\none message's acknowledgement path, in order (ack after ${ackedAt.toFixed(1)} ms):`);
    for (const r of traced) console.log(`  +${(r.startedAt - started).toFixed(1).padStart(6)} ms  ${r.ms.toFixed(2).padStart(6)} ms  ${r.name}`);
    const databaseMs = traced.reduce((sum, r) => sum + r.ms, 0);

    console.log('');
    console.log(`info    mongo-round-trips: commands on one message's ack path = ${traced.length} (${traced.map((r) => r.name.split(' ').slice(0, 2).join(' ')).join(', ')})`);
    console.log(`info    mongo-round-trips: database time on that path = ${databaseMs.toFixed(1)} ms of ${ackedAt.toFixed(1)} ms until the ack (${((100 * databaseMs) / ackedAt).toFixed(0)} %)`);
    console.log(`info    mongo-round-trips: ack latency, one message at a time = p50 ${median(acks).toFixed(1)} ms over ${MESSAGES} messages; ${(all.length / MESSAGES).toFixed(2)} commands per message in all`);
  } finally {
    sockets.forEach((s) => s.close());
    await parley.stop();
    await timer.close();
    await mongo.dispose();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? err.stack : err);
    process.exit(1);
  },
);
