import { EventEmitter } from 'node:events';
import type { Conversation, Message } from '@parley/protocol';

/** Domain events: services emit them after the durable write; listeners (realtime fan-out, later webhooks, mail) react. */
export interface BusEvents {
  'conversation.created': { conversation: Conversation };
  'conversation.updated': { conversation: Conversation; changes: string[] };
  'message.created': { message: Message; conversation: Conversation };
  'session.revoked': { agentId: string; tokenHash: string };
}

export class Bus {
  private readonly emitter = new EventEmitter({ captureRejections: true });

  constructor() {
    this.emitter.setMaxListeners(50);
  }

  emit<K extends keyof BusEvents>(event: K, payload: BusEvents[K]): void {
    this.emitter.emit(event, payload);
  }

  on<K extends keyof BusEvents>(event: K, listener: (payload: BusEvents[K]) => void): () => void {
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }
}
