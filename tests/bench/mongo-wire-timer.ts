/**
 * A loopback TCP proxy between Parley and a MongoDB-compatible server that times every command it forwards: which
 * command, on which collection, with which filter shape (values replaced by "?"), and how long the database took to
 * answer. What a driver-side profile cannot show: the round trips themselves, as the database sees them.
 */
import { createRequire } from 'node:module';
import net from 'node:net';

// bson comes with the server's MongoDB driver; the tests package does not depend on it itself.
const bson = createRequire(new URL('../../packages/server/package.json', import.meta.url)).resolve('bson');
const { deserialize } = (await import(bson)) as { deserialize: (buffer: Uint8Array) => Record<string, unknown> };

const OP_MSG = 2013;
const HEADER = 16;

export interface CommandRecord {
  /** e.g. `find messages {"conversationId":"?","seq":"?"}` or `insert events`. */
  name: string;
  startedAt: number;
  ms: number;
}

function shape(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || value instanceof Date || Buffer.isBuffer(value) || '_bsontype' in value) return '?';
  if (Array.isArray(value)) return value.slice(0, 1).map(shape);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shape(v)]));
}

/** A command document (OP_MSG body) as a name that groups the calls of one query shape. */
function describeCommand(doc: Record<string, unknown>): string {
  const command = Object.keys(doc)[0] ?? '?';
  const collection = typeof doc[command] === 'string' ? ` ${doc[command]}` : '';
  const filter = doc.filter ?? doc.query ?? doc.pipeline;
  const detail = ['find', 'findAndModify', 'count', 'aggregate', 'distinct'].includes(command) && filter ? ` ${JSON.stringify(shape(filter))}` : '';
  const sort = doc.sort ? ` sort ${JSON.stringify(doc.sort)}` : '';
  return `${command}${collection}${detail}${sort}`;
}

/** Splits a byte stream into wire messages. */
function frames(onMessage: (message: Buffer) => void): (chunk: Buffer) => void {
  let buffered: Buffer = Buffer.alloc(0);
  return (chunk) => {
    buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
    while (buffered.length >= HEADER && buffered.readInt32LE(0) <= buffered.length) {
      const length = buffered.readInt32LE(0);
      onMessage(buffered.subarray(0, length));
      buffered = buffered.subarray(length);
    }
  };
}

export class MongoWireTimer {
  private readonly server: net.Server;
  private records: CommandRecord[] | null = null;
  port = 0;

  constructor(private readonly backend: { host: string; port: number }) {
    this.server = net.createServer((client) => this.relay(client));
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    this.port = (this.server.address() as net.AddressInfo).port;
    return `mongodb://127.0.0.1:${this.port}/`;
  }

  /** Starts recording (what was recorded before is dropped). */
  record(): void {
    this.records = [];
  }

  /** Stops recording and returns what was recorded. */
  take(): CommandRecord[] {
    const records = this.records ?? [];
    this.records = null;
    return records;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private relay(client: net.Socket): void {
    const upstream = net.connect(this.backend.port, this.backend.host);
    const inFlight = new Map<number, { name: string; at: number }>();
    client.on(
      'data',
      frames((message) => {
        if (message.readInt32LE(12) === OP_MSG && message[HEADER + 4] === 0) {
          const body = message.subarray(HEADER + 5);
          inFlight.set(message.readInt32LE(4), { name: describeCommand(deserialize(body.subarray(0, body.readInt32LE(0)))), at: performance.now() });
        }
      }),
    );
    upstream.on(
      'data',
      frames((message) => {
        const request = inFlight.get(message.readInt32LE(8));
        if (!request) return;
        inFlight.delete(message.readInt32LE(8));
        this.records?.push({ name: request.name, startedAt: request.at, ms: performance.now() - request.at });
      }),
    );
    client.pipe(upstream);
    upstream.pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  }
}

/** Count and database time per command name, most time first. */
export function summarise(records: readonly CommandRecord[]): Array<{ name: string; count: number; ms: number; max: number }> {
  const byName = new Map<string, { name: string; count: number; ms: number; max: number }>();
  for (const r of records) {
    const s = byName.get(r.name) ?? { name: r.name, count: 0, ms: 0, max: 0 };
    s.count++;
    s.ms += r.ms;
    s.max = Math.max(s.max, r.ms);
    byName.set(r.name, s);
  }
  return [...byName.values()].sort((a, b) => b.ms - a.ms);
}
