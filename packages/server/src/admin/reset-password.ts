import { hashPassword } from '../lib/password.ts';
import type { Store } from '../store/port.ts';

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 1024;

export class AdminCommandError extends Error {
  override name = 'AdminCommandError';
}

/** Why `password` cannot be an agent's password (the rules of ADMIN_PASSWORD and of new agents), or null. */
export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `the password must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `the password must be at most ${MAX_PASSWORD_LENGTH} characters`;
  return null;
}

export interface PasswordReset {
  agentId: string;
  email: string;
  /** Sessions of the agent that were deleted: every device signs in again with the new password. */
  sessionsRevoked: number;
}

/**
 * Gives the agent with `email` on `deskId` a new password and revokes every session the agent had. Throws an
 * AdminCommandError (with a message for the operator, never the password) when there is no such agent or the
 * password breaks the rules.
 */
export async function resetPassword(store: Store, deskId: string, email: string, password: string): Promise<PasswordReset> {
  const problem = passwordProblem(password);
  if (problem) throw new AdminCommandError(problem);
  const address = email.trim().toLowerCase();
  const agent = await store.findAgentByEmail(deskId, address);
  if (!agent) {
    const known = (await store.listAgents(deskId)).map((a) => a.email);
    const hint = known.length ? `agents on this desk: ${known.join(', ')}` : 'this desk has no agents yet (start Parley once to create the first admin)';
    throw new AdminCommandError(`no agent with the e-mail ${address} on desk "${deskId}" (${hint})`);
  }
  if (!(await store.setAgentPassword(agent.id, await hashPassword(password)))) {
    throw new AdminCommandError(`the agent ${address} disappeared while its password was being reset`);
  }
  const sessionsRevoked = await store.deleteAgentSessions(agent.id);
  return { agentId: agent.id, email: address, sessionsRevoked };
}
