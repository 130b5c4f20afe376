import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '@parley/server';
import { describe, expect, it } from 'vitest';

/**
 * The deployment files (Dockerfile, deploy/compose.yaml, deploy/Caddyfile, deploy/nginx.conf) without Docker: the
 * compose file parses as YAML (PyYAML, as `docker compose config` would need a Docker plugin) and describes two
 * Parley nodes on MongoDB and Redis behind the proxy, with an environment Parley accepts; the Dockerfile runs the
 * compiled server as a non-root user with a health check. CI builds the image itself where Docker runs (.ci/run).
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const read = (rel: string) => readFileSync(path.join(ROOT, rel), 'utf8');

function parseYaml(file: string): unknown {
  const script = 'import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))';
  try {
    return JSON.parse(execFileSync('python3', ['-c', script, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
  } catch (err) {
    const stderr = String((err as { stderr?: unknown }).stderr ?? err);
    if (/No module named 'yaml'|ENOENT/.test(stderr)) throw new Error(`parsing ${file} needs python3 with PyYAML (Debian: apt-get install python3-yaml)\n${stderr}`);
    throw new Error(`${file} is not valid YAML:\n${stderr}`);
  }
}

/** Compose's interpolation: ${VAR:-default} → default, ${VAR:?message} → `required`, ${VAR} → ''. */
function interpolate(value: string, required: Record<string, string>): string {
  return value.replace(/\$\{(\w+)(?::?([-?])([^}]*))?\}/g, (_all, name: string, op?: string, arg?: string) => {
    if (op === '-') return arg ?? '';
    if (op === '?') return required[name] ?? (() => { throw new Error(`${name} is required: ${arg}`); })();
    return '';
  });
}

interface Service {
  build?: { context: string; dockerfile: string };
  image?: string;
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }> | string[];
  healthcheck?: { test: string[] };
  volumes?: string[];
  ports?: string[];
}

describe('deploy/compose.yaml', () => {
  const compose = parseYaml(path.join(ROOT, 'deploy/compose.yaml')) as { services: Record<string, Service> };
  const services = compose.services;

  it('runs two Parley nodes from the Dockerfile, with MongoDB, Redis and the proxy', () => {
    expect(Object.keys(services).sort()).toEqual(['mongo', 'parley-1', 'parley-2', 'proxy', 'redis']);
    for (const name of ['parley-1', 'parley-2']) {
      const node = services[name]!;
      expect(node.build).toEqual({ context: '..', dockerfile: 'Dockerfile' });
      expect(existsSync(path.join(ROOT, 'deploy', node.build!.context, node.build!.dockerfile))).toBe(true);
      expect(node.depends_on).toEqual({ mongo: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
    }
    expect(services.mongo!.healthcheck?.test.join(' ')).toContain("rs.initiate");
    expect(services.redis!.healthcheck?.test).toContain('ping');
  });

  it("gives every node an environment Parley's configuration accepts: MongoDB replica set, Redis, one proxy hop", () => {
    for (const name of ['parley-1', 'parley-2']) {
      const env = Object.fromEntries(
        Object.entries(services[name]!.environment!).map(([k, v]) => [k, interpolate(String(v), { ADMIN_PASSWORD: 'a long enough password' })]),
      );
      const config = loadConfig(env);
      expect(config.mongodbUri).toBe('mongodb://mongo:27017/parley?replicaSet=rs0');
      expect(config.redisUrl).toBe('redis://redis:6379');
      expect(config.publicUrl).toBe('http://localhost:8080');
      expect(env.TRUST_PROXY).toBe('1');
    }
    expect(() => interpolate(services['parley-1']!.environment!.ADMIN_PASSWORD!, {})).toThrow(/ADMIN_PASSWORD is required/);
  });

  it('proxies to both nodes through the Caddyfile it mounts', () => {
    const mount = services.proxy!.volumes!.find((v) => v.includes('/etc/caddy/Caddyfile'))!;
    expect(existsSync(path.join(ROOT, 'deploy', mount.split(':')[0]!))).toBe(true);
    const caddyfile = read('deploy/Caddyfile');
    expect(caddyfile).toMatch(/reverse_proxy parley-1:3000 parley-2:3000/);
    expect(caddyfile).toContain('health_uri /healthz');
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const instructions = dockerfile
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .filter((line) => line.trim() && !line.trim().startsWith('#'));

  it('builds on Node 20 in stages and runs the compiled server as the non-root node user, data in a volume', () => {
    expect(instructions.filter((l) => l.startsWith('FROM ')).length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:20-/m);
    expect(instructions.filter((l) => l.startsWith('FROM ')).at(-1)).toMatch(/^FROM node:20-/);
    expect(instructions.filter((l) => l.startsWith('USER ')).at(-1)).toBe('USER node');
    expect(instructions).toContain('VOLUME ["/data"]');
    expect(instructions).toContain('CMD ["node", "packages/server/dist/main.js"]');
    expect(instructions.find((l) => l.startsWith('HEALTHCHECK '))).toContain('/healthz');
  });

  it('copies files that exist in the repository', () => {
    const sources = instructions
      .filter((l) => l.startsWith('COPY ') && !l.includes('--from='))
      .flatMap((l) => l.slice('COPY '.length).trim().split(/\s+/).slice(0, -1));
    expect(sources.length).toBeGreaterThan(5);
    for (const source of sources) expect(existsSync(path.join(ROOT, source)), source).toBe(true);
  });
});

describe('deploy/nginx.conf', () => {
  it('passes the WebSocket upgrade Socket.IO needs and the forwarded headers', () => {
    const conf = read('deploy/nginx.conf');
    expect(conf).toContain('proxy_http_version 1.1;');
    expect(conf).toContain('proxy_set_header Upgrade $http_upgrade;');
    expect(conf).toContain('proxy_set_header Connection $connection_upgrade;');
    expect(conf).toContain('proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;');
    expect(conf).toContain('proxy_set_header X-Forwarded-Proto $scheme;');
  });
});
