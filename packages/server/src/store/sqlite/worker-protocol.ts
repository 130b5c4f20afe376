import { DuplicateKeyError, StoreUnavailableError } from '../errors.ts';
import type { Store } from '../port.ts';

/** The store methods the writer thread answers (everything but the lifecycle the proxy handles itself). */
export type StoreMethod = Exclude<
  { [K in keyof Store]: Store[K] extends (...args: never[]) => unknown ? K : never }[keyof Store],
  undefined
>;

export interface WorkerSettings {
  dataDir: string;
  sync: 'full' | 'normal';
  checkpoints: 'background' | 'writer';
}

export interface StoreRequest {
  id: number;
  method: StoreMethod;
  args: unknown[];
}

/** Calls and answers travel in batches: one postMessage per turn of the event loop, whatever the load. */
export type StoreRequests = StoreRequest[];
export type StoreReplies = StoreReply[];

export type StoreReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: WireError };

/** An error as it crosses the thread boundary: the classes services tell apart survive it. */
export interface WireError {
  name: string;
  message: string;
  code?: string | undefined;
  key?: string | undefined;
}

export function errorToWire(err: unknown): WireError {
  if (err instanceof DuplicateKeyError) return { name: err.name, message: err.message, key: err.key };
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return { name: err.name, message: err.message, code: typeof code === 'string' ? code : undefined };
  }
  return { name: 'Error', message: String(err) };
}

export function errorFromWire(wire: WireError): Error {
  if (wire.name === 'DuplicateKeyError' && wire.key !== undefined) return new DuplicateKeyError(wire.key);
  if (wire.name === 'StoreUnavailableError') return new StoreUnavailableError(wire.message);
  const err = new Error(wire.message) as Error & { code?: string };
  if (wire.name !== 'Error') err.name = wire.name;
  if (wire.code !== undefined) err.code = wire.code;
  return err;
}
