import { existsSync } from 'node:fs';
import path from 'node:path';
import { AdminCommandError, resetPassword } from './admin/reset-password.ts';
import { readNewSecret } from './admin/read-secret.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { openStore } from './store/open-store.ts';
import type { Store } from './store/port.ts';
import { LOCK_FILE, lockDataDir } from './store/sqlite/data-dir-lock.ts';
import { DATABASE_FILE } from './store/sqlite/sqlite-store.ts';

const USAGE = `Usage: parley <command>

Commands:
  reset-password EMAIL   give the agent EMAIL a new password and sign them out everywhere.
                         On a terminal it asks for the password; otherwise it reads the first line of stdin,
                         or PARLEY_NEW_PASSWORD when that is set. The store is the one Parley's environment
                         names (DATA_DIR, or MONGODB_URI) on DESK_ID. The embedded store must be stopped first;
                         with MongoDB the command works while Parley runs.
  help                   this text

Run it as \`npx --yes pnpm@10 parley reset-password EMAIL\` in a checkout, or
\`node packages/server/dist/cli.js reset-password EMAIL\` where Parley is installed (Docker image included).`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  if (command !== 'reset-password') throw new UsageError(`unknown command "${command}"`);
  if (args.length !== 1 || args[0]!.startsWith('-')) throw new UsageError('reset-password takes one argument: the agent\'s e-mail address');
  const email = args[0]!;

  const config = loadConfig();
  const store = await openAdminStore(config);
  try {
    const password = await readNewSecret({ what: 'password', envName: 'PARLEY_NEW_PASSWORD', envValue: process.env.PARLEY_NEW_PASSWORD });
    const reset = await resetPassword(store, config.deskId, email, password);
    const sessions = reset.sessionsRevoked === 1 ? '1 session' : `${reset.sessionsRevoked} sessions`;
    console.log(`Password of ${reset.email} on desk "${config.deskId}" reset; ${sessions} revoked (signed out everywhere).`);
    return 0;
  } finally {
    await store.close();
  }
}

/** The store Parley runs on; for the embedded store, refuses clearly while Parley holds it or when there is none. */
async function openAdminStore(config: Config): Promise<Store> {
  if (!config.mongodbUri) {
    const file = path.join(config.dataDir, DATABASE_FILE);
    if (!existsSync(file)) {
      throw new AdminCommandError(`there is no embedded store at ${file}: run the command with the environment Parley runs with (DATA_DIR, or MONGODB_URI)`);
    }
    try {
      lockDataDir(config.dataDir, file).close();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (!message.includes(LOCK_FILE)) throw err;
      throw new AdminCommandError(
        `Parley is running on ${config.dataDir} (${path.join(config.dataDir, LOCK_FILE)} is locked). The embedded store serves ` +
          'one process at a time: stop Parley first, run this command again, then start Parley.',
      );
    }
  }
  const store = await openStore(config);
  await store.init();
  return store;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError) {
      console.error(`parley: ${err.message}\n\n${USAGE}`);
      process.exit(2);
    }
    if (err instanceof ConfigError) console.error(err.message);
    else console.error(`parley: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
