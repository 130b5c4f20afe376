import { frameHash, type FrameParams } from '../app/frame-params.ts';

/** The chat app's iframe: `BASE/widget/frame.html#desk=...&locale=...`. */
export function createChatFrame(doc: Document, params: FrameParams, base: string, title: string): HTMLIFrameElement {
  const frame = doc.createElement('iframe');
  frame.className = 'p';
  frame.id = 'f';
  frame.title = title;
  // The frame learns the host page's origin (to address its messages) without the page's path.
  frame.referrerPolicy = 'origin';
  frame.src = `${base}/widget/frame.html${frameHash(params)}`;
  return frame;
}
