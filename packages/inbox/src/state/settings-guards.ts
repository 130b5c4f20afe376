/** Narrowing of the settings' socket pushes (`desk.updated`, `agent.updated`) before they reach state. */
import type { AgentProfile } from '@parley/protocol/model';
import type { DeskRules, ReplyPolicy, RoutingMode } from '@parley/protocol/settings';
import { isAgentProfile } from './guards.ts';

const POLICIES: readonly ReplyPolicy[] = ['warn', 'block', 'allow'];
const MODES: readonly RoutingMode[] = ['manual', 'round_robin', 'least_loaded'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export function isDeskRules(value: unknown): value is DeskRules {
  return (
    isRecord(value) &&
    typeof value.name === 'string' &&
    POLICIES.some((p) => p === value.replyPolicy) &&
    MODES.some((m) => m === value.routingMode)
  );
}

/** `payload.desk` of a `desk.updated` push, if well-formed. */
export function deskRulesOf(payload: unknown): DeskRules | null {
  return isRecord(payload) && isDeskRules(payload.desk) ? payload.desk : null;
}

/** `payload.agent` of an `agent.updated` push, if well-formed. */
export function agentUpdateOf(payload: unknown): AgentProfile | null {
  return isRecord(payload) && isAgentProfile(payload.agent) ? payload.agent : null;
}
