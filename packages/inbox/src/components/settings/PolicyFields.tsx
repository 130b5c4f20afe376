/** The reply policy (one line each on what it does) and the routing of new tickets. */
import type { ReplyPolicy, RoutingMode } from '@parley/protocol/settings';
import { useI18n } from '../../hooks/useI18n.ts';
import type { DeskFieldsProps } from './DeskSettings.tsx';
import { controlProps, Field } from './Field.tsx';

const POLICIES: readonly ReplyPolicy[] = ['warn', 'block', 'allow'];
const MODES: readonly RoutingMode[] = ['manual', 'round_robin', 'least_loaded'];

export function PolicyFields({ form, set, problems }: DeskFieldsProps) {
  const { t } = useI18n();
  const capacityProblem = problems['routing.defaultCapacity'];
  return (
    <>
      <fieldset class="form-group form-choices">
        <legend>{t('desk.policy')}</legend>
        {POLICIES.map((policy) => (
          <label key={policy} class="choice choice-explained">
            <input
              type="radio"
              name="desk-reply-policy"
              value={policy}
              checked={form.replyPolicy === policy}
              aria-describedby={`desk-policy-${policy}-hint`}
              onChange={() => set({ replyPolicy: policy })}
            />
            <span>
              <strong>{t(`policy.${policy}`)}</strong>
              <span id={`desk-policy-${policy}-hint`} class="form-hint">
                {t(`policy.${policy}Hint`)}
              </span>
            </span>
          </label>
        ))}
      </fieldset>
      <fieldset class="form-group">
        <legend>{t('desk.routing')}</legend>
        <Field id="desk-routing-mode" label={t('routing.mode')} problem={problems['routing.mode']}>
          <select
            {...controlProps('desk-routing-mode', undefined, problems['routing.mode'])}
            value={form.routingMode}
            onChange={(e) => set({ routingMode: MODES.find((m) => m === e.currentTarget.value) ?? form.routingMode })}
          >
            {MODES.map((mode) => (
              <option key={mode} value={mode}>
                {t(`routing.${mode}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="desk-capacity" label={t('routing.capacity')} problem={capacityProblem}>
          <input
            {...controlProps('desk-capacity', undefined, capacityProblem)}
            class="input-short"
            type="number"
            min={1}
            max={100}
            required
            value={form.defaultCapacity}
            onInput={(e) => set({ defaultCapacity: e.currentTarget.value })}
          />
        </Field>
        <label class="choice">
          <input
            type="checkbox"
            checked={form.reassignWhenOffline}
            onChange={(e) => set({ reassignWhenOffline: e.currentTarget.checked })}
          />{' '}
          {t('routing.reassign')}
        </label>
      </fieldset>
    </>
  );
}
