import { EventEmitter } from 'node:events';
import type { Contact, ContactName, ContactVisit } from '@parley/protocol';
import type { AgentRecord } from '../store/types.ts';

/** Signals between parts of this node that are not domain events (those go through the event log and the outbox). */
export interface BusEvents {
  'session.revoked': { agentId: string; tokenHash: string };
  /** Every session of an agent ended (deactivated, password reset): their sockets on every node close. */
  'agent.sessions_revoked': { agentId: string };
  /** This node changed the desk's settings: other nodes re-read them, agents and widgets get the new ones. */
  'desk.changed': { deskId: string };
  /** An account changed (name, role, availability, ...): agents' directories update, its open sockets take it. */
  'agent.changed': { deskId: string; agentId: string; agent: AgentRecord };
  /** An agent's tab connected or went away on this node (routing looks again). */
  'agent.connection': { deskId: string; agentId: string };
  /** A team was created or changed: agents' team lists update. */
  'team.changed': { deskId: string; teamId: string };
  /** A visitor's page, zone or site attributes changed: the agents with their open ticket see it. */
  'contact.visit': { contactId: string; visit: ContactVisit; conversationId: string | null };
  /** A visitor changed their own details (a widget form): the agents with their open ticket see the contact as it is now. */
  'contact.updated': { contact: Contact; conversationId: string };
  /** A contact's name or e-mail changed (by an agent or by the visitor): every agent's ticket list names it anew. */
  'contact.named': { deskId: string; contact: ContactName };
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
