import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A shop's own web server: the page that embeds the widget, on 127.0.0.1 while Parley is named `localhost` (another site). */
export interface ShopSite {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  origin: string;
  close(): Promise<void>;
}

/** Serves `page(request)` as HTML on every path, with `headers` added (a Content-Security-Policy, say). */
export async function startShopSite(page: (request: IncomingMessage) => string, headers: Record<string, string> = {}): Promise<ShopSite> {
  const server = createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers });
    response.end(page(request));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Parley's URL as a shop's page names it: `localhost`, another site than the shop's 127.0.0.1. */
export const asOtherSite = (parleyUrl: string): string => parleyUrl.replace('127.0.0.1', 'localhost');
