import { useEffect, useState } from 'preact/hooks';
import type { DeskPublicConfig } from '@parley/protocol';
import type { WidgetApi } from './widget-api.ts';

/** The last answer, for a chat drawn again (another visitor): it starts from what is known rather than loading. */
let last: DeskPublicConfig | null | undefined;

/**
 * The desk's public config (name, greeting): `undefined` while it loads (the chat shows that it is loading, not
 * default texts that would then be replaced), `null` when it cannot be loaded (the chat's defaults then).
 */
export function useDeskConfig(api: Pick<WidgetApi, 'fetchDeskConfig'>, desk: string): DeskPublicConfig | null | undefined {
  const [config, setConfig] = useState(last);
  useEffect(() => {
    let current = true;
    void api.fetchDeskConfig(desk).then((loaded) => current && setConfig((last = loaded)));
    return () => {
      current = false;
    };
  }, [api, desk]);
  return config;
}
