/** Entry of `/widget/panel-<hash>.js`, imported by `widget.js` on the visitor's first sign of intent. */
export { mountPanel } from './panel.ts';
