// Starts a TypeScript worker when Parley runs from its sources (tsx, vitest): tsx does not register itself in worker
// threads on Node 20, so the worker registers it before it imports its entry. The compiled server does not use this.
// From sources, workspace packages resolve to their sources too (the `@parley/source` export condition), whatever
// flags the process was started with.
import { register as registerHooks } from 'node:module';
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

const SOURCE_CONDITION = `export async function resolve(specifier, context, next) {
  const conditions = context.conditions.includes('@parley/source') ? context.conditions : [...context.conditions, '@parley/source'];
  return next(specifier, { ...context, conditions });
}`;
registerHooks(`data:text/javascript,${encodeURIComponent(SOURCE_CONDITION)}`);
register();
await import(workerData.entry);
