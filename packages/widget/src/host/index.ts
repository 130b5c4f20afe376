/** Entry of `/widget/host-<hash>.js`, imported by the panel chunk when it mounts (never needed for the chat's first paint). */
export { mountHost } from './host.ts';
