/**
 * "Merge into…" in the contact sidebar: find the contact this one duplicates (by name, e-mail or phone), confirm, and
 * this contact's tickets move there (the server combines the fields). Escape or Cancel closes it, back to its button.
 */
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { ErrorBody } from '@parley/protocol/errors';
import type { Contact } from '@parley/protocol/model';
import { findContacts, mergeContactInto } from '../../contacts-api.ts';
import { errorText, useI18n } from '../../hooks/useI18n.ts';
import { contactLabel } from '../../state/contact-label.ts';
import { mergeReasonKey, mergeTargets } from '../../state/contact-merge.ts';

const SEARCH_DELAY_MS = 250;

interface Props {
  contact: Contact;
  /** The merge went through: the contact everything is on now. */
  onMerged: (target: Contact) => void;
}

export function ContactMerge({ contact, onMerged }: Props) {
  const { t } = useI18n();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<Contact[] | null>(null);
  const [chosen, setChosen] = useState<Contact | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ErrorBody | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const search = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (open) search.current?.focus();
  }, [open]);
  useEffect(() => {
    const text = query.trim();
    if (!open || text === '') return setFound(null);
    let alive = true;
    const timer = setTimeout(() => {
      void findContacts(text).then((answer) => {
        if (alive) setFound(answer.ok ? mergeTargets(answer.contacts, contact.id) : []);
      });
    }, SEARCH_DELAY_MS);
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [query, open, contact.id]);

  const close = () => {
    setOpen(false);
    setQuery('');
    setChosen(null);
    setFailure(null);
    button.current?.focus();
  };
  const merge = async () => {
    if (!chosen || busy) return;
    setBusy(true);
    setFailure(null);
    const answer = await mergeContactInto(contact.id, chosen.id);
    setBusy(false);
    if (!answer.ok) return setFailure(answer.error);
    setOpen(false);
    setChosen(null);
    onMerged(answer.contact);
  };
  const name = (c: Contact) => contactLabel(c).main ?? t('contact.visitor');
  const failureKey = failure && mergeReasonKey(failure);

  return (
    <div class="contact-merge">
      <button ref={button} type="button" class="button-quiet" aria-expanded={open} aria-controls={`${id}-panel`} onClick={() => (open ? close() : setOpen(true))}>
        {t('merge.open')}
      </button>
      {open && (
        <section
          id={`${id}-panel`}
          class="merge-panel"
          aria-label={t('merge.title')}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              e.stopPropagation();
              close();
            }
          }}
        >
          {chosen ? (
            <>
              <p>{t('merge.confirm', { source: name(contact), target: name(chosen) })}</p>
              <button type="button" class="button-primary" aria-disabled={busy} onClick={() => void merge()}>
                {t('merge.submit')}
              </button>{' '}
              <button type="button" class="button-quiet" onClick={() => setChosen(null)}>
                {t('merge.back')}
              </button>
            </>
          ) : (
            <>
              <label for={`${id}-search`}>{t('merge.search')}</label>
              <input
                ref={search}
                id={`${id}-search`}
                type="search"
                value={query}
                autocomplete="off"
                onInput={(e) => setQuery(e.currentTarget.value)}
              />
              {found !== null &&
                (found.length === 0 ? (
                  <p role="status">{t('merge.none')}</p>
                ) : (
                  <ul class="merge-results" aria-label={t('merge.results')}>
                    {found.map((c) => {
                      const label = contactLabel(c);
                      return (
                        <li key={c.id}>
                          <button type="button" class="merge-choice" onClick={() => setChosen(c)}>
                            <strong>{label.main ?? t('contact.visitor')}</strong>
                            {label.more && <span class="merge-more"> {label.more}</span>}
                          </button>
                        </li>
                      );
                    })}
                  </ul>
                ))}
              <button type="button" class="button-quiet" onClick={close}>
                {t('merge.cancel')}
              </button>
            </>
          )}
          {failure && (
            <p class="error" role="alert">
              {failureKey ? t(failureKey) : errorText(t, failure)}
            </p>
          )}
        </section>
      )}
    </div>
  );
}
