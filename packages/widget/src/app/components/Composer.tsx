import { useEffect, useRef, useState } from 'preact/hooks';
import type { TargetedEvent, TargetedKeyboardEvent } from 'preact';
import type { AttachmentRef } from '@parley/protocol';
import { format, type AppStrings, type Locale } from '../i18n.ts';
import { MAX_ATTACHMENTS_PER_MESSAGE, MAX_MESSAGE_LENGTH } from '../limits.ts';
import { admitFiles, formatFileSize } from '../attachments.ts';
import { loadExtras, type Extras } from './Later.tsx';
import type { UploadFile, UploadResult } from '../widget-api.ts';

interface ComposerProps {
  strings: AppStrings;
  locale: Locale;
  /** Queue the text and uploaded files; `false` when refused (nothing to send, too long) and they should stay. */
  onSend: (text: string, attachments: readonly AttachmentRef[]) => boolean;
  /** Upload one file; aborted when the visitor removes it first. */
  onUpload: (file: UploadFile, signal: AbortSignal) => Promise<UploadResult>;
  /** Changes whenever the composer should take focus (panel opened). */
  focusSignal: number;
  /** The text changed (the typing signal to agents). */
  onTyping?: (text: string) => void;
}

/** A file picked for the next message: uploading, then uploaded (`ref`). */
interface DraftFile {
  key: string;
  name: string;
  size: number;
  ref: AttachmentRef | null;
}

/**
 * The message box: Enter sends, Shift+Enter adds a line, an IME composition (Korean input) is never cut short.
 * Files are uploaded as soon as they are picked and shown as chips above the box; the message is sent once every
 * upload is done, carrying their ids (a message of files only is fine).
 */
export function Composer({ strings, locale, onSend, onUpload, focusSignal, onTyping }: ComposerProps) {
  const [text, setText] = useState('');
  const [files, setFiles] = useState<readonly DraftFile[]>([]);
  const [error, setError] = useState('');
  const input = useRef<HTMLTextAreaElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  const uploads = useRef(new Map<string, AbortController>());
  const lastKey = useRef(0);

  useEffect(() => {
    input.current?.focus();
  }, [focusSignal]);

  useEffect(() => {
    const running = uploads.current;
    return () => running.forEach((upload) => upload.abort());
  }, []);

  const uploading = files.some((f) => f.ref === null);
  const uploaded = files.flatMap((f) => (f.ref ? [f.ref] : []));
  const canSend = !uploading && (text.trim() !== '' || uploaded.length > 0);

  function submit(): void {
    if (canSend && onSend(text, uploaded)) {
      setText('');
      setFiles([]);
      setError('');
    }
    input.current?.focus();
  }

  function onSubmit(event: TargetedEvent<HTMLFormElement, SubmitEvent>): void {
    event.preventDefault();
    submit();
  }

  function onKeyDown(event: TargetedKeyboardEvent<HTMLTextAreaElement>): void {
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing || event.keyCode === 229) return;
    event.preventDefault();
    submit();
  }

  /** Why a file was not attached: the words come with the extras chunk. */
  function explain(text: (extras: Extras) => string): void {
    loadExtras().then((x) => setError(text(x)), () => undefined);
  }

  function openPicker(): void {
    if (files.length >= MAX_ATTACHMENTS_PER_MESSAGE) {
      explain((x) => x.fileRefusalText('too_many', '', locale));
      return;
    }
    picker.current?.click();
  }

  function onPick(event: TargetedEvent<HTMLInputElement, Event>): void {
    const picked = [...(event.currentTarget.files ?? [])];
    event.currentTarget.value = ''; // picking the same file again still fires `change`
    if (picked.length === 0) return;
    const { accepted, refused } = admitFiles(picked, files.length);
    setError('');
    if (refused.length) explain((x) => refused.map(({ file, reason }) => x.fileRefusalText(reason, file.name, locale)).filter(unique).join(' '));
    const added = accepted.map((file) => {
      const key = `file-${++lastKey.current}`;
      void upload(key, file);
      return { key, name: file.name, size: file.size, ref: null };
    });
    setFiles((current) => [...current, ...added]);
  }

  async function upload(key: string, file: File): Promise<void> {
    const abort = new AbortController();
    uploads.current.set(key, abort);
    const result = await onUpload(file, abort.signal);
    uploads.current.delete(key);
    if (abort.signal.aborted) return; // removed meanwhile (or the composer is gone)
    if (result.ok) {
      setFiles((current) => current.map((f) => (f.key === key ? { ...f, ref: result.attachment } : f)));
    } else {
      setFiles((current) => current.filter((f) => f.key !== key));
      explain((x) => x.uploadErrorText(result.code, file.name, locale));
    }
  }

  function remove(key: string): void {
    uploads.current.get(key)?.abort();
    uploads.current.delete(key);
    setFiles((current) => current.filter((f) => f.key !== key));
    input.current?.focus(); // the removed chip's button is gone
  }

  return (
    <form class="composer" onSubmit={onSubmit}>
      {error && (
        <p class="composer-error" role="alert">
          {error}
        </p>
      )}
      {files.length > 0 && (
        <ul class="composer-files" aria-label={strings.attachments}>
          {files.map((file) => (
            // The name is cut to the chip's width: the whole of it as the chip's tooltip and accessible name.
            <li key={file.key} class={`file-chip${file.ref ? '' : ' is-uploading'}`} title={file.name}>
              <span class="file-chip-name">{file.name}</span>{' '}
              <span class="file-chip-status">{file.ref ? formatFileSize(file.size, locale) : strings.uploading}</span>
              <button
                type="button"
                class="file-chip-remove"
                aria-label={format(strings.removeAttachment, { name: file.name })}
                title={format(strings.removeAttachment, { name: file.name })}
                onClick={() => remove(file.key)}
              >
                <svg viewBox="0 0 24 24" width="14" height="14" aria-hidden="true" focusable="false">
                  <path d="M6.4 5 5 6.4 10.6 12 5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6z" />
                </svg>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div class="composer-row">
        <button
          type="button"
          class="attach-button"
          aria-label={strings.attachFile}
          title={strings.attachFile}
          onClick={openPicker}
        >
          <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
            <path d="M16.5 6v11.5a4 4 0 0 1-8 0V5a2.5 2.5 0 0 1 5 0v10.5a1 1 0 0 1-2 0V6H10v9.5a2.5 2.5 0 0 0 5 0V5a4 4 0 0 0-8 0v12.5a5.5 5.5 0 0 0 11 0V6z" />
          </svg>
        </button>
        <input
          ref={picker}
          type="file"
          multiple
          class="visually-hidden"
          tabIndex={-1}
          aria-hidden="true"
          onChange={onPick}
        />
        <label class="visually-hidden" for="parley-message">
          {strings.message}
        </label>
        <textarea
          id="parley-message"
          ref={input}
          class="composer-input"
          rows={2}
          maxLength={MAX_MESSAGE_LENGTH}
          placeholder={strings.messagePlaceholder}
          value={text}
          onInput={(event) => {
            setText(event.currentTarget.value);
            onTyping?.(event.currentTarget.value);
          }}
          onKeyDown={onKeyDown}
        />
        <button type="submit" class="send-button" disabled={!canSend}>
          {strings.send}
        </button>
      </div>
    </form>
  );
}

function unique(value: string, index: number, all: readonly string[]): boolean {
  return all.indexOf(value) === index;
}
