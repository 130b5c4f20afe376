/** Filters that narrow the current tab: status, priority, team, channel, assignee and tag (each "Any" by default). */
import { useEffect, useState } from 'preact/hooks';
import type { Team } from '@parley/protocol/model';
import { CHANNELS, CONVERSATION_STATUSES, PRIORITIES } from '@parley/protocol/model';
import { useI18n } from '../hooks/useI18n.ts';
import { channelKey, priorityKey, statusKey, type MessageKey } from '../i18n.ts';
import type { AgentDirectory } from '../state/agents.ts';
import { isNarrowed, withFilter, type ListView } from '../state/list-view.ts';

const UNASSIGNED = '-';

interface Props {
  view: ListView;
  teams: readonly Team[];
  directory: AgentDirectory;
  agentId: string;
  onChange: (view: ListView) => void;
}

interface Option {
  value: string;
  label: string;
}

interface SelectProps {
  /** The accessible name ("Filter by status"). */
  label: MessageKey;
  /** What the field is ("Status"), shown in its "any" choice. */
  name: MessageKey;
  value: string;
  options: Option[];
  onChange: (value: string) => void;
}

function Select({ label, name, value, options, onChange }: SelectProps) {
  const { t } = useI18n();
  return (
    <select aria-label={t(label)} title={t(label)} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
      <option value="">{t('find.anyOf', { name: t(name) })}</option>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

/** A typed tag is applied when the field is left or Enter is pressed; lower-cased as the server stores tags. */
function TagInput({ value, onChange }: { value: string; onChange: (tag: string) => void }) {
  const { t } = useI18n();
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const apply = (input: HTMLInputElement) => onChange(input.value.trim().toLowerCase());
  return (
    <input
      type="text"
      class="filter-tag"
      aria-label={t('find.byTag')}
      placeholder={t('find.tagPlaceholder')}
      maxLength={40}
      value={text}
      onInput={(e) => setText(e.currentTarget.value)}
      onBlur={(e) => apply(e.currentTarget)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') apply(e.currentTarget);
      }}
    />
  );
}

export function ListFilters({ view, teams, directory, agentId, onChange }: Props) {
  const { t } = useI18n();
  const f = view.filters;
  const agents = [...directory.values()].filter((a) => a.active || a.id === f.assigneeId);
  const assigneeValue = f.assigneeId === undefined ? '' : f.assigneeId === null ? UNASSIGNED : f.assigneeId;
  return (
    <fieldset class="list-filters">
      <legend class="sr-only">{t('find.filters')}</legend>
      <Select
        label="find.byStatus"
        name="status.label"
        value={f.status ?? ''}
        options={CONVERSATION_STATUSES.map((s) => ({ value: s, label: t(statusKey(s)) }))}
        onChange={(v) => onChange(withFilter(view, 'status', CONVERSATION_STATUSES.find((s) => s === v)))}
      />
      <Select
        label="find.byPriority"
        name="priority.label"
        value={f.priority ?? ''}
        options={PRIORITIES.map((p) => ({ value: p, label: t(priorityKey(p)) }))}
        onChange={(v) => onChange(withFilter(view, 'priority', PRIORITIES.find((p) => p === v)))}
      />
      {view.teamId === null && teams.length > 0 && (
        <Select
          label="find.byTeam"
        name="find.team"
          value={view.teamFilter ?? ''}
          options={teams.map((team) => ({ value: team.id, label: team.name }))}
          onChange={(v) => onChange({ ...view, teamFilter: v === '' ? null : v })}
        />
      )}
      <Select
        label="find.byChannel"
        name="find.channel"
        value={f.channel ?? ''}
        options={CHANNELS.map((c) => ({ value: c, label: t(channelKey(c)) }))}
        onChange={(v) => onChange(withFilter(view, 'channel', CHANNELS.find((c) => c === v)))}
      />
      <Select
        label="find.byAssignee"
        name="assignee.label"
        value={assigneeValue}
        options={[
          { value: UNASSIGNED, label: t('assignee.none') },
          ...agents.map((a) => ({ value: a.id, label: a.id === agentId ? t('assignee.meOption', { name: a.name }) : a.name })),
        ]}
        onChange={(v) => onChange(withFilter(view, 'assigneeId', v === '' ? undefined : v === UNASSIGNED ? null : v))}
      />
      <TagInput value={f.tag ?? ''} onChange={(tag) => onChange(withFilter(view, 'tag', tag === '' ? undefined : tag))} />
      {isNarrowed(view) && (
        <button type="button" class="list-clear" onClick={() => onChange({ ...view, teamFilter: null, filters: {}, search: '' })}>
          {t('find.clear')}
        </button>
      )}
    </fieldset>
  );
}
