/**
 * The desk's rules (reply policy, routing mode, name): from `/auth/me` at sign-in, then live from `desk.updated`,
 * and read again after a reconnect or a `resync` push (a change may have been missed meanwhile). That read also
 * brings the agent's own account (`onSelf`): preferences changed on another device meanwhile.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AgentSelf } from '@parley/protocol/model';
import type { Socket } from 'socket.io-client';
import { SERVER_EVENTS } from '@parley/protocol/events';
import type { DeskRules } from '@parley/protocol/settings';
import * as api from '../api.ts';
import { deskRulesOf } from '../state/settings-guards.ts';
import { listen, onCatchUp } from '../socket.ts';

export function useDeskRules(socket: Socket, initial: DeskRules, onSelf: (agent: AgentSelf) => void): DeskRules {
  const [rules, setRules] = useState(initial);
  const self = useRef(onSelf);
  self.current = onSelf;
  useEffect(() => {
    let alive = true;
    let connectedBefore = socket.connected;
    const offs = [
      listen(socket, SERVER_EVENTS.deskUpdated, (payload) => {
        const desk = deskRulesOf(payload);
        if (desk) setRules(desk);
      }),
      onCatchUp(socket, (reason) => {
        // The first connection follows the sign-in that brought `initial`.
        if (reason === 'connect' && !connectedBefore) {
          connectedBefore = true;
          return;
        }
        void api.me().then((answer) => {
          if (!alive || !answer.ok) return;
          setRules(answer.desk);
          self.current(answer.agent);
        });
      }),
    ];
    return () => {
      alive = false;
      for (const off of offs) off();
    };
  }, [socket]);
  return rules;
}
