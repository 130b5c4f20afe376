/** Types of bundle.mjs for the size test. */
export declare const BUDGETS: { readonly loader: number; readonly firstPaint: number; readonly host: number; readonly live: number };
export interface BuiltFile {
  name: string;
  raw: number;
  gzip: number;
}
export interface BuildSizes {
  files: BuiltFile[];
  /** widget.js, gzipped. */
  loader: number;
  /** The panel chunk, frame.html and the app's JS and CSS, each gzipped, summed. */
  firstPaint: number;
  /** The host chunk (the JavaScript API's events, page tracking, the badge), gzipped. */
  host: number;
  /** The live replies chunk (a returning visitor's pages while the chat is closed), gzipped. */
  live: number;
}
export declare function buildWidget(dist: string): Promise<BuildSizes>;
export declare function measureWidget(): Promise<BuildSizes>;
