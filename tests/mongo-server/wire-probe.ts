import net from 'node:net';

/**
 * A dependency-free MongoDB wire-protocol probe: sends one OP_MSG command and decodes the top-level
 * string/number/boolean fields of the reply. Enough to check that a server answers and to read
 * `buildInfo`, without making the tests workspace depend on the driver.
 */

export type ProbeReply = Record<string, string | number | boolean | null>;

const OP_MSG = 2013;

export function hostOf(uri: string): { host: string; port: number } | null {
  const match = /^mongodb:\/\/(?:[^@/]*@)?([^,/?]+)/.exec(uri);
  if (!match?.[1]) return null;
  const hostPort = match[1];
  const ipv6 = /^\[(.+)\](?::(\d+))?$/.exec(hostPort);
  if (ipv6) return { host: ipv6[1]!, port: Number(ipv6[2] ?? 27017) };
  const [host, port] = hostPort.split(':');
  return { host: host!, port: Number(port ?? 27017) };
}

export function runCommand(
  target: { host: string; port: number },
  command: 'buildInfo' | 'ping',
  timeoutMS = 2000,
): Promise<ProbeReply> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(target);
    const chunks: Buffer[] = [];
    const fail = (err: Error) => {
      socket.destroy();
      reject(err);
    };
    socket.setTimeout(timeoutMS, () => fail(new Error(`no answer from ${target.host}:${target.port} within ${timeoutMS} ms`)));
    socket.on('error', fail);
    socket.on('connect', () => socket.write(opMsg(bsonCommand(command, 'admin'))));
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      const all = Buffer.concat(chunks);
      if (all.length < 4 || all.length < all.readInt32LE(0)) return;
      socket.end();
      try {
        resolve(readReply(all));
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  });
}

function bsonCommand(name: string, db: string): Buffer {
  const cstring = (s: string) => Buffer.concat([Buffer.from(s, 'utf8'), Buffer.from([0])]);
  const int32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeInt32LE(n);
    return b;
  };
  const dbValue = cstring(db);
  const body = Buffer.concat([
    Buffer.from([0x10]), cstring(name), int32(1), // name: int32 1
    Buffer.from([0x02]), cstring('$db'), int32(dbValue.length), dbValue, // $db: string
    Buffer.from([0x00]),
  ]);
  return Buffer.concat([int32(body.length + 4), body]);
}

function opMsg(doc: Buffer): Buffer {
  const header = Buffer.alloc(21);
  header.writeInt32LE(16 + 4 + 1 + doc.length, 0);
  header.writeInt32LE(1, 4); // requestID
  header.writeInt32LE(0, 8); // responseTo
  header.writeInt32LE(OP_MSG, 12);
  header.writeUInt32LE(0, 16); // flagBits
  header.writeUInt8(0, 20); // section kind 0: body
  return Buffer.concat([header, doc]);
}

function readReply(frame: Buffer): ProbeReply {
  if (frame.readInt32LE(12) !== OP_MSG || frame.readUInt8(20) !== 0) throw new Error('unexpected reply format');
  return readTopLevel(frame, 21);
}

/** Top-level scalar fields of the BSON document at `start`; nested values are skipped. */
function readTopLevel(buf: Buffer, start: number): ProbeReply {
  const out: ProbeReply = {};
  const end = start + buf.readInt32LE(start) - 1;
  let i = start + 4;
  while (i < end) {
    const type = buf.readUInt8(i++);
    const nameEnd = buf.indexOf(0, i);
    const name = buf.toString('utf8', i, nameEnd);
    i = nameEnd + 1;
    switch (type) {
      case 0x01: out[name] = buf.readDoubleLE(i); i += 8; break;
      case 0x02: case 0x0d: case 0x0e: {
        const len = buf.readInt32LE(i);
        if (type === 0x02) out[name] = buf.toString('utf8', i + 4, i + 4 + len - 1);
        i += 4 + len;
        break;
      }
      case 0x03: case 0x04: i += buf.readInt32LE(i); break;
      case 0x05: i += 4 + 1 + buf.readInt32LE(i); break;
      case 0x06: case 0x0a: case 0x7f: case 0xff: out[name] = null; break;
      case 0x07: i += 12; break;
      case 0x08: out[name] = buf.readUInt8(i) === 1; i += 1; break;
      case 0x09: case 0x11: case 0x12: out[name] = Number(buf.readBigInt64LE(i)); i += 8; break;
      case 0x0b: i = buf.indexOf(0, buf.indexOf(0, i) + 1) + 1; break;
      case 0x10: out[name] = buf.readInt32LE(i); i += 4; break;
      case 0x13: i += 16; break;
      default: throw new Error(`unsupported BSON type 0x${type.toString(16)} in reply field ${name}`);
    }
  }
  return out;
}
