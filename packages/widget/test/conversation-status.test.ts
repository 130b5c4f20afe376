import { describe, expect, it } from 'vitest';
import { statusLabel } from '../src/app/extras/ConversationsPane.tsx';
import { LIST_STRINGS } from '../src/app/extras/list-strings.ts';

/** The status each conversation of the visitor's list (☰) shows: the inbox's words for the same ticket. */
describe("the status in the visitor's list of conversations", () => {
  it('says Open, Answered, Resolved and Closed as the inbox does, in English and Korean', () => {
    const labels = (locale: 'en' | 'ko') => (['new', 'open', 'snoozed', 'pending', 'resolved', 'closed'] as const).map((s) => statusLabel(s, LIST_STRINGS[locale]));
    expect(labels('en')).toEqual(['Open', 'Open', 'Open', 'Answered', 'Resolved', 'Closed']);
    expect(labels('ko')).toEqual(['진행 중', '진행 중', '진행 중', '답변 완료', '해결됨', '종료됨']);
  });
});
