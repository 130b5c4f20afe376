#!/usr/bin/env node
// `pnpm parley <command>`: Parley's admin commands (packages/server/src/cli.ts), compiled first when a source changed.
// Build output goes to stderr; stdin is left to the command (a password may be piped in).
import { buildIfStale } from './build.mjs';

buildIfStale({ toStderr: true });
await import('../packages/server/dist/cli.js');
