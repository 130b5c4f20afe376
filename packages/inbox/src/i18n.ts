/**
 * Every string the inbox shows, in English and Korean. Korean uses the words support agents use
 * (티켓, 상태, 우선순위, 담당자, 미배정, 해결됨, 내부 메모). `ko` is typed against `en`, so a missing key
 * fails the typecheck; test/i18n.test.ts checks the same at run time.
 */
import type { Channel, ConversationStatus, Priority } from '@parley/protocol/model';

export const LOCALES = ['en', 'ko'] as const;
export type Locale = (typeof LOCALES)[number];

export const en = {
  'app.title': 'Parley Inbox',
  'app.skip': 'Skip to ticket',
  'locale.switch': '한국어',

  'auth.heading': 'Log in to your desk',
  'auth.email': 'Email',
  'auth.password': 'Password',
  'auth.login': 'Log in',
  'auth.logout': 'Log out',
  'auth.checking': 'Loading…',
  'auth.sessionEnded': 'Your session has ended. Please log in again.',
  'auth.signedInAs': 'Signed in as {name}',

  'queue.label': 'Queues',
  'queue.all': 'All',
  'queue.unassigned': 'Unassigned',
  'queue.mine': 'Mine',
  'queue.snoozed': 'Snoozed',
  'queue.resolved': 'Resolved',

  'list.label': 'Conversations',
  'list.loading': 'Loading conversations…',
  'list.empty': 'No conversations in this queue.',

  'status.label': 'Status',
  'status.new': 'New',
  'status.open': 'Open',
  'status.pending': 'Pending',
  'status.snoozed': 'Snoozed',
  'status.resolved': 'Resolved',
  'status.closed': 'Closed',

  'priority.label': 'Priority',
  'priority.low': 'Low',
  'priority.normal': 'Normal',
  'priority.high': 'High',
  'priority.urgent': 'Urgent',

  'assignee.label': 'Assignee',
  'assignee.none': 'Unassigned',
  'assignee.me': 'You',
  'assignee.other': 'Another agent',
  'assignee.meOption': '{name} (you)',

  'channel.web': 'Web chat',
  'channel.email': 'Email',
  'channel.api': 'API',

  'ticket.label': 'Ticket',
  'ticket.none': 'Select a conversation from the list.',
  'ticket.loading': 'Loading ticket…',
  'ticket.assignToMe': 'Assign to me',
  'ticket.assignedToYou': 'Assigned to you',
  'ticket.conflict': 'Someone else changed this ticket. It has been refreshed: check it and try again.',
  'ticket.updateFailed': 'Could not update the ticket: {message}',

  'timeline.label': 'Timeline',
  'timeline.empty': 'No messages yet.',
  'message.note': 'Internal note',
  'message.missed': 'New while you were writing',
  'message.visitor': 'Visitor',
  'message.agent': 'Agent',
  'message.system': 'System',

  'composer.label': 'Reply',
  'composer.mode': 'Message type',
  'composer.reply': 'Reply',
  'composer.note': 'Note',
  'composer.send': 'Send',
  'composer.sending': 'Sending…',
  'composer.placeholderReply': 'Reply to the customer (Ctrl+Enter sends)',
  'composer.placeholderNote': 'Internal note: only agents see it (Ctrl+Enter sends)',
  'composer.failed': 'Not sent: {message}',

  'attach.button': 'Attach files',
  'attach.limits': 'Up to {count} files, {max} each',
  'attach.list': 'Attachments',
  'attach.remove': 'Remove {name}',
  'attach.uploading': 'Uploading…',
  'attach.empty': '{name} was not attached: the file is empty.',
  'attach.tooLarge': '{name} was not attached: a file can be at most {max}.',
  'attach.tooMany': '{name} was not attached: a message can carry at most {count} files.',
  'attach.failed': 'Could not upload {name}: {message}',
  'attach.wait': 'Wait until the files have finished uploading, then send.',
  'attach.summary': 'Attachments: {names}',

  'presence.label': 'Also on this ticket',
  'presence.viewing': 'viewing now',
  'presence.background': 'open in a background tab',
  'presence.backgroundShort': 'background tab',
  'presence.replying': 'replying',
  'presence.note': 'writing a note',
  'presence.more': '{count} more: {names}',
  'presence.oneReplying': '{name} is replying…',
  'presence.manyReplying': '{names} are replying…',
  'presence.oneNote': '{name} is writing a note…',
  'presence.manyNote': '{names} are writing a note…',
  'presence.listViewing': 'viewing: {names}',
  'presence.listBackground': 'in a background tab: {names}',
  'presence.listReplying': 'replying: {names}',
  'presence.listNote': 'writing a note: {names}',

  'stale.title': 'New messages arrived while you were typing',
  'stale.hint': 'Your reply is kept. Review what changed, or send it as it is.',
  'stale.sendAnyway': 'Send anyway',
  'stale.review': 'Review',
  'stale.changedTitle': 'The ticket changed while you were typing',
  'others.title': 'This ticket is assigned to {name}',
  'others.hint': 'They may be answering the customer already. Your reply is kept until you decide.',
  'others.replyAnyway': 'Reply anyway',
  'others.cancel': 'Cancel',
  'stale.reassigned': 'It was assigned to {name} while you were writing.',
  'stale.resolved': 'It was resolved while you were writing.',
  'stale.someoneElse': 'someone else',

  'team.label': 'Team',
  'team.none': 'No team',
  'team.other': 'Another team',
  'tags.label': 'Tags',
  'tags.add': 'Add a tag',
  'tags.addHint': 'Enter adds it',
  'tags.invalid': 'A tag holds letters, digits, spaces, - and _ (40 at most)',
  'tags.remove': 'Remove the tag {tag}',
  'snooze.until': 'Snoozed until {time}',
  'snooze.title': 'Snooze until',
  'snooze.oneHour': 'In an hour',
  'snooze.tomorrow': 'Tomorrow at 9:00',
  'snooze.nextWeek': 'Next Monday at 9:00',
  'snooze.custom': 'Date and time',
  'snooze.apply': 'Snooze',
  'snooze.cancel': 'Cancel',
  'snooze.wake': 'Wake now',
  'activity.status': '{actor} set the status to {to}',
  'activity.snoozed': '{actor} snoozed this until {to}',
  'activity.assigned': '{actor} assigned this to {to}',
  'activity.unassigned': '{actor} unassigned this',
  'activity.claimed': '{actor} took this ticket by replying',
  'activity.team': '{actor} moved this to {to}',
  'activity.teamNone': '{actor} took this out of its team',
  'activity.priority': '{actor} set the priority to {to}',
  'activity.tags': '{actor} set the tags: {to}',
  'activity.subject': '{actor} renamed this “{to}”',
  'activity.woke': 'The snooze ended: back to open',
  'activity.reopened': 'The customer wrote again: reopened',
  'activity.routed': 'Routing assigned this to {to}',
  'activity.routedBack': 'Routing took this back from {from} (offline)',
  'activity.customer': 'The customer',
  'activity.actorSelf': 'You',
  'activity.actorAgent': '{name}',
  'activity.agentSelf': 'you',
  'activity.agentName': '{name}',
  'activity.system': 'Parley',
  'contact.label': 'Contact',
  'contact.visitor': 'Visitor',
  'contact.email': 'Email',
  'contact.channel': 'Channel',
  'contact.created': 'Created',

  'connection.offline': 'Connection lost. Reconnecting…',
  'error.unavailable': 'The server cannot be reached. Try again in a moment.',
  'error.rate_limited': 'Too many requests. Wait a moment and try again.',
  'error.forbidden': 'You are not allowed to do that.',
  'error.not_found': 'This ticket no longer exists.',
  'error.payload_too_large': 'The message is too long.',
  'error.unsupported_encoding': 'The file was sent compressed; Parley accepts files only uncompressed.',
} as const satisfies Record<string, string>;

export type MessageKey = keyof typeof en;
export type Table = Record<MessageKey, string>;

export const ko: Table = {
  'app.title': 'Parley 인박스',
  'app.skip': '티켓으로 건너뛰기',
  'locale.switch': 'English',

  'auth.heading': '상담 데스크에 로그인',
  'auth.email': '이메일',
  'auth.password': '비밀번호',
  'auth.login': '로그인',
  'auth.logout': '로그아웃',
  'auth.checking': '불러오는 중…',
  'auth.sessionEnded': '세션이 종료되었습니다. 다시 로그인하세요.',
  'auth.signedInAs': '{name} 님으로 로그인됨',

  'queue.label': '티켓 큐',
  'queue.all': '전체',
  'queue.unassigned': '미배정',
  'queue.mine': '내 티켓',
  'queue.snoozed': '다시 알림',
  'queue.resolved': '해결됨',

  'list.label': '대화 목록',
  'list.loading': '대화 목록을 불러오는 중…',
  'list.empty': '이 큐에는 대화가 없습니다.',

  'status.label': '상태',
  'status.new': '신규',
  'status.open': '진행 중',
  'status.pending': '보류 중',
  'status.snoozed': '다시 알림',
  'status.resolved': '해결됨',
  'status.closed': '종료됨',

  'priority.label': '우선순위',
  'priority.low': '낮음',
  'priority.normal': '보통',
  'priority.high': '높음',
  'priority.urgent': '긴급',

  'assignee.label': '담당자',
  'assignee.none': '미배정',
  'assignee.me': '나',
  'assignee.other': '다른 상담원',
  'assignee.meOption': '{name} (나)',

  'channel.web': '웹 채팅',
  'channel.email': '이메일',
  'channel.api': 'API',

  'ticket.label': '티켓',
  'ticket.none': '목록에서 대화를 선택하세요.',
  'ticket.loading': '티켓을 불러오는 중…',
  'ticket.assignToMe': '나에게 배정',
  'ticket.assignedToYou': '나에게 배정됨',
  'ticket.conflict': '다른 상담원이 이 티켓을 변경했습니다. 티켓을 새로 고쳤으니 확인한 뒤 다시 시도하세요.',
  'ticket.updateFailed': '티켓을 변경하지 못했습니다: {message}',

  'timeline.label': '타임라인',
  'timeline.empty': '아직 메시지가 없습니다.',
  'message.note': '내부 메모',
  'message.missed': '작성하는 동안 도착',
  'message.visitor': '방문자',
  'message.agent': '상담원',
  'message.system': '시스템',

  'composer.label': '답장',
  'composer.mode': '메시지 유형',
  'composer.reply': '답장',
  'composer.note': '메모',
  'composer.send': '보내기',
  'composer.sending': '보내는 중…',
  'composer.placeholderReply': '고객에게 답장 (Ctrl+Enter로 보내기)',
  'composer.placeholderNote': '내부 메모: 상담원만 볼 수 있습니다 (Ctrl+Enter로 보내기)',
  'composer.failed': '보내지 못했습니다: {message}',

  'attach.button': '파일 첨부',
  'attach.limits': '파일 최대 {count}개, 개당 {max}까지',
  'attach.list': '첨부 파일',
  'attach.remove': '{name} 삭제',
  'attach.uploading': '올리는 중…',
  'attach.empty': '{name} 파일은 첨부하지 않았습니다: 빈 파일입니다.',
  'attach.tooLarge': '{name} 파일은 첨부하지 않았습니다: 파일 하나는 최대 {max}까지 첨부할 수 있습니다.',
  'attach.tooMany': '{name} 파일은 첨부하지 않았습니다: 메시지 하나에 파일은 최대 {count}개까지 첨부할 수 있습니다.',
  'attach.failed': '{name} 파일을 올리지 못했습니다: {message}',
  'attach.wait': '파일을 다 올린 뒤에 보내세요.',
  'attach.summary': '첨부 파일: {names}',

  'presence.label': '이 티켓을 함께 보는 상담원',
  'presence.viewing': '지금 보는 중',
  'presence.background': '백그라운드 탭에 열어 둠',
  'presence.backgroundShort': '백그라운드 탭',
  'presence.replying': '답장 작성 중',
  'presence.note': '메모 작성 중',
  'presence.more': '외 {count}명: {names}',
  'presence.oneReplying': '{name} 님이 답장을 작성하는 중…',
  'presence.manyReplying': '{names} 님이 답장을 작성하는 중…',
  'presence.oneNote': '{name} 님이 내부 메모를 작성하는 중…',
  'presence.manyNote': '{names} 님이 내부 메모를 작성하는 중…',
  'presence.listViewing': '보는 중: {names}',
  'presence.listBackground': '백그라운드 탭: {names}',
  'presence.listReplying': '답장 작성 중: {names}',
  'presence.listNote': '메모 작성 중: {names}',

  'stale.title': '입력하는 동안 새 메시지가 도착했습니다',
  'stale.hint': '작성한 답장은 그대로 있습니다. 바뀐 내용을 검토하거나 그대로 보내세요.',
  'stale.sendAnyway': '그래도 보내기',
  'stale.review': '검토',
  'stale.changedTitle': '입력하는 동안 티켓이 바뀌었습니다',
  'others.title': '이 티켓은 {name} 님에게 배정되어 있습니다',
  'others.hint': '이미 고객에게 답하고 있을 수 있습니다. 결정할 때까지 작성한 답장은 그대로 있습니다.',
  'others.replyAnyway': '그래도 답장하기',
  'others.cancel': '취소',
  'stale.reassigned': '작성하는 동안 {name} 님에게 배정되었습니다.',
  'stale.resolved': '작성하는 동안 해결됨으로 바뀌었습니다.',
  'stale.someoneElse': '다른 상담원',

  'team.label': '팀',
  'team.none': '팀 없음',
  'team.other': '다른 팀',
  'tags.label': '태그',
  'tags.add': '태그 추가',
  'tags.addHint': 'Enter 키로 추가',
  'tags.invalid': '태그에는 글자, 숫자, 공백, -, _만 쓸 수 있습니다 (최대 40자)',
  'tags.remove': '{tag} 태그 삭제',
  'snooze.until': '{time}에 다시 알림',
  'snooze.title': '다시 알림 시각',
  'snooze.oneHour': '1시간 후',
  'snooze.tomorrow': '내일 오전 9시',
  'snooze.nextWeek': '다음 주 월요일 오전 9시',
  'snooze.custom': '날짜와 시간',
  'snooze.apply': '다시 알림 설정',
  'snooze.cancel': '취소',
  'snooze.wake': '지금 다시 열기',
  'activity.status': '{actor} 상태를 {to}(으)로 변경했습니다',
  'activity.snoozed': '{actor} {to}까지 다시 알림으로 미뤘습니다',
  'activity.assigned': '{actor} {to}에게 배정했습니다',
  'activity.unassigned': '{actor} 배정을 해제했습니다',
  'activity.claimed': '{actor} 답장하며 티켓을 맡았습니다',
  'activity.team': '{actor} {to} 팀으로 이관했습니다',
  'activity.teamNone': '{actor} 팀 지정을 해제했습니다',
  'activity.priority': '{actor} 우선순위를 {to}(으)로 변경했습니다',
  'activity.tags': '{actor} 태그를 변경했습니다: {to}',
  'activity.subject': '{actor} 제목을 “{to}”(으)로 변경했습니다',
  'activity.woke': '다시 알림 시각이 되어 다시 열렸습니다',
  'activity.reopened': '고객이 다시 문의하여 다시 열렸습니다',
  'activity.routed': '자동 배정: {to}에게 배정되었습니다',
  'activity.routedBack': '자동 배정: {from}의 배정이 해제되었습니다 (오프라인)',
  'activity.customer': '고객이',
  'activity.actorSelf': '내가',
  'activity.actorAgent': '{name} 님이',
  'activity.agentSelf': '나',
  'activity.agentName': '{name} 님',
  'activity.system': 'Parley가',
  'contact.label': '고객 정보',
  'contact.visitor': '방문자',
  'contact.email': '이메일',
  'contact.channel': '채널',
  'contact.created': '생성 시각',

  'connection.offline': '연결이 끊겼습니다. 다시 연결하는 중…',
  'error.unavailable': '서버에 연결할 수 없습니다. 잠시 후 다시 시도하세요.',
  'error.rate_limited': '요청이 너무 많습니다. 잠시 후 다시 시도하세요.',
  'error.forbidden': '이 작업을 할 권한이 없습니다.',
  'error.not_found': '이 티켓은 더 이상 존재하지 않습니다.',
  'error.payload_too_large': '메시지가 너무 깁니다.',
  'error.unsupported_encoding': '파일이 압축된 채로 전송되었습니다. Parley는 압축하지 않은 파일만 받습니다.',
};

export const TABLES: Record<Locale, Table> = { en, ko };

export type Params = Record<string, string | number>;

/** The text for `key` in `locale`, with `{name}` placeholders filled from `params`. */
export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  const text = TABLES[locale][key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

export function isLocale(value: unknown): value is Locale {
  return value === 'en' || value === 'ko';
}

/** The stored choice wins; else the first browser language we ship (`ko-KR` → ko); else English. */
export function detectLocale(stored: string | null, languages: readonly string[]): Locale {
  if (isLocale(stored)) return stored;
  for (const language of languages) {
    const base = language.toLowerCase().split('-')[0];
    if (isLocale(base)) return base;
  }
  return 'en';
}

export const statusKey = (status: ConversationStatus): MessageKey => `status.${status}`;
export const priorityKey = (priority: Priority): MessageKey => `priority.${priority}`;
export const channelKey = (channel: Channel): MessageKey => `channel.${channel}`;
