/** Mirrors `MAX_MESSAGE_LENGTH` of `@parley/protocol` schemas (not imported: that module pulls zod in). */
export const MAX_MESSAGE_LENGTH = 10_000;

/** How long the widget waits for an acknowledgement before treating a request as lost. */
export const ACK_TIMEOUT_MS = 8_000;
