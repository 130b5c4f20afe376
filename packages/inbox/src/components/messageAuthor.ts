import type { Message } from '@parley/protocol/model';
import type { I18n } from '../hooks/useI18n.ts';

/**
 * The name shown for a message's author: the stored name, else the customer's name for a visitor's message (when the
 * caller knows it), else the role in the locale.
 */
export function messageAuthor(t: I18n['t'], message: Message, customer: string | null = null): string {
  if (message.authorName) return message.authorName;
  if (message.type === 'visitor' && customer) return customer;
  switch (message.type) {
    case 'visitor':
      return t('message.visitor');
    case 'system':
      return t('message.system');
    default:
      return t('message.agent');
  }
}
