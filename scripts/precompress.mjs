// Pre-compresses a built front-end for the server (packages/server/src/http/precompressed.ts): next to every text
// asset, `<file>.br` (brotli, best quality) and `<file>.gz` (gzip, level 9), each only when smaller than the file.
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|json|txt|map|webmanifest)$/;

/** Compresses every compressible file under `dir` (recursively); stale `.br` / `.gz` files are replaced. */
export function precompress(dir) {
  for (const entry of readdirSync(dir)) {
    const file = path.join(dir, entry);
    if (statSync(file).isDirectory()) {
      precompress(file);
      continue;
    }
    if (!COMPRESSIBLE.test(entry)) continue;
    const bytes = readFileSync(file);
    const variants = {
      '.br': brotliCompressSync(bytes, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
      }),
      '.gz': gzipSync(bytes, { level: 9 }),
    };
    for (const [suffix, compressed] of Object.entries(variants)) {
      if (compressed.length < bytes.length) writeFileSync(file + suffix, compressed);
      else rmSync(file + suffix, { force: true });
    }
  }
}
