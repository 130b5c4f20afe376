import type { LoaderOptions } from './loader-options.ts';
import { frameHash } from '../app/frame-params.ts';

/** The chat app's iframe, created on first open: `BASE/widget/frame.html#desk=...&locale=...`. */
export function createChatFrame(doc: Document, options: LoaderOptions, title: string): HTMLIFrameElement {
  const frame = doc.createElement('iframe');
  frame.className = 'p';
  frame.id = 'f';
  frame.title = title;
  // The frame learns the host page's origin (to address its messages) without the page's path.
  frame.referrerPolicy = 'origin';
  frame.src = `${options.base}/widget/frame.html${frameHash(options)}`;
  return frame;
}
