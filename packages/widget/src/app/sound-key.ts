/**
 * The visitor's mute of the reply chime: `parley:<desk>:sound` is `off` in the host page's storage (where the loader
 * plays the chime and reads it), written through the storage bridge by the chat's menu, so only after the chat was
 * opened. No key: the chime is on (when the desk has it on).
 */
export const soundKey = (desk: string): string => `parley:${desk}:sound`;
export const MUTED = 'off';
