import { useEffect, useState } from 'preact/hooks';
import { openSoundPref, type SoundPref } from './sound-pref.ts';

/**
 * The chat menu's switch of the reply chime (a checkbox: on unless the visitor muted it). Shown once the host page's
 * storage answered, and only while the desk has the chime on.
 */
export function SoundToggle({ desk, label }: { desk: string; label: string }) {
  const [pref, setPref] = useState<SoundPref | null>(null);
  useEffect(() => {
    let live = true;
    void openSoundPref(desk).then((opened) => live && setPref(opened));
    return () => {
      live = false;
    };
  }, [desk]);
  if (!pref) return null;
  return (
    <label class="sound-toggle">
      <input type="checkbox" checked={!pref.muted} onChange={(event) => setPref(pref.set(!event.currentTarget.checked))} />
      {label}
    </label>
  );
}
