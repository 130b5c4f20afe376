import { useEffect, useState } from 'preact/hooks';
import type { Message, PublicFormField, PublicForms } from '@parley/protocol';
import type { ChatController } from '../chat-controller.ts';
import type { Locale } from '../i18n.ts';
import { AnswerForm } from './AnswerForm.tsx';
import { shownFields } from './answers.ts';
import { promptDueAt } from './prompt-due.ts';
import { FORM_STRINGS } from './strings.ts';

/** The chat's forms (pre-chat, offline, e-mail prompt): in the extras chunk, loaded only when one is to be shown. */
export type FormKind = 'prechat' | 'offline' | 'prompt';

export interface FormProps {
  kind: FormKind;
  forms: PublicForms;
  locale: Locale;
  controller: Pick<ChatController, 'profile' | 'send'>;
  /** The current conversation's messages (the prompt waits for an answer that does not come). */
  messages: readonly Message[];
}

const blank = { en: '', ko: '' };
const EMAIL: PublicFormField = { kind: 'email', key: 'email', label: blank, required: true };

export function Form({ kind, forms, locale, controller, messages }: FormProps) {
  const strings = FORM_STRINGS[locale];
  const common = { locale, strings, profile: controller.profile };
  if (kind === 'prechat') {
    return (
      <AnswerForm {...common} form="prechat" fields={shownFields(forms.preChat)} title={strings.preChatTitle} intro={strings.preChatIntro} submit={strings.start} autoFocus />
    );
  }
  if (kind === 'offline') {
    const message: PublicFormField = { kind: 'text', key: 'message', label: { en: strings.message, ko: strings.message }, required: true };
    return (
      <AnswerForm
        {...common}
        form="offline"
        fields={[EMAIL]}
        message={message}
        title={strings.offlineTitle}
        intro={strings.offlineIntro}
        submit={strings.offlineSend}
        onSaved={(values) => controller.send(values['message'] ?? '')}
        autoFocus
      />
    );
  }
  return <EmailPrompt {...common} messages={messages} />;
}

/** "Get replies by e-mail", once nobody has answered the visitor's first message for a while; Escape puts it away. */
function EmailPrompt({ messages, ...common }: Pick<FormProps, 'messages'> & Omit<Parameters<typeof AnswerForm>[0], 'form' | 'fields' | 'title' | 'intro' | 'submit'>) {
  const { strings } = common;
  const due = promptDueAt(messages);
  const [now, setNow] = useState(() => Date.now());
  const [later, setLater] = useState(false);
  useEffect(() => {
    if (due === null || due <= now) return;
    const timer = setTimeout(() => setNow(Date.now()), due - now);
    return () => clearTimeout(timer);
  }, [due, now]);
  if (later || due === null || due > now) return null;
  return (
    <div
      class="answer-prompt"
      onKeyDown={(e) => {
        if (e.key !== 'Escape' || e.isComposing) return;
        e.preventDefault(); // the prompt goes, the chat stays open
        setLater(true);
      }}
    >
      <AnswerForm
        {...common}
        form="email"
        fields={[EMAIL]}
        title={strings.promptTitle}
        intro={strings.promptIntro}
        submit={strings.promptSave}
        later={strings.promptLater}
        onLater={() => setLater(true)}
      />
    </div>
  );
}
