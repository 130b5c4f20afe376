import { safely } from './safely.ts';

/**
 * The method names of `window.Parley`, one string: the loader builds every stub from it (a name costs a few bytes,
 * not a function each). Each method is also `Parley('name', ...args)`, the form the pre-load snippet queues.
 */
export const API_METHODS = 'open close toggle show hide identify logout reset setLocale trackPage setAttributes on off';

/** A call the pre-load snippet queued: its `arguments` (iterable, as arrays are). */
export type QueuedCall = ArrayLike<unknown> & Iterable<unknown>;

/** A call of the host page as it is queued for the panel: the method's name and its arguments, unchecked. */
export type ApiCall = [name: string, ...args: unknown[]];

/** Calls that need not load the panel chunk: closing what is not open, and who the visitor is (carried until it loads). */
const NO_LOAD = /^(close|identify)$/;

export interface ParleyApi {
  (name: string, ...args: unknown[]): void;
  /** The pre-load snippet's queue: `arguments` of every call made before the loader ran. */
  q?: QueuedCall[];
  open(): void;
  close(): void;
  toggle(): void;
  show(): void;
  hide(): void;
  identify(identity: unknown): void;
  logout(): void;
  reset(): void;
  setLocale(locale: unknown): void;
  trackPage(page?: unknown): void;
  setAttributes(attributes: unknown): void;
  on(event: unknown, listener: unknown): void;
  off(event: unknown, listener: unknown): void;
}

/**
 * `window.Parley`: every call goes to `call` (which runs it in the panel or queues it), with `loads` set for the
 * calls that need the panel chunk. `queued`: the pre-load snippet's calls, replayed first, in order. Nothing here
 * checks arguments: the panel does, where a warning costs no loader bytes.
 */
export function createParleyApi(call: (args: ApiCall, loads: boolean) => void, queued?: QueuedCall[]): ParleyApi {
  const api = safely((...args: ApiCall) => call(args, !NO_LOAD.test(args[0]))) as ParleyApi;
  for (const name of API_METHODS.split(' ')) (api as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => api(name, ...args);
  if (queued) for (const args of queued) api(...(args as unknown as ApiCall));
  return api;
}
