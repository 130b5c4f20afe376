/**
 * Counts agent messages that arrive while nobody is looking (page hidden or panel closed) and reports the
 * count to the host page's launcher badge; back to 0 as soon as the chat is looked at again, or `read` elsewhere.
 */
export interface UnreadCounter {
  agentMessage(): void;
  setAttended(attended: boolean): void;
  /** The visitor read them in another tab. */
  read(): void;
}

export function createUnreadCounter(report: (count: number) => void, attended = true): UnreadCounter {
  let count = 0;
  const read = (): void => {
    if (count) report((count = 0));
  };
  return {
    agentMessage() {
      if (!attended) report(++count);
    },
    setAttended(value) {
      attended = value;
      if (value) read();
    },
    read,
  };
}
