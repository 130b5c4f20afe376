/** The selected ticket id, mirrored in the URL hash so reload and Back/Forward keep it. */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { hashForTicket, ticketFromHash } from '../route.ts';

export function useHashTicket(): [string | null, (id: string | null) => void] {
  const [id, setId] = useState<string | null>(() => ticketFromHash(location.hash));
  useEffect(() => {
    // Only route hashes (or none) select; other fragments (in-page links) leave the ticket open.
    const onHash = () => {
      if (location.hash === '' || ticketFromHash(location.hash) !== null) setId(ticketFromHash(location.hash));
    };
    addEventListener('hashchange', onHash);
    addEventListener('popstate', onHash);
    return () => {
      removeEventListener('hashchange', onHash);
      removeEventListener('popstate', onHash);
    };
  }, []);
  const select = useCallback((next: string | null) => {
    setId(next);
    const hash = hashForTicket(next);
    if (location.hash !== hash) history.pushState(null, '', hash || location.pathname + location.search);
  }, []);
  return [id, select];
}
