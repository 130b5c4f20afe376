#!/usr/bin/env node
// `pnpm start`: builds when a source changed since the last build (or nothing was built yet), then runs the compiled
// server in this process with plain node. In production run `node packages/server/dist/main.js` after `pnpm build`.
import { buildIfStale } from './build.mjs';

buildIfStale();
await import('../packages/server/dist/main.js');
