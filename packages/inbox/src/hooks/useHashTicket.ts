/** The selected ticket id, mirrored in the URL hash so reload and Back/Forward keep it. */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { navigate, onRouteChange } from '../navigate.ts';
import { hashForTicket, ticketFromHash } from '../route.ts';

export function useHashTicket(): [string | null, (id: string | null) => void] {
  const [id, setId] = useState<string | null>(() => ticketFromHash(location.hash));
  // Only route hashes (or none) select; other fragments (in-page links) and the settings leave the ticket open.
  useEffect(
    () =>
      onRouteChange(() => {
        if (location.hash === '' || ticketFromHash(location.hash) !== null) setId(ticketFromHash(location.hash));
      }),
    [],
  );
  // Choosing a ticket also leaves the settings (a notification chosen there opens its ticket).
  const select = useCallback((next: string | null) => {
    setId(next);
    navigate(hashForTicket(next));
  }, []);
  return [id, select];
}
