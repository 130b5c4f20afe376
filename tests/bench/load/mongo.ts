/**
 * The MongoDB-compatible server for the `mongo` target: MONGODB_URI when set, otherwise the FerretDB program of
 * tests/mongo-server, started the way the test suite's global setup does (tests/support/mongo-global-setup.ts).
 * Each load point gets a fresh database, dropped afterwards (best effort, unauthenticated servers only).
 */
import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { startMongoServer, type MongoServer } from '../../mongo-server/harness.ts';
import { hostOf } from '../../mongo-server/wire-probe.ts';

let server: Promise<MongoServer> | undefined;

/** Started once per bench run, on first use. */
export function mongoServer(): Promise<MongoServer> {
  server ??= startMongoServer();
  return server;
}

export async function disposeMongoServer(): Promise<void> {
  if (!server) return;
  const s = await server.catch(() => undefined);
  server = undefined;
  await s?.dispose();
}

/** The base URI with a fresh database name, e.g. mongodb://127.0.0.1:27017/parley_bench_m1x2_ab12cd. */
export function freshDatabase(baseUri: string, prefix = 'parley_bench'): { uri: string; database: string } {
  const u = new URL(baseUri);
  const database = `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  u.pathname = `/${database}`;
  return { uri: u.toString(), database };
}

/** Sends {dropDatabase: 1} with one OP_MSG. Resolves true when the server answered ok; never throws. */
export function dropDatabase(uri: string, database: string, timeoutMs = 5000): Promise<boolean> {
  const target = hostOf(uri);
  if (!target) return Promise.resolve(false);
  const cstring = (s: string) => Buffer.concat([Buffer.from(s, 'utf8'), Buffer.from([0])]);
  const int32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeInt32LE(n);
    return b;
  };
  const db = cstring(database);
  const fields = Buffer.concat([Buffer.from([0x10]), cstring('dropDatabase'), int32(1), Buffer.from([0x02]), cstring('$db'), int32(db.length), db, Buffer.from([0])]);
  const doc = Buffer.concat([int32(fields.length + 4), fields]);
  const header = Buffer.alloc(21);
  header.writeInt32LE(21 + doc.length, 0);
  header.writeInt32LE(1, 4);
  header.writeInt32LE(0, 8);
  header.writeInt32LE(2013, 12); // OP_MSG
  header.writeUInt32LE(0, 16);
  header.writeUInt8(0, 20);
  return new Promise((resolve) => {
    const socket = net.connect(target);
    const chunks: Buffer[] = [];
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write(Buffer.concat([header, doc])));
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      const all = Buffer.concat(chunks);
      if (all.length >= 4 && all.length >= all.readInt32LE(0)) done(okField(all) === 1);
    });
  });
}

/** The reply's top-level `ok` (double or int32), found by its name; NaN when absent. */
function okField(reply: Buffer): number {
  for (const [type, size] of [[0x01, 8], [0x10, 4]] as const) {
    const key = Buffer.from([type, 0x6f, 0x6b, 0x00]); // <type> "ok" NUL
    const at = reply.indexOf(key, 21);
    if (at >= 0 && at + key.length + size <= reply.length) return type === 0x01 ? reply.readDoubleLE(at + key.length) : reply.readInt32LE(at + key.length);
  }
  return Number.NaN;
}

/**
 * The pid of the local FerretDB process listening on `uri`'s port (found through /proc, since the harness does not
 * expose it), for CPU accounting; null for an external server or when it cannot be found.
 */
export function localServerPid(uri: string): number | null {
  const target = hostOf(uri);
  if (!target) return null;
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      let cmdline: string;
      try {
        cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      } catch {
        continue;
      }
      const args = cmdline.split('\0');
      if (args[0]?.endsWith('mongo-server') && args.includes(`${target.host}:${target.port}`)) return Number(entry);
    }
  } catch {
    // no /proc
  }
  return null;
}
