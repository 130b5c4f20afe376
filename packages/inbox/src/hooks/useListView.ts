/** The list's view (tab, filters, search); the chosen queue tab is remembered across reloads, the rest is not. */
import { useCallback, useState } from 'preact/hooks';
import { PREF_QUEUE, readPref, writePref } from '../prefs.ts';
import { QUEUES } from '../state/conversations.ts';
import { defaultView, type ListView } from '../state/list-view.ts';

function storedView(): ListView {
  const value = readPref(PREF_QUEUE);
  return defaultView(QUEUES.find((q) => q === value) ?? 'all');
}

export function useListView(): [ListView, (view: ListView) => void] {
  const [view, setView] = useState<ListView>(storedView);
  const choose = useCallback((next: ListView) => {
    if (next.teamId === null) writePref(PREF_QUEUE, next.queue);
    setView(next);
  }, []);
  return [view, choose];
}
