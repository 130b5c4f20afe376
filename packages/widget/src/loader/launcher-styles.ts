/** Styles inside the launcher's shadow root, where host-page CSS cannot reach. (`+` is folded by esbuild.) */
export const LAUNCHER_CSS =
  '.l,.p{position:fixed;right:20px;z-index:2147483000;border:0}' +
  '.l{bottom:20px;width:56px;height:56px;padding:0;border-radius:50%;background:#1f5fbf;color:#fff;cursor:pointer;' +
  'display:flex;align-items:center;justify-content:center;box-shadow:0 4px 14px #0004}' +
  '.l:focus-visible{outline:3px solid #f2a900;outline-offset:3px}' +
  'svg{width:28px;height:28px;fill:currentColor}' +
  '.b{position:fixed;right:14px;bottom:58px;z-index:2147483001;min-width:10px;height:22px;padding:0 6px;' +
  'border-radius:11px;background:#c62828;color:#fff;font:700 12px/22px system-ui,sans-serif;text-align:center;' +
  'pointer-events:none}' +
  '.p{bottom:88px;width:370px;height:560px;max-width:calc(100vw - 40px);max-height:calc(100vh - 108px);' +
  'border-radius:12px;background:#fff;box-shadow:0 8px 32px #0004}' +
  '[hidden]{display:none!important}' +
  '.s{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}' +
  '@media (max-width:480px),(max-height:600px){.p{right:0;bottom:0;width:100%;height:100%;max-width:none;' +
  'max-height:none;border-radius:0}.o .l,.o .b{display:none}}';
