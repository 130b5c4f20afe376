/**
 * Mirrors of `@parley/protocol` schema limits (not imported: `schemas.ts` pulls zod into the bundle).
 * Keep in step with `MAX_MESSAGE_LENGTH`, `MAX_ATTACHMENTS_PER_MESSAGE` and `MAX_ATTACHMENT_BYTES` there.
 */
export const MAX_MESSAGE_LENGTH = 10_000;
export const MAX_ATTACHMENTS_PER_MESSAGE = 5;
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** How long the widget waits for an acknowledgement before treating a request as lost. */
export const ACK_TIMEOUT_MS = 8_000;
