import path from 'node:path';
import { z } from 'zod';
import { compileTrustProxy, type TrustProxy } from './security/request-identity.ts';

const Port = z.coerce.number().int().min(0).max(65535);
const Bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const EnvSchema = z.object({
  PORT: Port.default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  SQLITE_SYNC: z.enum(['full', 'normal']).default('full'),
  SQLITE_CHECKPOINTS: z.enum(['background', 'writer']).default('background'),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
    .optional(),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://').optional(),
  DESK_ID: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ and - only').default('default'),
  DESK_NAME: z.string().min(1).max(100).default('Parley Support'),
  ADMIN_EMAIL: z.email('must be an e-mail address').default('admin@parley.local'),
  ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
  ALLOWED_ORIGINS: z.string().optional(),
  PUBLIC_URL: z.url('must be an absolute URL such as https://support.example.com').optional(),
  COOKIE_SECURE: Bool.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  /** A routed agent whose last tab closed keeps getting tickets (and keeps theirs) this long: a reload is not leaving. */
  ROUTING_GRACE_SECONDS: z.coerce.number().min(0).max(3600).default(60),
  IDENTITY_SECRET: z.string().min(32, 'must be at least 32 characters (a random secret shared with your site backend)').optional(),
  RATE_LIMIT_SCALE: z.coerce.number().positive().max(1_000_000).default(1),
  UPLOAD_BYTES_PER_IP: z.coerce.number().int().positive().optional(),
  UPLOAD_BYTES_PER_DESK: z.coerce.number().int().positive().optional(),
  UPLOAD_GRACE_SECONDS: z.coerce.number().positive().max(30 * 24 * 3600).default(24 * 3600),
  TRUST_PROXY: z.string().min(1).default('loopback'),
  SESSION_TTL_SECONDS: z.coerce.number().int().min(1).max(30 * 24 * 60 * 60).default(12 * 60 * 60),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** full: every acknowledged commit is fsynced (survives power loss); normal: survives a crash of Parley, not of the machine. */
  sqliteSync: 'full' | 'normal';
  /** Where the embedded store's WAL checkpoints run: their own thread (default) or the writer. */
  sqliteCheckpoints: 'background' | 'writer';
  mongodbUri: string | undefined;
  redisUrl: string | undefined;
  deskId: string;
  deskName: string;
  /** DESK_NAME was set: it renames the desk on every start (the default only names a new desk). */
  deskNameSet: boolean;
  adminEmail: string;
  adminPassword: string | undefined;
  /** Empty: any origin may embed the widget. */
  allowedOrigins: string[];
  /** ALLOWED_ORIGINS was set: it wins over the desk settings (which then show it read-only). */
  allowedOriginsSet: boolean;
  publicUrl: string | undefined;
  /** Session cookies carry `Secure` (default: when PUBLIC_URL is https). */
  cookieSecure: boolean;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  shutdownTimeoutMs: number;
  /** Secret for identity verification: sites sign visitor ids with HMAC-SHA256 (unset: anonymous visitors only). */
  identitySecret: string | undefined;
  routingGraceMs: number;
  /** Multiplies every rate-limit budget (load tests; 1 in production). */
  rateLimitScale: number;
  /** Bytes one client IP may upload per hour (unset: the built-in budget × rateLimitScale). */
  uploadBytesPerIp: number | undefined;
  /** Bytes a desk may receive in uploads per day (unset: the built-in budget × rateLimitScale). */
  uploadBytesPerDesk: number | undefined;
  /** An upload no message has referenced within this is deleted. */
  uploadGraceMs: number;
  /** How long an agent's login lasts; its sockets are closed when it ends. */
  sessionTtlMs: number;
  /** Which peers are reverse proxies whose X-Forwarded-For / -Proto are believed (TRUST_PROXY). */
  trustProxy: TrustProxy;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and validates the environment; throws one ConfigError listing every wrong variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message} (got ${JSON.stringify(cleaned[String(i.path[0])] ?? null)})`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const origins = (e.ALLOWED_ORIGINS ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of origins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new ConfigError(`Invalid configuration:\n  ALLOWED_ORIGINS: "${origin}" is not an origin like https://www.example.com`);
    }
  }
  let trustProxy: TrustProxy;
  try {
    trustProxy = compileTrustProxy(e.TRUST_PROXY);
  } catch (err) {
    throw new ConfigError(
      `Invalid configuration:\n  TRUST_PROXY: "${e.TRUST_PROXY}" is not true, false, a hop count or a list of addresses / CIDR ranges (${err instanceof Error ? err.message : String(err)})`,
    );
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    sqliteSync: e.SQLITE_SYNC,
    sqliteCheckpoints: e.SQLITE_CHECKPOINTS,
    mongodbUri: e.MONGODB_URI,
    redisUrl: e.REDIS_URL,
    deskId: e.DESK_ID,
    deskName: e.DESK_NAME,
    deskNameSet: cleaned.DESK_NAME !== undefined,
    adminEmail: e.ADMIN_EMAIL.toLowerCase(),
    adminPassword: e.ADMIN_PASSWORD,
    allowedOrigins: origins,
    allowedOriginsSet: cleaned.ALLOWED_ORIGINS !== undefined,
    publicUrl: e.PUBLIC_URL,
    cookieSecure: e.COOKIE_SECURE ?? (e.PUBLIC_URL?.startsWith('https://') ?? false),
    logLevel: e.LOG_LEVEL,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    identitySecret: e.IDENTITY_SECRET,
    routingGraceMs: Math.round(e.ROUTING_GRACE_SECONDS * 1000),
    rateLimitScale: e.RATE_LIMIT_SCALE,
    uploadBytesPerIp: e.UPLOAD_BYTES_PER_IP,
    uploadBytesPerDesk: e.UPLOAD_BYTES_PER_DESK,
    uploadGraceMs: Math.round(e.UPLOAD_GRACE_SECONDS * 1000),
    trustProxy,
    sessionTtlMs: e.SESSION_TTL_SECONDS * 1000,
  };
}
