import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { errorView } from './log-views.ts';

export type { Logger };

/** `destination`: where the lines go (stdout by default; tests read them). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    level,
    base: { app: 'parley' },
    serializers: { err: errorView },
    // A second line of defence for fields someone might log by name; what is logged is decided in log-views.ts.
    redact: { paths: ['token', 'password', 'cookie', 'authorization', '*.token', '*.password', '*.cookie', '*.authorization'], censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}
