/** An agent completes or corrects a contact: name, e-mail, phone and the desk's own attributes (name → value rows). */
import { useId, useState } from 'preact/hooks';
import type { ErrorBody } from '@parley/protocol/errors';
import type { Contact } from '@parley/protocol/model';
import { editContact } from '../../contacts-api.ts';
import { errorText, useI18n } from '../../hooks/useI18n.ts';
import { formErrors } from '../../state/form-errors.ts';
import { attributesOf, type AttributeRow } from '../../state/contact-form.ts';
import { controlProps, Field } from '../settings/Field.tsx';

interface Props {
  contact: Contact;
  onSaved: (contact: Contact) => void;
  onCancel: () => void;
}

const RULES = {
  name: 'contact.rule.name',
  email: 'contact.rule.email',
  phone: 'contact.rule.phone',
  attributes: 'contact.rule.attributes',
} as const;

export function ContactEditForm({ contact, onSaved, onCancel }: Props) {
  const { t } = useI18n();
  const id = useId();
  const [name, setName] = useState(contact.name ?? '');
  const [email, setEmail] = useState(contact.email ?? '');
  const [phone, setPhone] = useState(contact.phone ?? '');
  const [rows, setRows] = useState<AttributeRow[]>(() => Object.entries(contact.attributes).map(([key, value]) => ({ key, value })));
  const [error, setError] = useState<ErrorBody | null>(null);
  const [saving, setSaving] = useState(false);
  const errors = formErrors(error, RULES);

  const save = async (event: Event) => {
    event.preventDefault();
    if (saving) return;
    setSaving(true);
    setError(null);
    const answer = await editContact(contact.id, { name, email, phone, attributes: attributesOf(rows) });
    setSaving(false);
    if (answer.ok) onSaved(answer.contact);
    else setError(answer.error);
  };
  const setRow = (i: number, row: Partial<AttributeRow>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...row } : r)));

  return (
    <form class="contact-edit" onSubmit={save} aria-label={t('contact.editTitle')}>
      <Field id={`${id}-name`} label={t('contact.name')} problem={errors.fields.name}>
        <input {...controlProps(`${id}-name`, undefined, errors.fields.name)} value={name} maxLength={100} onInput={(e) => setName(e.currentTarget.value)} />
      </Field>
      <Field id={`${id}-email`} label={t('contact.email')} problem={errors.fields.email}>
        <input {...controlProps(`${id}-email`, undefined, errors.fields.email)} type="email" value={email} maxLength={254} onInput={(e) => setEmail(e.currentTarget.value)} />
      </Field>
      <Field id={`${id}-phone`} label={t('contact.phone')} problem={errors.fields.phone}>
        <input {...controlProps(`${id}-phone`, undefined, errors.fields.phone)} type="tel" value={phone} maxLength={40} onInput={(e) => setPhone(e.currentTarget.value)} />
      </Field>
      <fieldset class="contact-attributes">
        <legend>{t('contact.attributes')}</legend>
        {rows.map((row, i) => (
          <div class="attribute-row" key={i}>
            <input aria-label={t('contact.attributeName', { n: String(i + 1) })} value={row.key} maxLength={40} onInput={(e) => setRow(i, { key: e.currentTarget.value })} />
            <input aria-label={t('contact.attributeValue', { n: String(i + 1) })} value={row.value} maxLength={500} onInput={(e) => setRow(i, { value: e.currentTarget.value })} />
            <button type="button" class="button-quiet" aria-label={t('contact.attributeRemove', { n: String(i + 1) })} onClick={() => setRows(rows.filter((_, j) => j !== i))}>
              ×
            </button>
          </div>
        ))}
        {errors.fields.attributes && (
          <p class="form-error" role="alert">
            {t(errors.fields.attributes.key, errors.fields.attributes.params)}
          </p>
        )}
        <button type="button" class="button-quiet" onClick={() => setRows([...rows, { key: '', value: '' }])}>
          {t('contact.attributeAdd')}
        </button>
      </fieldset>
      {errors.general && (
        <p class="form-error" role="alert">
          {errorText(t, errors.general)}
        </p>
      )}
      <div class="form-actions">
        <button type="submit" class="button-primary" aria-disabled={saving}>
          {t('contact.save')}
        </button>
        <button type="button" class="button-quiet" onClick={onCancel}>
          {t('contact.cancel')}
        </button>
      </div>
    </form>
  );
}
