/** The desk's name and the sites allowed to embed the widget; either may be pinned by the server's environment. */
import { useI18n } from '../../hooks/useI18n.ts';
import type { DeskFieldsProps } from './DeskSettings.tsx';
import { controlProps, Field } from './Field.tsx';

const ENV = { name: 'DESK_NAME', allowedOrigins: 'ALLOWED_ORIGINS' } as const;

export function DeskNameFields({ form, set, problems, settings }: DeskFieldsProps) {
  const { t } = useI18n();
  const pinnedHint = (field: keyof typeof ENV, hint: string) =>
    settings.pinned.includes(field) ? t('desk.pinned', { variable: ENV[field] }) : hint;
  const nameHint = pinnedHint('name', t('desk.nameHint'));
  const originsHint = pinnedHint('allowedOrigins', t('desk.originsHint'));
  return (
    <>
      <Field id="desk-name" label={t('desk.name')} hint={nameHint} problem={problems.name}>
        <input
          {...controlProps('desk-name', nameHint, problems.name)}
          value={form.name}
          maxLength={100}
          readOnly={settings.pinned.includes('name')}
          onInput={(e) => set({ name: e.currentTarget.value })}
        />
      </Field>
      <Field id="desk-origins" label={t('desk.origins')} hint={originsHint} problem={problems.allowedOrigins}>
        <textarea
          {...controlProps('desk-origins', originsHint, problems.allowedOrigins)}
          rows={3}
          spellcheck={false}
          placeholder="https://www.example.com"
          value={form.origins}
          readOnly={settings.pinned.includes('allowedOrigins')}
          onInput={(e) => set({ origins: e.currentTarget.value })}
        />
      </Field>
    </>
  );
}
