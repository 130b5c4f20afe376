import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { freePort, waitFor } from './node-process.ts';

/**
 * A private redis-server for one test: loopback only, a free port, no persistence, a child process of the test.
 * Never the system Redis. stop() makes an outage; start() brings it back on the same port (empty, as after a
 * crash without persistence). Killed when the test process exits, whatever happened.
 */
export interface RedisServer {
  readonly port: number;
  /** redis://127.0.0.1:PORT */
  readonly url: string;
  /** Stops the server (SIGTERM, or SIGKILL with crash) and waits for the exit. */
  stop(options?: { crash?: boolean }): Promise<void>;
  /** Starts it again on the same port; resolves once it answers PING. */
  start(): Promise<void>;
  restart(): Promise<void>;
  output(): string;
}

const BINARY = process.env.REDIS_SERVER ?? 'redis-server';
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export async function startRedisServer(): Promise<RedisServer> {
  const probe = spawnSync(BINARY, ['--version'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    throw new Error(
      `redis-server is needed for this test and was not found (${BINARY}: ${probe.error?.message ?? probe.stderr}). ` +
        'Install it (apt-get install -y redis-server) or point REDIS_SERVER at the binary.',
    );
  }
  const port = await freePort();
  const tail: string[] = [];
  let child: ChildProcess | null = null;

  const spawnOnce = async () => {
    const c = spawn(BINARY, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(c);
    c.once('exit', (code, signal) => {
      running.delete(c);
      tail.push(`[redis exited: code=${code} signal=${signal}]`);
    });
    const remember = (chunk: Buffer) => {
      tail.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      tail.splice(0, Math.max(0, tail.length - 40));
    };
    c.stdout?.on('data', remember);
    c.stderr?.on('data', remember);
    child = c;
    try {
      await waitFor(`redis-server on port ${port} to answer PING`, () => {
        if (c.exitCode !== null || c.signalCode !== null) throw new Error(`redis-server exited:\n${tail.join('\n')}`);
        return ping(port);
      }, 10_000, 50);
    } catch (err) {
      c.kill('SIGKILL');
      throw err;
    }
  };

  const server: RedisServer = {
    port,
    url: `redis://127.0.0.1:${port}`,
    async stop(options) {
      const c = child;
      child = null;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
      c.kill(options?.crash ? 'SIGKILL' : 'SIGTERM');
      const force = setTimeout(() => c.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(force);
    },
    async start() {
      if (child) throw new Error('redis-server is already running');
      await spawnOnce();
    },
    async restart() {
      await server.stop();
      await server.start();
    },
    output: () => tail.join('\n'),
  };
  await spawnOnce();
  return server;
}

/** true when something on 127.0.0.1:port answers PING with +PONG. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}
