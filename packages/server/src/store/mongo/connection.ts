import mongoose from 'mongoose';
import type { ConnectOptions, Connection } from 'mongoose';
import type { TicketRule } from '../types.ts';

export interface MongoStoreOptions {
  /** Database name; default: the one in the URI, else "parley". */
  dbName?: string;
  /** How long an operation waits for a reachable server before failing with StoreUnavailableError (default 3000). */
  serverSelectionTimeoutMS?: number;
  /** Upper bound of health()'s ping (default 1000). */
  healthTimeoutMS?: number;
  /** How often the driver re-checks an idle server; it re-checks every 500 ms while an operation waits (default 10000). */
  heartbeatFrequencyMS?: number;
  connectTimeoutMS?: number;
  /** 0 = no socket timeout (the driver's default). */
  socketTimeoutMS?: number;
  maxPoolSize?: number;
  /** How long health() keeps failing before the store opens a new driver client (MongoStore.reopen; default 15000). */
  reopenAfterMS?: number;
  /** After an operation found the server unreachable, how often the store checks its health until it is good (default 5000). */
  recoveryCheckEveryMS?: number;
  appName?: string;
  /**
   * The rule that decides again for a message step this node finds unfinished and must complete on a ticket that has
   * moved since (its writer died, or is another node): the step's own rule is not stored. Default: recordMessage.
   */
  recoveryRule?: TicketRule;
}

export const DEFAULT_SERVER_SELECTION_TIMEOUT_MS = 3000;
export const DEFAULT_HEALTH_TIMEOUT_MS = 2000;
export const DEFAULT_REOPEN_AFTER_MS = 15_000;
export const DEFAULT_RECOVERY_CHECK_EVERY_MS = 5_000;
/** How often the driver checks a server it knows: a returning database is noticed within this. */
export const DEFAULT_HEARTBEAT_FREQUENCY_MS = 2000;

/** A connection of its own (not mongoose's global default), so several stores can live in one process. */
export function createConnection(): Connection {
  const conn = mongoose.createConnection();
  // Any `$`-keyed object reaching a filter as a value is wrapped in $eq (and then refused by casting):
  // `getConversation({ $gt: '' })` can never turn into an operator. Our own operators use mongoose.trusted().
  conn.set('sanitizeFilter', true);
  return conn;
}

export function connectOptions(uri: string, o: MongoStoreOptions): ConnectOptions {
  return {
    dbName: o.dbName ?? databaseIn(uri) ?? 'parley',
    // Fail fast instead of queueing commands while disconnected (mongoose buffers by default).
    bufferCommands: false,
    autoIndex: false,
    autoCreate: false,
    sanitizeFilter: true,
    serverSelectionTimeoutMS: o.serverSelectionTimeoutMS ?? DEFAULT_SERVER_SELECTION_TIMEOUT_MS,
    heartbeatFrequencyMS: o.heartbeatFrequencyMS ?? DEFAULT_HEARTBEAT_FREQUENCY_MS,
    ...(o.connectTimeoutMS !== undefined && { connectTimeoutMS: o.connectTimeoutMS }),
    ...(o.socketTimeoutMS !== undefined && { socketTimeoutMS: o.socketTimeoutMS }),
    ...(o.maxPoolSize !== undefined && { maxPoolSize: o.maxPoolSize }),
    appName: o.appName ?? 'parley',
  };
}

/** The database named in a mongodb:// URI path, if any (URL() cannot parse multi-host URIs). */
function databaseIn(uri: string): string | undefined {
  const match = /^mongodb(?:\+srv)?:\/\/[^/?]*\/([^?]+)/.exec(uri);
  return match?.[1] ? decodeURIComponent(match[1]) : undefined;
}
