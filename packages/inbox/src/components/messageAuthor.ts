import type { Message } from '@parley/protocol/model';
import type { I18n } from '../hooks/useI18n.ts';

/** The name shown for a message's author: the stored name, else the role in the locale. */
export function messageAuthor(t: I18n['t'], message: Message): string {
  if (message.authorName) return message.authorName;
  switch (message.type) {
    case 'visitor':
      return t('message.visitor');
    case 'system':
      return t('message.system');
    default:
      return t('message.agent');
  }
}
