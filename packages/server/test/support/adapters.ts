import { adapterSelected } from '../../../../tests/support/adapters.ts';
import { mongoTestUri } from './mongo-uri.ts';
import type { AdapterName } from './parley.ts';

/**
 * Every storage-touching integration test runs once per adapter (`PARLEY_TEST_ADAPTERS=embedded` narrows a local run
 * while working on one adapter; CI never sets it).
 */
export function adapters(): Array<{ adapter: AdapterName; mongoUri?: string }> {
  const all: Array<{ adapter: AdapterName; mongoUri?: string }> = [{ adapter: 'embedded' }];
  if (adapterSelected('mongo')) all.push({ adapter: 'mongo', mongoUri: mongoTestUri() });
  return all.filter((a) => adapterSelected(a.adapter));
}
