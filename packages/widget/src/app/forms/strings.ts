import type { Locale } from '../i18n.ts';

/** The forms' strings in both languages: they come with the forms chunk, never with the first paint. */
const EN = {
  preChatTitle: 'Before we start',
  preChatIntro: 'Tell us a little about you so the right person can help.',
  start: 'Start chat',
  offlineTitle: 'We are away right now',
  offlineIntro: 'Leave your email and your message: we will reply as soon as we are back.',
  offlineSend: 'Send message',
  promptTitle: 'Get replies by email',
  promptIntro: 'Nobody has answered yet. Leave your email so we can reach you.',
  promptSave: 'Save email',
  promptLater: 'Not now',
  promptSaved: 'Thanks, we have your email.',
  name: 'Name',
  email: 'Email',
  phone: 'Phone',
  team: 'Topic',
  message: 'Message',
  choose: 'Choose…',
  optional: '(optional)',
  saving: 'Sending…',
  errorRequired: 'Please fill in this field.',
  errorEmail: 'Please enter a valid email address, like name@example.com.',
  errorPhone: 'Please enter a phone number (digits, spaces, + ( ) . / -).',
  errorInvalid: 'Please check this field.',
  errorFailed: 'This could not be sent. Please try again.',
};
export type FormStrings = Readonly<Record<keyof typeof EN, string>>;

const KO: FormStrings = {
  preChatTitle: '상담 시작 전에',
  preChatIntro: '알맞은 담당자가 도와드릴 수 있도록 몇 가지만 알려 주세요.',
  start: '채팅 시작',
  offlineTitle: '지금은 상담 시간이 아닙니다',
  offlineIntro: '이메일과 문의 내용을 남겨 주시면 돌아오는 대로 답변드리겠습니다.',
  offlineSend: '문의 남기기',
  promptTitle: '이메일로 답변 받기',
  promptIntro: '아직 답변한 상담원이 없습니다. 연락받으실 이메일을 남겨 주세요.',
  promptSave: '이메일 저장',
  promptLater: '나중에',
  promptSaved: '감사합니다. 이메일을 받았습니다.',
  name: '이름',
  email: '이메일',
  phone: '전화번호',
  team: '문의 유형',
  message: '문의 내용',
  choose: '선택하세요…',
  optional: '(선택)',
  saving: '보내는 중…',
  errorRequired: '이 항목을 입력해 주세요.',
  errorEmail: 'name@example.com 형식의 올바른 이메일 주소를 입력해 주세요.',
  errorPhone: '전화번호를 입력해 주세요 (숫자, 공백, + ( ) . / -).',
  errorInvalid: '이 항목을 확인해 주세요.',
  errorFailed: '보내지 못했습니다. 다시 시도해 주세요.',
};

export const FORM_STRINGS: Readonly<Record<Locale, FormStrings>> = { en: EN, ko: KO };
