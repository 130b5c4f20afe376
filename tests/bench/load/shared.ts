/** Names shared by the server under test (server-under-test.ts) and the bench process. No side effects. */

/** What the server-under-test child tells its parent over IPC. */
export type ChildMessage = { type: 'ready'; port: number; detail: string } | { type: 'failed'; error: string };

/** The bare relay's namespaces, events and rooms (used by server-under-test.ts and rigs.ts). */
export const BARE = {
  visitorNs: '/visitor',
  agentNs: '/agent',
  /** visitor → server, acked with {ok:true}: the server emits the payload to the ticket's agent room. */
  send: 'msg',
  /** agent → server, acked with {ok:true}: joins the ticket's room. */
  open: 'open',
  room: (ticket: string) => `ticket:${ticket}`,
} as const;
