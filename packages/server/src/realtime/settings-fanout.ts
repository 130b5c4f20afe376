import { NAMESPACES, SERVER_EVENTS } from '@parley/protocol';
import type { Server } from 'socket.io';
import { toProfile } from '../services/agent-auth.ts';
import type { ServiceDeps } from '../services/deps.ts';
import { toTeam } from '../services/teams.ts';
import { publicDeskConfig } from '../services/desk-public.ts';
import { rooms } from './rooms.ts';

/** Between nodes (through the Redis adapter): "the desk's settings changed, read them again". */
const DESK_CHANGED = 'parley:desk-changed';

/**
 * Settings apply live: the node where an admin saved them tells the other nodes; every node, once it holds the new
 * version, tells its own agents (the rules) and visitors (the widget's look). Account changes go to the desk's agents.
 */
export function wireSettingsFanout(io: Server, deps: ServiceDeps, opts: { peers: boolean }): () => void {
  const agents = io.of(NAMESPACES.agent);
  const visitors = io.of(NAMESPACES.visitor);
  const onPeer = (): void => void deps.desk.refresh();
  // The widget's config names teams (the pre-chat form's choice): a renamed team reaches open chats too.
  const tellVisitors = (): void => {
    publicDeskConfig(deps).then(
      (desk) => visitors.local.emit(SERVER_EVENTS.deskConfig, { desk }),
      (err: unknown) => deps.log.warn({ err }, 'telling visitors about a settings change failed'),
    );
  };
  io.on(DESK_CHANGED, onPeer);
  const offs = [
    deps.desk.onChange((desk) => {
      agents.local.to(rooms.desk(desk.id)).emit(SERVER_EVENTS.deskUpdated, { desk: deps.desk.rules() });
      tellVisitors();
    }),
    // Without Redis there are no other nodes (and the in-memory adapter refuses server-side emits).
    deps.bus.on('desk.changed', () => opts.peers && io.serverSideEmit(DESK_CHANGED)),
    deps.bus.on('agent.changed', ({ deskId, agentId }) => {
      deps.store.getAgent(agentId).then(
        (agent) => agent && agents.to(rooms.desk(deskId)).emit(SERVER_EVENTS.agentUpdated, { agent: toProfile(agent) }),
        (err: unknown) => deps.log.warn({ err }, 'telling agents about an account change failed'),
      );
    }),
    deps.bus.on('team.changed', ({ deskId, teamId }) => {
      if (deps.desk.current.settings.forms.preChat.teamIds.includes(teamId)) tellVisitors();
      deps.store.getTeam(teamId).then(
        (team) => team && agents.to(rooms.desk(deskId)).emit(SERVER_EVENTS.teamUpdated, { team: toTeam(team) }),
        (err: unknown) => deps.log.warn({ err }, 'telling agents about a team change failed'),
      );
    }),
  ];
  return () => {
    io.off(DESK_CHANGED, onPeer);
    offs.forEach((off) => off());
  };
}
