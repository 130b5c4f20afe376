/** The protocol's limits, from its zod-free entry point. */
export { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS_PER_MESSAGE, MAX_MESSAGE_LENGTH } from '@parley/protocol/limits';

/** How long the widget waits for an acknowledgement before treating a request as lost. */
export const ACK_TIMEOUT_MS = 8_000;
