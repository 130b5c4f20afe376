/** The agent's own profile and preferences (`PATCH /auth/me`), and their password (PasswordForm). */
import { useId, useState } from 'preact/hooks';
import type { ErrorBody } from '@parley/protocol/errors';
import type { AgentSelf } from '@parley/protocol/model';
import type { Availability, SendKey } from '@parley/protocol/settings';
import { useI18n } from '../../hooks/useI18n.ts';
import { askDesktopPermission, desktopPermission } from '../../notify/desktop.ts';
import { updateProfile } from '../../settings-api.ts';
import { formErrors } from '../../state/form-errors.ts';
import { derivedInitials } from '../../state/initials.ts';
import { colourIndex } from '../../state/presence.ts';
import { settingsErrorText } from './errors.ts';
import { controlProps, Field, FormOutcome } from './Field.tsx';
import { PasswordForm } from './PasswordForm.tsx';

const AVAILABILITIES: readonly Availability[] = ['online', 'away', 'offline'];
const SEND_KEYS: readonly SendKey[] = ['enter', 'ctrl_enter'];

const RULES = {
  name: 'form.name',
  initials: 'form.initials',
  signature: 'form.text500',
  availability: 'form.required',
  preferences: 'form.required',
} as const;

interface Props {
  self: AgentSelf;
  onSelf: (self: AgentSelf) => void;
}

export function ProfileSettings({ self, onSelf }: Props) {
  const { t } = useI18n();
  const id = useId();
  const [name, setName] = useState(self.name);
  // The wire does not say whether the initials were chosen or derived from the name: they are sent only once edited,
  // so a derived pair keeps following the name.
  const [initials, setInitials] = useState(self.initials);
  const [initialsEdited, setInitialsEdited] = useState(false);
  const [signature, setSignature] = useState(self.signature);
  const [availability, setAvailability] = useState(self.availability);
  const [prefs, setPrefs] = useState(self.preferences);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorBody | null>(null);
  const [saved, setSaved] = useState(false);
  // What the browser says to desktop notifications: asked when the agent turns them on; a refusal is said by the toggle.
  const [permission, setPermission] = useState(() => (self.preferences.desktopNotifications ? desktopPermission() : 'default'));
  const errors = formErrors(error, RULES);
  const preview = initialsEdited ? initials.trim() || derivedInitials(name) : name === self.name ? self.initials : derivedInitials(name);

  const save = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    setSaved(false);
    const answer = await updateProfile({
      name: name.trim(),
      ...(initialsEdited ? { initials: initials.trim() } : {}),
      signature,
      availability,
      preferences: prefs,
    });
    setBusy(false);
    if (!answer.ok) return setError(answer.error);
    setSaved(true);
    if (!initialsEdited) setInitials(answer.agent.initials);
    onSelf(answer.agent);
  };

  return (
    <>
      <form class="settings-form" onSubmit={save} aria-labelledby={`${id}-title`} noValidate>
        <h2 id={`${id}-title`}>{t('profile.heading')}</h2>
        <Field id={`${id}-name`} label={t('profile.name')} hint={t('profile.nameHint')} problem={errors.fields.name}>
          <input
            {...controlProps(`${id}-name`, t('profile.nameHint'), errors.fields.name)}
            value={name}
            maxLength={100}
            required
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </Field>
        <div class="form-row">
          <Field id={`${id}-initials`} label={t('profile.initials')} hint={t('profile.initialsHint')} problem={errors.fields.initials}>
            <input
              {...controlProps(`${id}-initials`, t('profile.initialsHint'), errors.fields.initials)}
              class="input-short"
              value={initials}
              maxLength={3}
              onInput={(e) => {
                setInitials(e.currentTarget.value);
                setInitialsEdited(true);
              }}
            />
          </Field>
          <span
            class={`avatar avatar-large avatar-c${colourIndex(self.id, 8)}`}
            role="img"
            aria-label={t('profile.preview', { initials: preview })}
          >
            {preview}
          </span>
        </div>
        <Field id={`${id}-signature`} label={t('profile.signature')} hint={t('profile.signatureHint')} problem={errors.fields.signature}>
          <textarea
            {...controlProps(`${id}-signature`, t('profile.signatureHint'), errors.fields.signature)}
            rows={3}
            maxLength={500}
            value={signature}
            onInput={(e) => setSignature(e.currentTarget.value)}
          />
        </Field>
        <Field id={`${id}-availability`} label={t('profile.availability')} hint={t('profile.availabilityHint')} problem={errors.fields.availability}>
          <select
            {...controlProps(`${id}-availability`, t('profile.availabilityHint'), errors.fields.availability)}
            value={availability}
            onChange={(e) => setAvailability(AVAILABILITIES.find((a) => a === e.currentTarget.value) ?? availability)}
          >
            {AVAILABILITIES.map((a) => (
              <option key={a} value={a}>
                {t(`availability.${a}`)}
              </option>
            ))}
          </select>
        </Field>
        <fieldset class="form-group">
          <legend>{t('profile.preferences')}</legend>
          <fieldset class="form-choices">
            <legend>{t('profile.sendKey')}</legend>
            {SEND_KEYS.map((key) => (
              <label key={key} class="choice">
                <input
                  type="radio"
                  name={`${id}-sendkey`}
                  value={key}
                  checked={prefs.sendKey === key}
                  onChange={() => setPrefs({ ...prefs, sendKey: key })}
                />{' '}
                {t(key === 'enter' ? 'profile.sendEnter' : 'profile.sendCtrlEnter')}
              </label>
            ))}
          </fieldset>
          <label class="choice">
            <input type="checkbox" checked={prefs.sound} onChange={(e) => setPrefs({ ...prefs, sound: e.currentTarget.checked })} />{' '}
            {t('profile.sound')}
          </label>
          <label class="choice">
            <input
              type="checkbox"
              checked={prefs.desktopNotifications}
              aria-describedby={permission === 'denied' || permission === 'unsupported' ? `${id}-desktop-state` : undefined}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                setPrefs({ ...prefs, desktopNotifications: on });
                setPermission(on ? desktopPermission() : 'default');
                if (on) void askDesktopPermission().then(setPermission);
              }}
            />{' '}
            {t('profile.desktop')}
          </label>
          <p id={`${id}-desktop-state`} class="form-error" role="status">
            {prefs.desktopNotifications && permission === 'denied' ? t('profile.desktopDenied') : ''}
            {prefs.desktopNotifications && permission === 'unsupported' ? t('profile.desktopUnsupported') : ''}
          </p>
          {errors.fields.preferences && <p class="form-error">{t(errors.fields.preferences.key)}</p>}
        </fieldset>
        <div class="form-actions">
          <button type="submit" class="button-primary" aria-disabled={busy}>
            {busy ? t('settings.saving') : t('profile.save')}
          </button>
          <FormOutcome error={errors.general ? settingsErrorText(t, errors.general) : null} done={saved ? t('profile.saved') : null} />
        </div>
      </form>
      <PasswordForm />
    </>
  );
}
