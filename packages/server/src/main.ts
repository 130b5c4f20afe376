import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './lib/logger.ts';
import { startParley } from './server.ts';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger(config.logLevel);
  const parley = await startParley(config, { log });
  const store = parley.store.adapter === 'mongo' ? 'MongoDB' : `embedded store in ${config.dataDir}`;
  const lines = [
    '',
    `  Parley is running on ${store}`,
    `  Example page with the widget:  ${parley.url}/`,
    `  Agent inbox:                   ${parley.url}/inbox/`,
  ];
  if (parley.firstRun.admin) {
    const { email, password, generated } = parley.firstRun.admin;
    lines.push('', `  First admin account: ${email}`, generated ? `  Password (shown only once):    ${password}` : '  Password: the ADMIN_PASSWORD you set');
  }
  console.log(lines.join('\n') + '\n');

  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (++signals > 1) process.exit(1);
    log.info({ signal }, 'signal received');
    parley.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

main().catch((err: unknown) => {
  console.error('Parley failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
