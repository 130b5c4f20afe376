/**
 * Collision presence on screen: the colleagues on the open ticket (avatars with names, dimmed when the ticket is
 * only open in a background tab, ringed while they write), "Mina is replying…" by the composer, and a compact
 * marker in each list row. The signed-in agent is never among them (state/presence.ts filters them out).
 * Everything keeps its size whether or not someone is there, so nothing moves when a colleague arrives.
 */
import type { AgentPresence } from '@parley/protocol/presence';
import type { I18n } from '../hooks/useI18n.ts';
import { useI18n } from '../hooks/useI18n.ts';
import type { MessageKey } from '../i18n.ts';
import { activityOf, byActivity, colourIndex, initials, type Activity } from '../state/presence.ts';

/** Avatars shown by name on the ticket; the rest are counted ("+2"). */
export const TICKET_AVATARS = 3;
/** Initials shown in a list row; the rest are counted. */
export const ROW_AVATARS = 3;
const COLOURS = 8;

function names(locale: string, list: readonly string[]): string {
  return new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(list);
}

const LIST_KEYS: Record<Activity, MessageKey> = {
  viewing: 'presence.listViewing',
  background: 'presence.listBackground',
  replying: 'presence.listReplying',
  note: 'presence.listNote',
};

const ACTIVITY_KEYS: Record<Activity, MessageKey> = {
  viewing: 'presence.viewing',
  background: 'presence.background',
  replying: 'presence.replying',
  note: 'presence.note',
};

/** "Viewing: Mina; replying: Jun" (the accessible name and tooltip of a list row's marker). */
export function presenceSummary(t: I18n['t'], locale: string, agents: readonly AgentPresence[]): string {
  const text = byActivity(agents)
    .map((group) => t(LIST_KEYS[group.activity], { names: group.names.join(', ') }))
    .join('; ');
  return text.charAt(0).toLocaleUpperCase(locale) + text.slice(1);
}

/** "Mina is replying…", "Mina and Jun are replying… Sam is writing a note…", or '' when nobody writes. */
export function composingText(t: I18n['t'], locale: string, agents: readonly AgentPresence[]): string {
  const sentences: string[] = [];
  const replying = agents.filter((a) => a.composing === 'reply').map((a) => a.name);
  const noting = agents.filter((a) => a.composing === 'note').map((a) => a.name);
  if (replying.length === 1) sentences.push(t('presence.oneReplying', { name: replying[0]! }));
  else if (replying.length > 1) sentences.push(t('presence.manyReplying', { names: names(locale, replying) }));
  if (noting.length === 1) sentences.push(t('presence.oneNote', { name: noting[0]! }));
  else if (noting.length > 1) sentences.push(t('presence.manyNote', { names: names(locale, noting) }));
  return sentences.join(' ');
}

function Avatar({ agent, small }: { agent: AgentPresence; small?: boolean }) {
  const activity = activityOf(agent);
  const classes = [
    'avatar',
    `avatar-c${colourIndex(agent.agentId, COLOURS)}`,
    small ? 'avatar-small' : '',
    agent.state === 'background' ? 'avatar-background' : '',
    activity === 'replying' || activity === 'note' ? `avatar-writing avatar-${activity}` : '',
  ];
  return (
    <span class={classes.filter(Boolean).join(' ')} aria-hidden="true">
      {initials(agent.name)}
    </span>
  );
}

/** The colleagues on the open ticket, in the ticket header. */
export function PresenceBar({ agents }: { agents: readonly AgentPresence[] }) {
  const { t, locale } = useI18n();
  if (agents.length === 0) return null;
  const shown = agents.slice(0, TICKET_AVATARS);
  const hidden = agents.slice(TICKET_AVATARS);
  return (
    <ul class="presence" aria-label={t('presence.label')}>
      {shown.map((agent) => {
        const activity = activityOf(agent);
        const state = [t(ACTIVITY_KEYS[agent.state])];
        if (activity === 'replying' || activity === 'note') state.push(t(ACTIVITY_KEYS[activity]));
        return (
          <li
            key={agent.agentId}
            class={`presence-agent presence-${activity}`}
            title={`${agent.name}: ${state.join(', ')}`}
          >
            <Avatar agent={agent} />
            <span class="presence-text">
              <span class="presence-name">{agent.name}</span>
              {activity === 'viewing' ? (
                <span class="sr-only">{t('presence.viewing')}</span>
              ) : (
                <span class="presence-state">
                  {activity === 'background' ? t('presence.backgroundShort') : t(ACTIVITY_KEYS[activity])}
                  {agent.state === 'background' && activity !== 'background' && (
                    <span class="sr-only">, {t('presence.background')}</span>
                  )}
                </span>
              )}
            </span>
          </li>
        );
      })}
      {hidden.length > 0 && (
        <li class="presence-agent presence-more" title={presenceSummary(t, locale, hidden)}>
          <span class="avatar avatar-count" aria-hidden="true">
            +{hidden.length}
          </span>
          <span class="sr-only">
            {t('presence.more', { count: hidden.length, names: presenceSummary(t, locale, hidden) })}
          </span>
        </li>
      )}
    </ul>
  );
}

/** "Mina is replying…" above the draft box: a polite live region that is always there (and always one line). */
export function ComposingNotice({ agents }: { agents: readonly AgentPresence[] }) {
  const { t, locale } = useI18n();
  const text = composingText(t, locale, agents);
  return (
    <p class="composing-notice" role="status">
      {text && (
        <>
          <span class="composing-dots" aria-hidden="true">
            <span />
            <span />
            <span />
          </span>
          {text}
        </>
      )}
    </p>
  );
}

/** The marker in a list row: up to three initials, a pencil while someone writes, and the names as its name. */
export function RowPresence({ agents }: { agents: readonly AgentPresence[] }) {
  const { t, locale } = useI18n();
  if (agents.length === 0) return null;
  const summary = presenceSummary(t, locale, agents);
  const writing = agents.some((a) => a.composing !== null);
  const hidden = agents.length - ROW_AVATARS;
  return (
    <span class={`row-presence${writing ? ' row-presence-writing' : ''}`} role="img" aria-label={summary} title={summary}>
      {agents.slice(0, ROW_AVATARS).map((agent) => (
        <Avatar key={agent.agentId} agent={agent} small />
      ))}
      {hidden > 0 && (
        <span class="avatar avatar-small avatar-count" aria-hidden="true">
          +{hidden}
        </span>
      )}
      {writing && (
        <span class="row-presence-pencil" aria-hidden="true">
          ✎
        </span>
      )}
    </span>
  );
}
