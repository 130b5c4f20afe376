import type { AppStrings } from './strings-en.ts';

/** The chat app's strings in Korean (typed by the English keys: a missing or extra key fails typecheck). */
export const APP_KO: AppStrings = {
  documentTitle: '채팅 상담',
  deskFallbackName: '고객지원',
  greetingFallback: '안녕하세요! 무엇을 도와드릴까요?',
  closeChat: '채팅 닫기',
  conversation: '대화',
  authorYou: '나',
  authorAgentFallback: '상담원',
  message: '메시지',
  messagePlaceholder: '메시지를 입력하세요…',
  send: '보내기',
  sending: '보내는 중…',
  notSent: '전송 실패',
  retry: '다시 보내기',
  discard: '삭제',
  connecting: '연결 중…',
  reconnecting: '다시 연결 중…',
  unavailable: '지금은 채팅을 이용할 수 없습니다. 잠시 후 다시 시도해 주세요.',
  errorRateLimited: '메시지를 너무 빠르게 보내고 있습니다. 잠시 후 다시 시도해 주세요.',
  errorTooLong: '메시지가 너무 깁니다. 내용을 줄여서 다시 보내 주세요.',
  errorInvalid: '메시지를 보낼 수 없습니다. 내용을 확인한 뒤 다시 시도해 주세요.',
  errorGeneric: '메시지를 보내지 못했습니다. 다시 시도해 주세요.',
  attachFile: '파일 첨부',
  attachments: '첨부 파일',
  removeAttachment: '{name} 삭제',
  uploading: '올리는 중…',
  offline: '오프라인입니다. 연결되면 메시지를 보냅니다.',
  waiting: '연결을 기다리는 중…',
  sent: '전송됨',
  seen: '읽음',
  typing: '{name} 님이 입력 중…',
  queue: '대기 순서: {count}번째',
  conversations: '대화 목록',
  back: '뒤로',
  loading: '불러오는 중…',
};

/** What the app imports (`load-strings.ts`). */
export const S = APP_KO;
