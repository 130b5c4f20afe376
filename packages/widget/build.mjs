// Builds the widget into dist/ (see bundle.mjs), pre-compresses it for the server (.br, .gz) and prints every file's
// size, and the budgets. Usage: node build.mjs  (pnpm --filter @parley/widget build)
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { precompress } from '../../scripts/precompress.mjs';
import { BUDGETS, buildWidget } from './bundle.mjs';

const dist = join(dirname(fileURLToPath(import.meta.url)), 'dist');
const { files, loader, firstPaint, host, live } = await buildWidget(dist);
precompress(dist);

const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;
console.log('file                    raw       gzip');
for (const file of files) console.log(`${file.name.padEnd(20)}  ${kb(file.raw).padStart(9)}  ${kb(file.gzip).padStart(9)}`);
for (const [label, size, budget] of [
  ['loader (widget.js)', loader, BUDGETS.loader],
  ['first paint of the panel (panel chunk, frame.html, app JS + CSS)', firstPaint, BUDGETS.firstPaint],
  ['host chunk (API events, page tracking, badge)', host, BUDGETS.host],
  ['live replies chunk (a returning visitor, chat closed)', live, BUDGETS.live],
]) {
  if (size > budget) console.warn(`warning: ${label} is ${kb(size)} gzipped, over its ${kb(budget)} budget`);
  else console.log(`${label}: ${kb(size)} gzipped, within its ${kb(budget)} budget`);
}

