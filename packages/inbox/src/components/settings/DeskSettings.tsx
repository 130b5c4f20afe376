/**
 * The desk's settings (admins): loaded with their version, saved with it. Another admin's change in between answers
 * `conflict`: the screen says so and shows the settings as they are now. Fields set by the server's environment
 * show read-only with the variable's name.
 */
import { useCallback, useEffect, useId, useState } from 'preact/hooks';
import type { ErrorBody } from '@parley/protocol/errors';
import type { DeskSettings as Settings } from '@parley/protocol/settings';
import { useI18n } from '../../hooks/useI18n.ts';
import { deskSettings, updateDesk } from '../../settings-api.ts';
import { DESK_RULES, deskForm, deskPatch, type DeskField, type DeskForm } from '../../state/desk-form.ts';
import { formErrors, type Problem } from '../../state/form-errors.ts';
import { settingsErrorText } from './errors.ts';
import { FormOutcome } from './Field.tsx';
import { IdentitySecret } from './IdentitySecret.tsx';
import { PolicyFields } from './PolicyFields.tsx';
import { WidgetFields } from './WidgetFields.tsx';
import { DeskNameFields } from './DeskNameFields.tsx';
import { FormsFields } from './FormsFields.tsx';
import { useTeams } from '../../hooks/useTeams.ts';

export interface DeskFieldsProps {
  form: DeskForm;
  set: (patch: Partial<DeskForm>) => void;
  problems: Partial<Record<DeskField, Problem>>;
  settings: Settings;
}

type Outcome = { kind: 'saved' } | { kind: 'conflict' } | { kind: 'failed'; error: ErrorBody } | null;

export function DeskSettings() {
  const { t } = useI18n();
  const id = useId();
  const [settings, setSettings] = useState<Settings | null>(null);
  const [form, setForm] = useState<DeskForm | null>(null);
  const [loadError, setLoadError] = useState<ErrorBody | null>(null);
  const [problems, setProblems] = useState<Partial<Record<DeskField, Problem>>>({});
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const { teams } = useTeams();

  const show = useCallback((next: Settings) => {
    setSettings(next);
    setForm(deskForm(next));
    setProblems({});
  }, []);
  const load = useCallback(async () => {
    const answer = await deskSettings();
    setLoadError(answer.ok ? null : answer.error);
    if (answer.ok) show(answer.settings);
  }, [show]);
  useEffect(() => void load(), [load]);

  if (!settings || !form) {
    // Not loaded (the server restarting, the network gone): say why and offer to ask again, without leaving the page.
    return loadError ? (
      <div class="error" role="alert">
        <p>{settingsErrorText(t, loadError)}</p>
        <button type="button" class="button-secondary" onClick={() => void load()}>
          {t('settings.retry')}
        </button>
      </div>
    ) : (
      <p role="status">{t('settings.loading')}</p>
    );
  }

  const set = (patch: Partial<DeskForm>) => setForm({ ...form, ...patch });

  const save = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    setOutcome(null);
    const checked = deskPatch(form, settings, teams.length ? new Set(teams.map((team) => team.id)) : null);
    if (!checked.ok) return setProblems(checked.problems);
    setProblems({});
    setBusy(true);
    const answer = await updateDesk(checked.patch);
    setBusy(false);
    if (answer.ok) {
      show(answer.settings);
      setOutcome({ kind: 'saved' });
    } else if (answer.error.code === 'conflict') {
      setOutcome({ kind: 'conflict' });
      await load();
    } else {
      const errors = formErrors(answer.error, DESK_RULES, { allowedOrigins: 'form.originLine' });
      setProblems(errors.fields);
      setOutcome(errors.general ? { kind: 'failed', error: errors.general } : null);
    }
  };

  const fields: DeskFieldsProps = { form, set, problems, settings };
  const invalid = Object.keys(problems).length > 0;
  let error: string | null = null;
  if (outcome?.kind === 'conflict') error = t('desk.conflict');
  else if (outcome?.kind === 'failed') error = settingsErrorText(t, outcome.error);
  else if (invalid) error = t('form.invalid');

  return (
    <section class="settings-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('desk.heading')}</h2>
      <form class="settings-form" onSubmit={save} aria-labelledby={`${id}-title`} noValidate>
        <DeskNameFields {...fields} />
        <WidgetFields {...fields} />
        <PolicyFields {...fields} />
        <FormsFields {...fields} />
        <div class="form-actions form-actions-sticky">
          <button type="submit" class="button-primary" aria-disabled={busy}>
            {busy ? t('settings.saving') : t('desk.save')}
          </button>
          <FormOutcome error={error} done={outcome?.kind === 'saved' ? t('desk.saved') : null} />
        </div>
      </form>
      <IdentitySecret settings={settings} onSettings={setSettings} />
    </section>
  );
}
