/**
 * Styles inside the launcher's shadow root, where host-page CSS cannot reach. (`+` is folded by esbuild.) The badge's
 * rules come with the host chunk, the panel's with its chunk.
 */
export const LAUNCHER_CSS =
  '.l{position:fixed;right:20px;bottom:20px;z-index:2147483000;width:56px;height:56px;border:0;border-radius:50%;' +
  'background:#1f5fbf;color:#fff;cursor:pointer;box-shadow:0 4px 14px #0004}' +
  '.l:focus-visible{outline:3px solid #f2a900;outline-offset:3px}' +
  'svg{width:28px;fill:currentColor}';
