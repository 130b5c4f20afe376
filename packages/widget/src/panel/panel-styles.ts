/** Where the open chat fills the screen (a phone, a short window): there it is a modal dialog (panel.ts). */
export const FULL_SCREEN = '(max-width:480px),(max-height:600px)';

/**
 * The chat frame's styles, added to the launcher's shadow root when the panel chunk loads. Full screen on a small
 * viewport says `:host .p`: it outweighs the desk's side (`src/loader/look.ts`), added before it.
 */
export const PANEL_CSS =
  '.p{position:fixed;right:20px;bottom:88px;z-index:2147483000;border:0;width:370px;height:560px;' +
  'max-width:calc(100vw - 40px);max-height:calc(100vh - 108px);border-radius:12px;background:#fff;' +
  'box-shadow:0 8px 32px #0004;color:#5b6475}' +
  // the loading status over the frame, as the chat's (app.css `.loading`), in the desk's colour (panel.ts)
  '.w{margin:0;box-sizing:border-box;border-top:60px solid;display:grid;place-items:center;font:15px sans-serif}' +
  '.p[hidden]+.w{display:none}' +
  // the frame's background (and the loading status's text) while the chat loads, as the chat's own (app.css) in a dark system
  '@media (prefers-color-scheme:dark){.p{background:#1c1f26;color:#a3abb9}}' +
  '[hidden]{display:none!important}' +
  // The full-screen chat, a modal dialog (panel.ts): the dialog covers the screen, as its frame does, and the focus
  // guards either side of the frame are there only then.
  '[aria-modal]{position:fixed;inset:0;z-index:2147483000}:not([aria-modal])>i{display:none}' +
  '@media ' + FULL_SCREEN + '{:host .p{left:0;right:0;bottom:0;width:100%;height:100%;max-width:none;' +
  'max-height:none;border-radius:0}.o .l{display:none}}';
