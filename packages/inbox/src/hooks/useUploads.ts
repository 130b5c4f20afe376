/**
 * The composer's uploads in flight: checks picked files against the limits, uploads the accepted ones in
 * parallel, and hands every stored file to `onUploaded`. Problems (refused or failed files) are kept until the
 * next pick, for the composer to show. Removing a chip in flight aborts its upload.
 */
import { useCallback, useRef, useState } from 'preact/hooks';
import type { AttachmentRef } from '@parley/protocol/model';
import { checkFiles, type AttachProblem } from '../state/attachments.ts';
import { uploadAttachment } from '../upload.ts';

export interface PendingUpload {
  key: number;
  name: string;
  size: number;
}

export interface Uploads {
  pending: PendingUpload[];
  problems: AttachProblem[];
  /** Upload `files` for a draft that already carries `attached` files. */
  add: (files: readonly File[], attached: number) => void;
  cancel: (key: number) => void;
  /** How many uploads are unfinished right now (also before the next render shows them). */
  inFlight: () => number;
  /** Replace the shown problems (`[]` clears them). */
  report: (problems: AttachProblem[]) => void;
}

export function useUploads(onUploaded: (ref: AttachmentRef) => void): Uploads {
  const [pending, setPending] = useState<PendingUpload[]>([]);
  const [problems, setProblems] = useState<AttachProblem[]>([]);
  const inFlight = useRef(new Map<number, AbortController>());
  const nextKey = useRef(0);
  const done = useRef(onUploaded);
  done.current = onUploaded;

  const add = useCallback((files: readonly File[], attached: number) => {
    const checked = checkFiles(files, attached + inFlight.current.size);
    setProblems(checked.problems);
    for (const file of checked.accepted) {
      const key = ++nextKey.current;
      const controller = new AbortController();
      inFlight.current.set(key, controller);
      setPending((list) => [...list, { key, name: file.name, size: file.size }]);
      void uploadAttachment(file, { signal: controller.signal }).then((answer) => {
        if (controller.signal.aborted) return; // removed by the agent meanwhile
        inFlight.current.delete(key);
        setPending((list) => list.filter((u) => u.key !== key));
        if (answer.ok) done.current(answer.attachment);
        else setProblems((list) => [...list, { kind: 'failed', name: file.name, error: answer.error }]);
      });
    }
  }, []);

  const cancel = useCallback((key: number) => {
    inFlight.current.get(key)?.abort();
    inFlight.current.delete(key);
    setPending((list) => list.filter((u) => u.key !== key));
  }, []);

  const count = useCallback(() => inFlight.current.size, []);

  return { pending, problems, add, cancel, inFlight: count, report: setProblems };
}
