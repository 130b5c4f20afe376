import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Message } from '@parley/protocol';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { call, clientMsgId, connect, json, newVisitorToken } from '../support/clients.ts';
import { freshDatabase, startNodeProcess, type NodeProcess } from '../support/node-process.ts';
import { SERVER_DIR, serverEntry } from '../support/server-entry.ts';

/**
 * What production runs: the compiled server (`node packages/server/dist/main.js`, no tsx; `pnpm test` builds it
 * first), its embedded store on the writer thread (dist/store/sqlite/store-worker.js), DESK_NAME on every start, and
 * the `parley reset-password` command (dist/cli.js) on both stores.
 */
const compiled = serverEntry('compiled');
const CLI = path.join(SERVER_DIR, 'dist/cli.js');
const ADMIN = { email: 'admin@prod.local', password: 'first password 123' };
const NEW_PASSWORD = 'second password 456';

const nodes: NodeProcess[] = [];
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(nodes.map((n) => n.kill()));
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function start(name: string, env: Record<string, string>): Promise<NodeProcess> {
  const node = await startNodeProcess(name, { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, ...env }, { entry: compiled });
  nodes.push(node);
  return node;
}

async function stopCleanly(node: NodeProcess): Promise<void> {
  const exit = await node.stop('SIGTERM');
  expect(exit, node.output()).toEqual({ code: 0, signal: null });
}

/** `node packages/server/dist/cli.js ...args` with `env` only (plus PATH/HOME) and `input` on a piped stdin. */
function cli(args: string[], env: Record<string, string>, input = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.once('error', reject);
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input);
  });
}

/**
 * The CLI on a pseudo-terminal (Python's pty: Node has none), typing each answer once its prompt has appeared, the
 * way a person would; `output` is everything the terminal showed, echo included.
 */
function onTerminal(args: string[], env: Record<string, string>, answers: string[]): Promise<{ code: number | null; output: string }> {
  const driver = `
import json, os, pty, select, sys, time
args, env, answers = json.loads(sys.argv[1]), json.loads(sys.argv[2]), json.loads(sys.argv[3])
pid, fd = pty.fork()
if pid == 0:
    os.execve(args[0], args, env)
out = b''
def read(until=None, seconds=20):
    global out
    end = time.time() + seconds
    while time.time() < end:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            return
        if not chunk:
            return
        out += chunk
        if until is not None and until in out:
            return
for i, answer in enumerate(answers):
    read(b'password: ' if i == 0 else b'Repeat the new password: ')
    time.sleep(0.1)
    os.write(fd, answer.encode() + b'\\r')
read()
_, status = os.waitpid(pid, 0)
sys.stdout.write(json.dumps({'code': os.waitstatus_to_exitcode(status), 'output': out.decode('utf8', 'replace')}))
`;
  const fullEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn', ...env };
  return new Promise((resolve, reject) => {
    const child = spawn('python3', ['-c', driver, JSON.stringify([process.execPath, CLI, ...args]), JSON.stringify(fullEnv), JSON.stringify(answers)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.once('error', reject);
    child.once('exit', () => {
      try {
        resolve(JSON.parse(stdout) as { code: number | null; output: string });
      } catch {
        reject(new Error(`the terminal driver failed: ${stderr || stdout}`));
      }
    });
  });
}

async function login(url: string, password: string): Promise<{ status: number; cookie: string | null }> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-parley-csrf': '1' },
    body: JSON.stringify({ email: ADMIN.email, password }),
  });
  await res.text();
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('parley_session='));
  return { status: res.status, cookie: cookie ? cookie.split(';')[0]! : null };
}

const me = async (url: string, cookie: string) => (await fetch(`${url}/api/v1/auth/me`, { headers: { cookie } })).status;
const deskName = async (url: string) => ((await json(`${url}/api/v1/widget/config?desk=default`)).body.desk as { name: string }).name;

describe('the compiled server (production start)', () => {
  it('runs with plain node on the embedded store, stores a message, and keeps it across a restart', async () => {
    expect(compiled.args).toEqual([path.join(SERVER_DIR, 'dist/main.js')]);
    const dir = await mkdtemp(path.join(tmpdir(), 'parley-prod-'));
    dirs.push(dir);
    const first = await start('compiled', { DATA_DIR: dir, DESK_NAME: 'Acme Help' });
    const health = await first.health();
    expect(health.body.store).toMatchObject({ ok: true, adapter: 'embedded' });
    expect(await deskName(first.url)).toBe('Acme Help');

    const token = await newVisitorToken(first.url);
    const visitor = await connect(first.url, '/visitor', { token });
    const sent = await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: 'hello from production' });
    visitor.close();
    expect(sent.ok, JSON.stringify(sent)).toBe(true);
    await stopCleanly(first);

    // DESK_NAME applies on every start when it is set; unset, the stored name stays
    const second = await start('compiled-again', { DATA_DIR: dir, DESK_NAME: 'Acme Support' });
    expect(await deskName(second.url)).toBe('Acme Support');
    const again = await connect(second.url, '/visitor', { token });
    const resumed = await call(again, 'visitor:resume', { afterSeq: 0 });
    again.close();
    expect((resumed.messages as Message[]).map((m) => m.text)).toEqual(['hello from production']);
    await stopCleanly(second);

    const third = await start('compiled-default-name', { DATA_DIR: dir });
    expect(await deskName(third.url)).toBe('Acme Support');
    await stopCleanly(third);
  });
});

describe('several nodes on a new database (the compose file: two nodes start together)', () => {
  it('mongo store: both start, and the desk and the first admin exist once', async () => {
    const env = { MONGODB_URI: freshDatabase(inject('mongoUri'), 'prod_pair') };
    const [a, b] = await Promise.all([start('mongo-a', env), start('mongo-b', env)]);
    expect((await login(a.url, ADMIN.password)).status).toBe(200);
    expect((await login(b.url, ADMIN.password)).status).toBe(200);
    const cookie = (await login(a.url, ADMIN.password)).cookie!;
    const agents = await json(`${b.url}/api/v1/agents`, { headers: { cookie } });
    expect(agents.status, JSON.stringify(agents.body)).toBe(200);
    expect((agents.body.agents as Array<{ email: string }>).map((x) => x.email)).toEqual([ADMIN.email]);
    await Promise.all([stopCleanly(a), stopCleanly(b)]);
  });
});

describe('parley reset-password', () => {
  it('embedded store: refuses while Parley runs, then resets the password and revokes every session', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'parley-reset-'));
    dirs.push(dir);
    const env = { DATA_DIR: dir };
    const running = await start('embedded', env);
    const before = await login(running.url, ADMIN.password);
    expect(before.status).toBe(200);

    const refused = await cli(['reset-password', ADMIN.email], env, `${NEW_PASSWORD}\n`);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/stop Parley first/);
    expect(refused.stderr).toContain('parley.lock');
    await stopCleanly(running);

    const reset = await cli(['reset-password', ADMIN.email.toUpperCase()], env, `${NEW_PASSWORD}\n`);
    expect(reset, reset.stderr).toMatchObject({ code: 0 });
    expect(reset.stdout).toMatch(/Password of admin@prod\.local on desk "default" reset; 1 session revoked/);
    expect(reset.stdout + reset.stderr).not.toContain(NEW_PASSWORD);

    const unknown = await cli(['reset-password', 'nobody@prod.local'], env, `${NEW_PASSWORD}\n`);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no agent with the e-mail nobody@prod\.local/);
    const short = await cli(['reset-password', ADMIN.email], env, 'short\n');
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/at least 10 characters/);
    const nothing = await cli(['reset-password', ADMIN.email], env, '');
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toMatch(/no password on stdin/);

    const after = await start('embedded-after', env);
    expect(await me(after.url, before.cookie!)).toBe(401);
    expect((await login(after.url, ADMIN.password)).status).toBe(401);
    expect((await login(after.url, NEW_PASSWORD)).status).toBe(200);
    await stopCleanly(after);
  });

  it('asks twice on a terminal, echoing nothing, and refuses two different passwords', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'parley-reset-tty-'));
    dirs.push(dir);
    await stopCleanly(await start('embedded-tty', { DATA_DIR: dir }));
    const same = await onTerminal(['reset-password', ADMIN.email], { DATA_DIR: dir }, [NEW_PASSWORD, NEW_PASSWORD]);
    expect(same.code, same.output).toBe(0);
    expect(same.output).toContain('New password: ');
    expect(same.output).toContain('Repeat the new password: ');
    expect(same.output).toMatch(/reset; 0 sessions revoked/);
    expect(same.output).not.toContain(NEW_PASSWORD);
    const different = await onTerminal(['reset-password', ADMIN.email], { DATA_DIR: dir }, ['one password 123', 'another password 456']);
    expect(different.code).toBe(1);
    expect(different.output).toMatch(/the two passwords differ: nothing changed/);
    expect(different.output).not.toMatch(/one password|another password/);
    const after = await start('embedded-tty-after', { DATA_DIR: dir });
    expect((await login(after.url, NEW_PASSWORD)).status).toBe(200);
    await stopCleanly(after);
  });

  it('mongo store: resets the password while Parley runs and revokes the sessions at once', async () => {
    const env = { MONGODB_URI: freshDatabase(inject('mongoUri'), 'prod_reset') };
    const running = await start('mongo', env);
    const before = await login(running.url, ADMIN.password);
    expect(before.status).toBe(200);
    expect(await me(running.url, before.cookie!)).toBe(200);

    const reset = await cli(['reset-password', ADMIN.email], { ...env, PARLEY_NEW_PASSWORD: NEW_PASSWORD });
    expect(reset, reset.stderr).toMatchObject({ code: 0 });
    expect(reset.stdout).toMatch(/reset; 1 session revoked/);
    expect(reset.stdout + reset.stderr).not.toContain(NEW_PASSWORD);

    expect(await me(running.url, before.cookie!)).toBe(401);
    expect((await login(running.url, ADMIN.password)).status).toBe(401);
    expect((await login(running.url, NEW_PASSWORD)).status).toBe(200);
    await stopCleanly(running);
  });
});
