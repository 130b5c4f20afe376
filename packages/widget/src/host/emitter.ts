/** The events of `Parley.on(name, listener)`. */
export const API_EVENTS = ['ready', 'open', 'close', 'message', 'unread'] as const;
export type ApiEvent = (typeof API_EVENTS)[number];

export interface Emitter {
  on(name: unknown, listener: unknown): void;
  off(name: unknown, listener: unknown): void;
  emit(name: ApiEvent, value?: unknown): void;
}

type Listener = (value?: unknown) => void;

const isEvent = (name: unknown): name is ApiEvent => (API_EVENTS as readonly unknown[]).includes(name);

/**
 * The host page's listeners. A listener that throws is reported on the console and the others still run: a bug in
 * the page's code never stops the widget, and ours never surfaces as theirs. `ready` happens once: a listener added
 * after it is called at once (in a later task, as any other event).
 */
export function createEmitter(warn: (...args: unknown[]) => void = (...args) => console.warn('[Parley]', ...args)): Emitter {
  const listeners = new Map<ApiEvent, Set<Listener>>();
  let ready = false;
  const call = (name: ApiEvent, listener: Listener, value?: unknown): void => {
    try {
      listener(value);
    } catch (error) {
      warn(`a listener of "${name}" threw`, error);
    }
  };
  return {
    on(name, listener) {
      if (!isEvent(name) || typeof listener !== 'function') return warn(`on() takes one of ${API_EVENTS.join(', ')} and a function`);
      const set = listeners.get(name) ?? new Set<Listener>();
      listeners.set(name, set.add(listener as Listener));
      if (name === 'ready' && ready) setTimeout(() => call(name, listener as Listener));
    },
    off(name, listener) {
      if (isEvent(name)) listeners.get(name)?.delete(listener as Listener);
    },
    emit(name, value) {
      if (name === 'ready') ready = true;
      for (const listener of [...(listeners.get(name) ?? [])]) call(name, listener, value);
    },
  };
}

/** What `Parley.on('message', listener)` hears of an agent's reply. */
export interface AgentMessageNotice {
  id: string;
  conversationId: string;
  text: string;
  createdAt: string;
}

/** The frame's notice of an agent's reply, copied field by field; `null` when it is not one. */
export function readMessageNotice(value: unknown): AgentMessageNotice | null {
  const m = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const { id, conversationId, text, createdAt } = m;
  return typeof id === 'string' && typeof conversationId === 'string' && typeof text === 'string' && typeof createdAt === 'string'
    ? { id, conversationId, text, createdAt }
    : null;
}
