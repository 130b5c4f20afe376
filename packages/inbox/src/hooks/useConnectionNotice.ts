/** What the connection bar says: 'lost' while the socket is down, 'back' for a few seconds after it returns. */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ConnectionStatus } from './useAgentSocket.ts';

export type ConnectionNotice = 'lost' | 'back' | null;

export const BACK_NOTICE_MS = 4_000;

export function useConnectionNotice(status: ConnectionStatus): ConnectionNotice {
  const [back, setBack] = useState(false);
  const wasLost = useRef(false);
  useEffect(() => {
    if (status === 'offline') {
      wasLost.current = true;
      setBack(false);
      return undefined;
    }
    if (status !== 'online' || !wasLost.current) return undefined;
    wasLost.current = false;
    setBack(true);
    const timer = setTimeout(() => setBack(false), BACK_NOTICE_MS);
    return () => clearTimeout(timer);
  }, [status]);
  if (status === 'offline') return 'lost';
  return back ? 'back' : null;
}
