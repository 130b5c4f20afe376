/**
 * The widget's chat forms: the pre-chat form (each built-in question off, optional or required; the teams a visitor
 * may choose; custom questions kept as contact attributes), the offline form and the e-mail prompt.
 */
import { useI18n } from '../../hooks/useI18n.ts';
import { useTeams } from '../../hooks/useTeams.ts';
import { BUILTIN_FIELDS, type Ask, type CustomFieldRow, type FormsForm } from '../../state/forms-form.ts';
import type { DeskFieldsProps } from './DeskSettings.tsx';
import { controlProps, Field } from './Field.tsx';

const ASKS: readonly Ask[] = ['off', 'optional', 'required'];

export function FormsFields({ form, set, problems }: DeskFieldsProps) {
  const { t } = useI18n();
  const { teams } = useTeams();
  const forms = form.forms;
  const update = (patch: Partial<FormsForm>) => set({ forms: { ...forms, ...patch } });
  const setRow = (i: number, patch: Partial<CustomFieldRow>) => update({ custom: forms.custom.map((row, j) => (j === i ? { ...row, ...patch } : row)) });
  const fieldsProblem = problems['forms.preChat.fields'];
  const teamsProblem = problems['forms.preChat.teamIds'];

  return (
    <fieldset class="form-group">
      <legend>{t('desk.forms')}</legend>
      <label class="choice">
        <input type="checkbox" checked={forms.preChat} aria-describedby="forms-prechat-hint" onChange={(e) => update({ preChat: e.currentTarget.checked })} />{' '}
        {t('forms.preChat')}
      </label>
      <p id="forms-prechat-hint" class="form-hint">
        {t('forms.preChatHint')}
      </p>
      <div class="form-grid">
        {BUILTIN_FIELDS.map((kind) => (
          <Field key={kind} id={`forms-ask-${kind}`} label={t(`forms.field.${kind}`)}>
            <select
              id={`forms-ask-${kind}`}
              value={forms.builtins[kind]}
              onChange={(e) => update({ builtins: { ...forms.builtins, [kind]: ASKS.find((a) => a === e.currentTarget.value) ?? 'off' } })}
            >
              {ASKS.map((ask) => (
                <option key={ask} value={ask}>
                  {t(`forms.${ask}`)}
                </option>
              ))}
            </select>
          </Field>
        ))}
      </div>
      {forms.builtins.team !== 'off' && (
        <fieldset class="form-group form-choices" aria-describedby={teamsProblem ? 'forms-teams-error' : undefined}>
          <legend>{t('forms.teams')}</legend>
          {teams.length === 0 && <p class="form-hint">{t('forms.noTeams')}</p>}
          {teams.map((team) => (
            <label key={team.id} class="choice">
              <input
                type="checkbox"
                checked={forms.teamIds.includes(team.id)}
                onChange={(e) =>
                  update({ teamIds: e.currentTarget.checked ? [...forms.teamIds, team.id] : forms.teamIds.filter((id) => id !== team.id) })
                }
              />{' '}
              {team.name}
            </label>
          ))}
          {teamsProblem && (
            <p id="forms-teams-error" class="form-error">
              {t(teamsProblem.key, teamsProblem.params)}
            </p>
          )}
        </fieldset>
      )}
      <fieldset class="form-group" aria-describedby={fieldsProblem ? 'forms-custom-error' : undefined}>
        <legend>{t('forms.custom')}</legend>
        {forms.custom.map((row, i) => {
          const n = i + 1;
          const id = `forms-custom-${n}`;
          return (
            <div key={i} class="form-grid">
              <Field id={`${id}-key`} label={t('forms.customKey', { n })}>
                <input {...controlProps(`${id}-key`, undefined, undefined)} maxLength={40} value={row.key} onInput={(e) => setRow(i, { key: e.currentTarget.value })} />
              </Field>
              <Field id={`${id}-en`} label={t('forms.customLabelEn', { n })}>
                <input id={`${id}-en`} lang="en" maxLength={60} value={row.labelEn} onInput={(e) => setRow(i, { labelEn: e.currentTarget.value })} />
              </Field>
              <Field id={`${id}-ko`} label={t('forms.customLabelKo', { n })}>
                <input id={`${id}-ko`} lang="ko" maxLength={60} value={row.labelKo} onInput={(e) => setRow(i, { labelKo: e.currentTarget.value })} />
              </Field>
              <label class="choice">
                <input type="checkbox" checked={row.required} onChange={(e) => setRow(i, { required: e.currentTarget.checked })} /> {t('forms.customRequired', { n })}
              </label>
              <button type="button" class="button-quiet" onClick={() => update({ custom: forms.custom.filter((_, j) => j !== i) })}>
                {t('forms.customRemove', { n })}
              </button>
            </div>
          );
        })}
        {fieldsProblem && (
          <p id="forms-custom-error" class="form-error">
            {t(fieldsProblem.key, fieldsProblem.params)}
          </p>
        )}
        <button type="button" class="button-quiet" onClick={() => update({ custom: [...forms.custom, { key: '', labelEn: '', labelKo: '', required: false }] })}>
          {t('forms.customAdd')}
        </button>
      </fieldset>
      <label class="choice">
        <input type="checkbox" checked={forms.offline} onChange={(e) => update({ offline: e.currentTarget.checked })} /> {t('forms.offline')}
      </label>
      <label class="choice">
        <input type="checkbox" checked={forms.emailPrompt} aria-describedby="forms-email-hint" onChange={(e) => update({ emailPrompt: e.currentTarget.checked })} />{' '}
        {t('forms.emailPrompt')}
      </label>
      <p id="forms-email-hint" class="form-hint">
        {t('forms.emailHint')}
      </p>
    </fieldset>
  );
}
