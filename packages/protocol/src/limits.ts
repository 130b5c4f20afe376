/** Size limits shared by server and clients. Zod-free so the widget and the inbox can import them cheaply. */
export const MAX_MESSAGE_LENGTH = 10_000;
export const MAX_ATTACHMENTS_PER_MESSAGE = 5;
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/**
 * The visitor's typing preview (a desk setting, off by default): at most this many characters of the unsent draft go
 * to agents with the typing signal, never stored. The widget sends its last characters; the server cuts a longer one.
 */
export const MAX_TYPING_PREVIEW = 200;

/** Longest text of a ticket search (`agent:conversations`). */
export const MAX_SEARCH_LENGTH = 200;
