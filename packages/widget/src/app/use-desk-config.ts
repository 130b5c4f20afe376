import { useEffect, useState } from 'preact/hooks';
import type { DeskPublicConfig } from '@parley/protocol';
import type { WidgetApi } from './widget-api.ts';

/** The last answer, for a chat drawn again (another visitor): it starts from what is known rather than loading. */
let last: DeskPublicConfig | null | undefined;

/**
 * The desk's public config (name, greeting): `undefined` while it loads (the chat shows that it is loading, not
 * default texts that would then be replaced), `null` when it cannot be loaded (the chat's defaults then: the chat
 * opened offline, say). Not loaded, it is asked again once the chat is `connected`, so the desk's own name, greeting
 * and colour replace the defaults without a reload.
 */
export function useDeskConfig(api: Pick<WidgetApi, 'fetchDeskConfig'>, desk: string, connected: boolean): DeskPublicConfig | null | undefined {
  const [config, setConfig] = useState(last);
  useEffect(() => {
    let current = true;
    void api.fetchDeskConfig(desk).then((loaded) => current && setConfig((last = loaded)));
    return () => {
      current = false;
    };
  }, [api, desk, connected && config === null]);
  return config;
}
