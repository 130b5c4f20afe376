export { loadConfig, ConfigError, type Config } from './config.ts';
export { startParley, type Parley, MAX_SOCKET_FRAME_BYTES } from './server.ts';
export type { Store } from './store/port.ts';
export { createLogger, type Logger } from './lib/logger.ts';
