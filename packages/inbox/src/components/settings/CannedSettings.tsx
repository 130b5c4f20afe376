/**
 * Canned responses (every agent): the desk-wide ones and this agent's own, with their shortcut, title and scope. An
 * agent adds, changes and deletes their personal ones; an admin also the desk-wide ones.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { CannedResponse } from '@parley/protocol/canned';
import type { ErrorBody } from '@parley/protocol/errors';
import type { AgentSelf } from '@parley/protocol/model';
import { deleteCanned } from '../../canned-api.ts';
import { dropCanned, keepCanned, useCanned } from '../../hooks/useCanned.ts';
import { useI18n } from '../../hooks/useI18n.ts';
import { mayEditCanned } from '../../state/canned.ts';
import { CannedForm } from './CannedForm.tsx';
import { settingsErrorText } from './errors.ts';
import { FormOutcome } from './Field.tsx';

type Panel = { kind: 'add' } | { kind: 'edit'; canned: CannedResponse } | { kind: 'delete'; canned: CannedResponse } | null;

export function CannedSettings({ self }: { self: AgentSelf }) {
  const { t } = useI18n();
  const { canned, failure, loaded, reload } = useCanned(self.id);
  const [panel, setPanel] = useState<Panel>(null);
  const [done, setDone] = useState<string | null>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  const admin = self.role === 'admin';
  useEffect(() => void reload(), [reload]);

  const finish = (message: string | null) => {
    setPanel(null);
    setDone(message);
  };
  // After a save or a delete the focus goes back to "Add" (the panel it was in is gone).
  useEffect(() => {
    if (panel === null && done !== null) addButton.current?.focus();
  }, [panel, done]);

  return (
    <section class="settings-section" aria-labelledby="canned-title">
      <h2 id="canned-title">{t('canned.heading')}</h2>
      <p class="form-hint">{t(admin ? 'canned.introAdmin' : 'canned.intro')}</p>
      {canned.length === 0 && failure ? (
        // Not "none yet": the list could not be asked for (the server restarting, the network gone).
        <div class="error" role="alert">
          <p>{t('canned.loadFailed', { message: settingsErrorText(t, failure) })}</p>
          <button type="button" class="button-secondary" onClick={() => void reload()}>
            {t('settings.retry')}
          </button>
        </div>
      ) : canned.length === 0 && !loaded ? (
        <p role="status">{t('settings.loading')}</p>
      ) : canned.length === 0 ? (
        <p class="muted">{t('canned.empty')}</p>
      ) : (
        <div class="table-scroll">
          <table class="agents-table">
            <caption class="sr-only">{t('canned.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('canned.shortcut')}</th>
                <th scope="col">{t('canned.titleField')}</th>
                <th scope="col">{t('canned.scope')}</th>
                <th scope="col">{t('agents.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {canned.map((c) => (
                <tr key={c.id}>
                  <th scope="row">/{c.shortcut}</th>
                  <td>{c.title}</td>
                  <td>{t(c.ownerId === null ? 'canned.scopeDesk' : 'canned.scopePersonal')}</td>
                  <td class="cell-actions">
                    {mayEditCanned(c, self) && (
                      <div class="row-actions">
                        <button type="button" class="button-quiet-dark" onClick={() => setPanel({ kind: 'edit', canned: c })}>
                          {t('canned.edit', { shortcut: c.shortcut })}
                        </button>
                        <button type="button" class="button-quiet-dark" onClick={() => setPanel({ kind: 'delete', canned: c })}>
                          {t('canned.delete', { shortcut: c.shortcut })}
                        </button>
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {panel?.kind === 'delete' && <DeleteConfirm key={panel.canned.id} canned={panel.canned} onDone={finish} onClose={() => setPanel(null)} />}
      {(panel?.kind === 'add' || panel?.kind === 'edit') && (
        <CannedForm
          key={panel.kind === 'edit' ? panel.canned.id : 'add'}
          editing={panel.kind === 'edit' ? panel.canned : null}
          admin={admin}
          onSaved={(c) => {
            keepCanned(c);
            finish(t('canned.saved', { shortcut: c.shortcut }));
          }}
          onClose={() => setPanel(null)}
        />
      )}
      <div class="form-actions">
        {panel?.kind !== 'add' && (
          <button
            ref={addButton}
            type="button"
            class="button-primary"
            onClick={() => {
              setDone(null);
              setPanel({ kind: 'add' });
            }}
          >
            {t('canned.add')}
          </button>
        )}
        <FormOutcome error={null} done={done} />
      </div>
    </section>
  );
}

function DeleteConfirm({ canned, onDone, onClose }: { canned: CannedResponse; onDone: (message: string) => void; onClose: () => void }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorBody | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => button.current?.focus(), []);
  const confirm = async () => {
    if (busy) return;
    setBusy(true);
    const answer = await deleteCanned(canned.id);
    setBusy(false);
    if (!answer.ok) return setError(answer.error);
    dropCanned(canned.id);
    onDone(t('canned.deleted', { shortcut: canned.shortcut }));
  };
  return (
    <div class="agent-panel confirm" role="group" aria-label={t('canned.delete', { shortcut: canned.shortcut })}>
      <p>{t('canned.confirmDelete', { shortcut: canned.shortcut, title: canned.title })}</p>
      <div class="form-actions">
        <button ref={button} type="button" class="button-danger" aria-disabled={busy} onClick={() => void confirm()}>
          {t('canned.deleteShort')}
        </button>
        <button type="button" class="button-secondary" onClick={onClose}>
          {t('settings.cancel')}
        </button>
        <FormOutcome error={error ? settingsErrorText(t, error) : null} done={null} />
      </div>
    </div>
  );
}
