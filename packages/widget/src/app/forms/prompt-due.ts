import type { Message } from '@parley/protocol';

/** After the visitor's first message, nobody answering for this long brings the e-mail prompt. */
export const PROMPT_AFTER_MS = 60_000;

/**
 * When the e-mail prompt is due for a conversation (ms since epoch, on the server's clock as the messages carry it),
 * or null: no visitor message yet, or an agent has answered.
 */
export function promptDueAt(messages: readonly Pick<Message, 'type' | 'createdAt'>[]): number | null {
  if (messages.some((m) => m.type === 'agent')) return null;
  const first = messages.find((m) => m.type === 'visitor');
  return first ? Date.parse(first.createdAt) + PROMPT_AFTER_MS : null;
}
