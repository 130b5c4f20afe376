import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({ level, base: { app: 'parley' }, redact: ['req.headers.cookie', 'token', 'password'] });
}
