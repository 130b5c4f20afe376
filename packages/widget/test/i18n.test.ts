import { describe, expect, it } from 'vitest';
import { FRAME_TITLE, LAUNCHER_STRINGS, LOCALES, format } from '../src/app/i18n.ts';
import { APP_STRINGS } from '../src/app/app-strings.ts';

describe('i18n tables', () => {
  for (const [name, table] of Object.entries({ APP_STRINGS, LAUNCHER_STRINGS })) {
    it(`${name} has the same keys in every locale, none empty`, () => {
      const keys = Object.keys(table.en).sort();
      for (const locale of LOCALES) {
        expect(Object.keys(table[locale]).sort()).toEqual(keys);
        for (const value of Object.values(table[locale])) expect(value.trim()).not.toBe('');
      }
    });

    it(`${name} Korean is actually translated`, () => {
      const korean = Object.values(table.ko).filter((value) => /[가-힣]/.test(value));
      expect(korean.length).toBe(Object.keys(table.ko).length);
    });

    it(`${name} uses the same placeholders in every locale`, () => {
      for (const key of Object.keys(table.en) as (keyof typeof table.en)[]) {
        const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
        expect(placeholders(table.ko[key])).toEqual(placeholders(table.en[key]));
      }
    });
  }

  it('has the names the accessibility tests rely on', () => {
    expect(LAUNCHER_STRINGS.en.openChat).toBe('Open chat');
    expect(LAUNCHER_STRINGS.ko.openChat).toBe('채팅 열기');
    expect(FRAME_TITLE).toEqual({ en: 'Chat', ko: '채팅 상담' });
    expect(`${LAUNCHER_STRINGS.en.openChat}, ${LAUNCHER_STRINGS.en.unread.replace('{count}', '2')}`).toBe('Open chat, 2 unread');
    expect(`${LAUNCHER_STRINGS.ko.openChat}, ${LAUNCHER_STRINGS.ko.unread.replace('{count}', '2')}`).toBe('채팅 열기, 읽지 않은 메시지 2개');
    expect(APP_STRINGS.en.send).toBe('Send');
    expect(APP_STRINGS.ko.send).toBe('보내기');
    expect(APP_STRINGS.ko.reconnecting).toBe('다시 연결 중…');
    expect(APP_STRINGS.en.attachFile).toBe('Attach a file');
    expect(APP_STRINGS.ko.attachFile).toBe('파일 첨부');
    expect(format(APP_STRINGS.en.removeAttachment, { name: 'a.png' })).toBe('Remove a.png');
    expect(format(APP_STRINGS.ko.removeAttachment, { name: 'a.png' })).toBe('a.png 삭제');
  });
});

describe('format', () => {
  it('fills placeholders and leaves unknown ones', () => {
    expect(format('{count} unread messages', { count: 3 })).toBe('3 unread messages');
    expect(format('{a} and {b}', { a: 'x' })).toBe('x and {b}');
    expect(format('{constructor}', {})).toBe('{constructor}');
  });
});
