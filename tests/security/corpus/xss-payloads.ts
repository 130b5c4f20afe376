/**
 * XSS payloads for the browser suite (tests/security/xss.test.ts). Every payload, if the browser ever ran the
 * script it carries, calls a detectable sink with its own id: `__xss(id)` (a binding the test installs in every
 * page and frame), `alert`/`confirm`/`prompt(id)` (any dialog fails the test), or `document.title = 'XSS-id'`.
 *
 * Parley renders message text as text, so the expected rendering of each payload is the payload itself
 * (trimmed, as the server trims message text): the suite compares the rendered text with `expectedText`.
 *
 * Sources: the OWASP XSS filter evasion cheat sheet, PortSwigger's XSS cheat sheet, and the mutation-XSS
 * (namespace confusion) bypasses published against DOMPurify (2019–2024: noscript/style re-parsing,
 * math/mglyph/mtext, svg/foreignObject, form nesting, template, textarea/title raw-text breakouts).
 */

export type PayloadKind =
  | 'html'
  | 'mxss'
  | 'scheme'
  | 'attribute'
  | 'markdown'
  | 'autolink'
  | 'svg'
  | 'filename'
  | 'unicode'
  | 'encoding'
  | 'long';

export interface Payload {
  id: number;
  kind: PayloadKind;
  text: string;
}

const list: Array<[PayloadKind, (id: number) => string]> = [
  // ── classic HTML injection ────────────────────────────────────────────────
  ['html', (id) => `<script>__xss(${id})</script>`],
  ['html', (id) => `<ScRiPt>__xss(${id})</sCrIpT>`],
  ['html', (id) => `<scr<script>ipt>__xss(${id})</scr</script>ipt>`],
  ['html', (id) => `<script src="data:text/javascript,__xss(${id})"></script>`],
  ['html', (id) => `<img src=x onerror=__xss(${id})>`],
  ['html', (id) => `<img src=x onerror=alert(${id})>`],
  ['html', (id) => `<img src=x onerror=confirm(${id})><img src=y onerror=prompt(${id})>`],
  ['html', (id) => `<img src=x onerror="document.title='XSS-${id}'">`],
  ['html', (id) => `<svg onload=__xss(${id})>`],
  ['html', (id) => `<iframe srcdoc="<script>parent.__xss(${id})</script>"></iframe>`],
  ['html', (id) => `<iframe src="javascript:parent.__xss(${id})"></iframe>`],
  ['html', (id) => `<body onload=__xss(${id})>`],
  ['html', (id) => `<details open ontoggle=__xss(${id})>`],
  ['html', (id) => `<input autofocus onfocus=__xss(${id})>`],
  ['html', (id) => `<video><source onerror=__xss(${id})></video>`],
  ['html', (id) => `<object data="javascript:__xss(${id})"></object><embed src="data:text/html,<script>parent.__xss(${id})</script>">`],
  ['html', (id) => `<meta http-equiv="refresh" content="0;url=javascript:__xss(${id})"><base href="javascript:__xss(${id})//">`],
  ['html', (id) => `<div style="background:url(javascript:__xss(${id}))">css</div><style>@import 'javascript:__xss(${id})';</style>`],
  ['html', (id) => `<!--<img src="--><img src=x onerror=__xss(${id})//">`],
  ['html', (id) => `</textarea><script>__xss(${id})</script></title><script>__xss(${id})</script>`],
  ['html', (id) => `<a href="javascript:__xss(${id})" onclick="__xss(${id})">click me</a>`],
  ['html', (id) => `<form action="javascript:__xss(${id})"><button>go</button></form><math><maction actiontype=statusline xlink:href=javascript:__xss(${id})>x</maction></math>`],

  // ── mutation XSS: markup that changes meaning when parsed twice (DOMPurify history) ──
  ['mxss', (id) => `<noscript><p title="</noscript><img src=x onerror=__xss(${id})>">`],
  ['mxss', (id) => `<math><mtext><table><mglyph><style><img src=x onerror=__xss(${id})>`],
  ['mxss', (id) => `<svg></p><style><a id="</style><img src=1 onerror=__xss(${id})>">`],
  ['mxss', (id) => `<math><mi><mglyph><svg><mtext><textarea><path id="</textarea><img onerror=__xss(${id}) src=1>"></textarea></mtext></svg></mglyph></mi></math>`],
  ['mxss', (id) => `<form><math><mtext></form><form><mglyph><style></math><img src onerror=__xss(${id})>`],
  ['mxss', (id) => `<svg><foreignObject><p><style><img src=x onerror=__xss(${id})></style></p></foreignObject></svg>`],
  ['mxss', (id) => `<template><style></template><img src=x onerror=__xss(${id})></style></template>`],
  ['mxss', (id) => `<xmp><p title="</xmp><img src=x onerror=__xss(${id})>">`],
  ['mxss', (id) => `<svg><style><img src=x onerror=__xss(${id})></style></svg><math><style><img src=x onerror=__xss(${id})></style></math>`],

  // ── javascript: and data: links ──────────────────────────────────────────
  ['scheme', (id) => `javascript:__xss(${id})`],
  ['scheme', (id) => `JaVaScRiPt:__xss(${id})`],
  ['scheme', (id) => `java\tscript:__xss(${id})`],
  ['scheme', (id) => `&#106;avascript:__xss(${id}) and &#x6A;&#x61;vascript&colon;__xss(${id})`],
  ['scheme', (id) => `data:text/html;base64,${Buffer.from(`<script>parent.__xss(${id})</script>`).toString('base64')}`],
  ['scheme', (id) => `data:text/html,<script>parent.__xss(${id})</script>`],
  ['scheme', (id) => `vbscript:__xss(${id}) livescript:__xss(${id}) \u0001javascript:__xss(${id})`],

  // ── attribute breakouts ───────────────────────────────────────────────────
  ['attribute', (id) => `"><img src=x onerror=__xss(${id})>`],
  ['attribute', (id) => `'><svg onload=__xss(${id})>`],
  ['attribute', (id) => `' onmouseover='__xss(${id})' x='`],
  ['attribute', (id) => `" autofocus onfocus="__xss(${id})" x="`],
  ['attribute', (id) => `\`onmouseover=__xss(${id})\` ${'${'}__xss(${id})} {{constructor.constructor('__xss(${id})')()}}`],

  // ── markdown-style links ──────────────────────────────────────────────────
  ['markdown', (id) => `[click here](javascript:__xss(${id}))`],
  ['markdown', (id) => `[https://example.com](javascript:__xss(${id})) ![img](x" onerror="__xss(${id}))`],
  ['markdown', (id) => `<javascript:__xss(${id})> [a]: javascript:__xss(${id})`],

  // ── URLs the inbox auto-linker sees ───────────────────────────────────────
  ['autolink', (id) => `see https://example.com/"onmouseover="__xss(${id})" for details`],
  ['autolink', (id) => `https://example.com/'onmouseover='__xss(${id})'`],
  ['autolink', (id) => `https://bank.example@evil.example/login?${id}"><img src=x onerror=__xss(${id})>`],
  ['autolink', (id) => `https://x/?q=<script>__xss(${id})</script>`],
  ['autolink', (id) => `https://example.com/</a><img src=x onerror=__xss(${id})>`],
  ['autolink', (id) => `https://example.com/%22%3E%3Cscript%3E__xss(${id})%3C/script%3E`],
  ['autolink', (id) => `https://example.com/#javascript:__xss(${id}) (and HTTPS://EXAMPLE.COM/upper?${id}).`],
  ['autolink', (id) => `http://javascript:__xss(${id})// https://javascript:__xss(${id})`],
  ['autolink', (id) => `https://example.com/\\"onmouseover=__xss(${id})`],
  ['autolink', (id) => `mailto:victim@example.com?body=<script>__xss(${id})</script> and https://example.com/?a=1&b=${id}#frag`],

  // ── SVG and HTML as "attachments" ─────────────────────────────────────────
  ['svg', (id) => `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="__xss(${id})"><script>__xss(${id})</script></svg>`],
  ['svg', (id) => `<svg><a xlink:href="javascript:__xss(${id})"><text x="20" y="20">click</text></a></svg>`],
  ['svg', (id) => `<svg><animate onbegin=__xss(${id}) attributeName=x dur=1s><set attributeName=href to="javascript:__xss(${id})"/></svg>`],
  ['svg', (id) => `<!doctype html><html><head><script>__xss(${id})</script></head><body onload="__xss(${id})"></body></html>`],

  // ── hostile file names ────────────────────────────────────────────────────
  ['filename', (id) => `"><img src=x onerror=__xss(${id})>.png`],
  ['filename', (id) => `../../etc/passwd<svg onload=__xss(${id})>.svg`],
  ['filename', (id) => `invoice-${id}\u202Egpj.exe<svg onload=__xss(${id})>.svg`],

  // ── unicode tricks ────────────────────────────────────────────────────────
  ['unicode', (id) => `\u202E<img src=x onerror=__xss(${id})>\u202C \u2066<svg onload=__xss(${id})>\u2069`],
  ['unicode', (id) => `java\u200Bscript:__xss(${id}) https://exa\u200Bmple.com/${id} https://\u0435xample.com/${id}`],
  ['unicode', (id) => `\uFF1Cscript\uFF1E__xss(${id})\uFF1C/script\uFF1E \u3008img src=x onerror=__xss(${id})\u3009`],
  ['unicode', (id) => `https://example.com/\u202Eevil.exe?${id} https://example.com에서<img src=x onerror=__xss(${id})>`],
  ['unicode', (id) => `line one ${id}\n<script>__xss(${id})</script>\r\n<img src=x\nonerror=__xss(${id})>`],

  // ── encodings that must not be decoded ────────────────────────────────────
  ['encoding', (id) => `&lt;script&gt;__xss(${id})&lt;/script&gt; &amp;lt;img src=x onerror=__xss(${id})&amp;gt;`],
  ['encoding', (id) => `\\u003cimg src=x onerror=__xss(${id})\\u003e %3Cscript%3E__xss(${id})%3C/script%3E`],
  ['encoding', (id) => `<img src=x o\u0000nerror=__xss(${id})> <scr\u0000ipt>__xss(${id})</script>`],

  // ── very long strings ─────────────────────────────────────────────────────
  ['long', (id) => `${'A'.repeat(8_000)}<img src=x onerror=__xss(${id})>${'<svg onload=__xss(' + id + ')>'.repeat(40)}`],
  ['long', (id) => `https://example.com/${'a'.repeat(4_000)}"onmouseover="__xss(${id})" ${'<b>'.repeat(500)}`],
];

/** The corpus: ids 1..n in order. */
export const PAYLOADS: readonly Payload[] = list.map(([kind, make], i) => ({ id: i + 1, kind, text: make(i + 1) }));

/** What the server stores and every view must show for a payload (message text is trimmed, nothing else). */
export const expectedText = (p: Payload): string => p.text.trim();

/** Short payloads cheap to type into the real widget and inbox composers (their text is also in PAYLOADS). */
export const TYPED_IDS: readonly number[] = [1, 5, 9, 23, 33, 48];

/** A hostile agent display name (≤100 characters): shown as the author in both the inbox and the widget. */
export const HOSTILE_AGENT_NAME = `"><img src=x onerror=__xss(900)><svg onload=alert(900)>`;

// ── hostile files (attachments) ─────────────────────────────────────────────

/** A 1×1 PNG: the server detects it as `image/png`, so the views show it as an `<img>` thumbnail. */
export const PNG_1x1 = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a7d1a2d60000000049454e44ae426082',
  'hex',
);

export interface HostileFile {
  id: number;
  /** The file name as the client sends it (the server replaces `/`, `\`, controls and bidi overrides). */
  name: string;
  mimeType: string;
  body: Buffer;
}

const html = (id: number) =>
  Buffer.from(`<!doctype html><script>parent.__xss(${id});opener&&opener.__xss(${id});document.title='XSS-${id}'</script><img src=x onerror="parent.__xss(${id})">`);
const svg = (id: number) =>
  Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" onload="parent.__xss(${id})"><script>parent.__xss(${id})</script>` +
      `<a href="javascript:parent.__xss(${id})"><text y="20">x</text></a></svg>`,
  );

/** Sent over the API, five to a message (the limit), by the visitor and by an agent. */
export const HOSTILE_FILES: readonly HostileFile[] = [
  { id: 201, name: `"><img src=x onerror=__xss(201)>.html`, mimeType: 'text/html', body: html(201) },
  { id: 202, name: `<svg onload=__xss(202)>logo.svg`, mimeType: 'image/svg+xml', body: svg(202) },
  { id: 203, name: `x" onerror="__xss(203)" alt="screenshot.png`, mimeType: 'image/png', body: PNG_1x1 },
  { id: 204, name: `javascript:__xss(204)//.pdf`, mimeType: 'application/pdf', body: Buffer.from('%PDF-1.7 <script>__xss(204)</script>') },
  { id: 205, name: `invoice\u202Egpj.exe<svg onload=__xss(205)>..\\..\\evil.js`, mimeType: 'text/javascript', body: Buffer.from('__xss(205)') },
];

/** Picked in the real widget's file chooser. */
export const WIDGET_FILE: HostileFile = { id: 206, name: `<img src=x onerror=alert(206)>.svg`, mimeType: 'image/svg+xml', body: svg(206) };

/** Picked in the real inbox composer's file chooser. */
export const INBOX_FILE: HostileFile = { id: 207, name: `'><svg onload=__xss(207)>.html`, mimeType: 'text/html', body: html(207) };
