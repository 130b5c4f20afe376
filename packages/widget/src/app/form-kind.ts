import type { DeskAvailability, PublicForms } from '@parley/protocol';
import type { FormKind } from './forms/Form.tsx';

/**
 * Which of the desk's forms the chat shows now: before a conversation starts, the offline form when nobody would
 * answer, else the pre-chat form once per visitor; during one, the e-mail prompt while no e-mail is known. Nothing
 * until the server has said where the visitor stands (`availability` comes with the first resume).
 */
export function formKind(
  forms: PublicForms | undefined,
  s: { availability: DeskAvailability | null; emailKnown: boolean; preChatDone: boolean; started: boolean },
): FormKind | null {
  if (!forms || !s.availability) return null;
  if (s.started) return forms.emailPrompt && !s.emailKnown ? 'prompt' : null;
  if (forms.offline && s.availability !== 'online') return 'offline';
  return forms.preChat && !s.preChatDone ? 'prechat' : null;
}
