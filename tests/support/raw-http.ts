import net from 'node:net';
import { sleep } from './node-process.ts';

export interface StalledRequest {
  /** The answer's status line, e.g. `HTTP/1.1 401 Unauthorized`; rejects when the connection closes without one. */
  readonly status: Promise<string>;
  /** Everything received so far. */
  received(): string;
  close(): void;
}

/**
 * A raw HTTP/1.1 exchange that a fetch() cannot play: sends `head` and then `bodyBytes` of body, never more, and
 * stops reading once the status line has arrived (a client that stalls both ways).
 */
export function stalledRequest(port: number, head: string, bodyBytes: number): StalledRequest {
  const socket = net.connect(port, '127.0.0.1');
  socket.on('error', () => undefined); // the server may close while we still write: that is the point
  let answer = '';
  const status = new Promise<string>((resolve, reject) => {
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('latin1');
      const line = answer.split('\r\n')[0];
      if (answer.includes('\r\n') && line) {
        socket.pause();
        resolve(line);
      }
    });
    socket.on('close', () => reject(new Error(`closed without an answer (got ${JSON.stringify(answer.slice(0, 80))})`)));
  });
  status.catch(() => undefined);
  socket.on('connect', () => {
    socket.write(head);
    if (bodyBytes > 0) socket.write(Buffer.alloc(bodyBytes, 0x42));
  });
  return { status, received: () => answer, close: () => socket.destroy() };
}

/** Waits until `promise` settles or `ms` pass; says which. */
export async function within<T>(ms: number, promise: Promise<T>): Promise<{ value: T } | 'timeout'> {
  return Promise.race([promise.then((value) => ({ value })), sleep(ms).then(() => 'timeout' as const)]);
}

/**
 * An upload as curl sends it: headers with `Expect: 100-continue`, then the body only if the server says continue
 * (within `waitMs`). Resolves with the status lines the server sent, in order, once a final one arrived.
 */
export function uploadExpectingContinue(port: number, head: string, body: Buffer, waitMs = 2000): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    let received = '';
    let sentBody = false;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no final answer within ${waitMs} ms (got ${JSON.stringify(received.slice(0, 120))})`));
    }, waitMs);
    socket.on('connect', () => socket.write(head));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      const lines = received.split('\r\n').filter((l) => /^HTTP\/1\.1 \d{3}/.test(l));
      if (lines[0]?.startsWith('HTTP/1.1 100') && !sentBody) {
        sentBody = true;
        socket.write(body);
      }
      const last = lines[lines.length - 1];
      if (last && !last.startsWith('HTTP/1.1 100')) {
        clearTimeout(timer);
        socket.destroy();
        resolve(lines);
      }
    });
  });
}
