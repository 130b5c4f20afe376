import type { Locale } from '../i18n.ts';

/**
 * The words of the list of conversations and of a conversation's end, in both languages: they come with the extras
 * chunk, not the first paint.
 */
const EN = {
  statusOpen: 'Open',
  statusAnswered: 'Answered',
  statusResolved: 'Resolved',
  statusClosed: 'Closed',
  noConversations: 'No conversations yet.',
  loadMore: 'Load more',
  conversationNumber: 'Conversation #{count}',
  newConversation: 'New conversation',
  resolvedNotice: 'This conversation is resolved. Write to continue it, or start a new one.',
  closedNotice: 'This conversation is closed.',
  /** The chat menu's switch of the chime for an agent's reply while the chat is closed. */
  sound: 'Sound for new replies',
};
export type ListStrings = Readonly<Record<keyof typeof EN, string>>;

export const LIST_STRINGS: Readonly<Record<Locale, ListStrings>> = {
  en: EN,
  ko: {
    statusOpen: '진행 중',
    statusAnswered: '답변 완료',
    statusResolved: '해결됨',
    statusClosed: '종료됨',
    noConversations: '아직 대화가 없습니다.',
    loadMore: '더 보기',
    conversationNumber: '대화 #{count}',
    newConversation: '새 대화',
    resolvedNotice: '해결된 대화입니다. 이어서 쓰거나 새 대화를 시작하세요.',
    closedNotice: '종료된 대화입니다.',
    sound: '새 답변 알림음',
  },
};
