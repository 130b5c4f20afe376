import { useEffect, useState } from 'preact/hooks';
import type { DeskPublicConfig } from '@parley/protocol';
import type { WidgetApi } from './widget-api.ts';

/** The desk's public config (name, greeting); `null` while loading or when it cannot be loaded. */
export function useDeskConfig(api: Pick<WidgetApi, 'fetchDeskConfig'>, desk: string): DeskPublicConfig | null {
  const [config, setConfig] = useState<DeskPublicConfig | null>(null);
  useEffect(() => {
    let current = true;
    void api.fetchDeskConfig(desk).then((loaded) => current && setConfig(loaded));
    return () => {
      current = false;
    };
  }, [api, desk]);
  return config;
}
