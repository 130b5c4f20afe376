/**
 * Collision presence: which agents have a ticket open, whether they are looking at it, and whether they are writing
 * on it. Runtime-free (types and constants only) so that the inbox imports it cheaply.
 */

/** `viewing`: the ticket is on screen in a focused tab; `background`: open in a tab that is not in front. */
export type PresenceState = 'viewing' | 'background';
/** What an agent is writing on the ticket, if anything. */
export type Composing = 'reply' | 'note' | null;

export interface AgentPresence {
  agentId: string;
  name: string;
  state: PresenceState;
  composing: Composing;
}

/** Everyone on one ticket, one entry per agent (their tabs merged: viewing wins, a reply wins over a note). */
export interface TicketPresence {
  conversationId: string;
  agents: AgentPresence[];
}

/** The inbox repeats its presence this often; the server forgets a tab that stayed silent for PRESENCE_TTL_MS. */
export const PRESENCE_HEARTBEAT_MS = 3000;
export const PRESENCE_TTL_MS = 8000;
