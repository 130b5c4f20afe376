/** The composer's Signature toggle of the signed-in agent, remembered in this browser (state/signature.ts). */
import { useCallback, useState } from 'preact/hooks';
import { readPref, writePref } from '../prefs.ts';
import { signatureOn, signaturePrefKey, storedSignature } from '../state/signature.ts';

export function useSignatureToggle(agentId: string): [boolean, (on: boolean) => void] {
  const [on, setOn] = useState(() => signatureOn(readPref(signaturePrefKey(agentId))));
  const change = useCallback(
    (next: boolean) => {
      writePref(signaturePrefKey(agentId), storedSignature(next));
      setOn(next);
    },
    [agentId],
  );
  return [on, change];
}
