import type { Config } from '../config.ts';
import { newId, newPassword } from '../lib/ids.ts';
import { hashPassword } from '../lib/password.ts';
import { DuplicateKeyError } from '../store/errors.ts';
import { DEFAULT_DESK_SETTINGS, NEW_AGENT_DEFAULTS } from '../store/defaults.ts';
import { iso, type SetupDeps } from './deps.ts';
import { logEvent } from './event-log.ts';

export interface FirstRun {
  /** Set when this start created the first admin. */
  admin?: { email: string; password: string; generated: boolean };
}

/**
 * Makes sure the desk exists and, on an empty desk, creates the first admin. DESK_NAME, when set, names the desk on
 * every start (the default name only names a new desk). Several nodes may start together on a new database: the one
 * whose write lands first creates the desk and the admin, the others find them (a unique key refuses their copy).
 */
export async function ensureDeskAndAdmin(deps: SetupDeps, config: Config): Promise<FirstRun> {
  const { store } = deps;
  const desk = await store.getDesk(config.deskId);
  if (desk && config.deskNameSet && desk.name !== config.deskName) {
    await store.setDeskName(config.deskId, config.deskName);
  }
  if (!desk) {
    await ignoreDuplicate(store.createDesk({
      id: config.deskId,
      name: config.deskName,
      allowedOrigins: config.allowedOrigins,
      greeting: {
        en: 'Hi! Ask us anything, we usually answer within a few minutes.',
        ko: '안녕하세요! 무엇이든 물어보세요. 보통 몇 분 안에 답변드립니다.',
      },
      settings: { ...DEFAULT_DESK_SETTINGS, identitySecret: null },
      createdAt: iso(deps),
      version: 1,
      updatedAt: iso(deps),
    }));
  }
  if ((await store.countAgents(config.deskId)) > 0) return {};
  const generated = !config.adminPassword;
  const password = config.adminPassword ?? newPassword();
  const id = newId();
  const created = await ignoreDuplicate(store.createAgent({
    ...NEW_AGENT_DEFAULTS,
    id,
    deskId: config.deskId,
    name: 'Admin',
    email: config.adminEmail,
    role: 'admin',
    passwordHash: await hashPassword(password),
    createdAt: iso(deps),
  }));
  if (!created) return {}; // another node created the first admin at the same moment
  await logEvent(deps, config.deskId, 'agent.created', { type: 'system', id: null }, { agentId: id, role: 'admin' });
  return { admin: { email: config.adminEmail, password, generated } };
}

/** The write's result, or null when a unique key refused it (another node wrote the same record first). */
async function ignoreDuplicate<T>(write: Promise<T>): Promise<T | null> {
  try {
    return await write;
  } catch (err) {
    if (err instanceof DuplicateKeyError) return null;
    throw err;
  }
}
