import { mongoTestUri } from './mongo-uri.ts';
import type { AdapterName } from './parley.ts';

/** Every storage-touching integration test runs once per adapter. */
export function adapters(): Array<{ adapter: AdapterName; mongoUri?: string }> {
  return [{ adapter: 'embedded' }, { adapter: 'mongo', mongoUri: mongoTestUri() }];
}
