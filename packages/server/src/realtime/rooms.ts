/** Room names are made here only; clients never name a room. */
export const rooms = {
  /** Every agent socket of a desk: list updates. */
  desk: (deskId: string) => `desk:${deskId}`,
  /** Agent sockets that have a ticket open: its timeline, notes included. */
  ticket: (conversationId: string) => `ticket:${conversationId}`,
  /** All tabs of one visitor. */
  visitor: (contactId: string) => `visitor:${contactId}`,
  /** All sockets of one agent, every session (deactivation, password reset). */
  agent: (agentId: string) => `agent:${agentId}`,
  /** All sockets of one agent session (for revocation). */
  session: (tokenHash: string) => `session:${tokenHash}`,
};
