/**
 * Collision presence as the inbox holds it: for every ticket of the desk, the *other* agents who have it open
 * (viewing now or in a background tab) and what they are writing. Fed by `presence.updated` frames and by the
 * `agent:presence-snapshot` answer after every (re)connect; pure, so the merge rules are tested without a socket.
 *
 * Snapshot merge: a frame that arrived while the snapshot was on its way may be newer than the snapshot (the server
 * answers from the board as it was when it read it), so tickets heard about since the request keep their frame and
 * everything else is replaced by the snapshot (a ticket absent from it has nobody on it).
 */
import type { AgentPresence, Composing, PresenceState, TicketPresence } from '@parley/protocol/presence';

export interface PresenceBoard {
  /** The signed-in agent: never shown (their own tabs are on the board too). */
  selfId: string;
  /** Ticket id → the other agents on it (never an empty list: a ticket nobody is on has no entry). */
  tickets: ReadonlyMap<string, readonly AgentPresence[]>;
  /** While a snapshot is requested: the tickets a frame told about since (they keep that frame). */
  since: ReadonlySet<string> | null;
}

export type PresenceAction =
  | { type: 'updated'; ticket: TicketPresence }
  | { type: 'snapshotRequested' }
  | { type: 'snapshot'; tickets: readonly TicketPresence[] }
  /** No snapshot came: the frames keep arriving, the next (re)connect asks again. */
  | { type: 'snapshotFailed' }
  /** Disconnected: what we knew may be stale; the snapshot after the reconnect tells again. */
  | { type: 'reset' };

export function emptyPresence(selfId: string): PresenceBoard {
  return { selfId, tickets: new Map(), since: null };
}

const NOBODY: readonly AgentPresence[] = [];

function others(ticket: TicketPresence, selfId: string): readonly AgentPresence[] {
  return ticket.agents.filter((a) => a.agentId !== selfId);
}

function sameAgents(a: readonly AgentPresence[] | undefined, b: readonly AgentPresence[]): boolean {
  if (!a) return b.length === 0;
  return (
    a.length === b.length &&
    a.every(
      (x, i) => x.agentId === b[i]!.agentId && x.name === b[i]!.name && x.state === b[i]!.state && x.composing === b[i]!.composing,
    )
  );
}

function withTicket(
  tickets: ReadonlyMap<string, readonly AgentPresence[]>,
  conversationId: string,
  agents: readonly AgentPresence[],
): ReadonlyMap<string, readonly AgentPresence[]> {
  if (sameAgents(tickets.get(conversationId), agents)) return tickets;
  const next = new Map(tickets);
  if (agents.length === 0) next.delete(conversationId);
  else next.set(conversationId, agents);
  return next;
}

export function presenceReducer(state: PresenceBoard, action: PresenceAction): PresenceBoard {
  switch (action.type) {
    case 'updated': {
      const { conversationId } = action.ticket;
      const tickets = withTicket(state.tickets, conversationId, others(action.ticket, state.selfId));
      const since = state.since && !state.since.has(conversationId) ? new Set([...state.since, conversationId]) : state.since;
      return tickets === state.tickets && since === state.since ? state : { ...state, tickets, since };
    }
    case 'snapshotRequested':
      return { ...state, since: new Set() };
    case 'snapshot': {
      const since = state.since ?? new Set<string>();
      const tickets = new Map<string, readonly AgentPresence[]>();
      for (const [id, agents] of state.tickets) if (since.has(id)) tickets.set(id, agents);
      for (const ticket of action.tickets) {
        if (since.has(ticket.conversationId)) continue;
        const agents = others(ticket, state.selfId);
        if (agents.length > 0) tickets.set(ticket.conversationId, agents);
      }
      return { ...state, tickets, since: null };
    }
    case 'snapshotFailed':
      return state.since === null ? state : { ...state, since: null };
    case 'reset':
      return state.tickets.size === 0 && state.since === null ? state : emptyPresence(state.selfId);
  }
}

/** The other agents on `conversationId` (sorted as the server sends them: by name). */
export function othersOn(board: PresenceBoard, conversationId: string): readonly AgentPresence[] {
  return board.tickets.get(conversationId) ?? NOBODY;
}

// ── narrowing of untrusted frames ──────────────────────────────────────────────────────────────────────────────

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

const STATES: readonly unknown[] = ['viewing', 'background'] satisfies PresenceState[];
const COMPOSING: readonly unknown[] = ['reply', 'note', null] satisfies Composing[];

function agentPresenceOf(value: unknown): AgentPresence | null {
  if (!isRecord(value)) return null;
  const { agentId, name, state, composing } = value;
  if (typeof agentId !== 'string' || typeof name !== 'string' || !STATES.includes(state)) return null;
  return {
    agentId,
    name,
    state: state as PresenceState,
    composing: COMPOSING.includes(composing ?? null) ? ((composing ?? null) as Composing) : null,
  };
}

/** A `presence.updated` payload (or one entry of a snapshot), if well-formed; malformed agent entries are dropped. */
export function ticketPresenceOf(value: unknown): TicketPresence | null {
  if (!isRecord(value) || typeof value.conversationId !== 'string' || !Array.isArray(value.agents)) return null;
  const agents = value.agents.map(agentPresenceOf).filter((a): a is AgentPresence => a !== null);
  return { conversationId: value.conversationId, agents };
}

/** The `tickets` of an `agent:presence-snapshot` answer (its well-formed entries). */
export function snapshotOf(value: unknown): TicketPresence[] {
  if (!isRecord(value) || !Array.isArray(value.tickets)) return [];
  return value.tickets.map(ticketPresenceOf).filter((t): t is TicketPresence => t !== null);
}

// ── how presence reads ─────────────────────────────────────────────────────────────────────────────────────────

/** What one agent is doing on the ticket, the most telling first: writing beats looking. */
export type Activity = 'replying' | 'note' | 'viewing' | 'background';

export function activityOf(agent: AgentPresence): Activity {
  if (agent.composing === 'reply') return 'replying';
  if (agent.composing === 'note') return 'note';
  return agent.state;
}

/** Agents grouped by activity (in the order of `agents`), in the order the groups are read out. */
export function byActivity(agents: readonly AgentPresence[]): { activity: Activity; names: string[] }[] {
  const order: Activity[] = ['viewing', 'background', 'replying', 'note'];
  return order
    .map((activity) => ({ activity, names: agents.filter((a) => activityOf(a) === activity).map((a) => a.name) }))
    .filter((group) => group.names.length > 0);
}

/** Initials for an avatar: first letters of the first and last word ("Mina Park" → "MP"), else the first letter. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return '?';
  const first = (word: string) => Array.from(word)[0] ?? '';
  const letters = words.length === 1 ? first(words[0]!) : first(words[0]!) + first(words[words.length - 1]!);
  return letters.toLocaleUpperCase();
}

/** A stable avatar colour index for an agent (0 … count-1). */
export function colourIndex(agentId: string, count: number): number {
  let hash = 0;
  for (let i = 0; i < agentId.length; i++) hash = (hash * 31 + agentId.charCodeAt(i)) >>> 0;
  return hash % count;
}
