import { describe, expect, it } from 'vitest';
import { CHANNELS, CONVERSATION_STATUSES, PRIORITIES } from '@parley/protocol/model';
import { QUEUES } from '../src/state/conversations.ts';
import {
  TABLES,
  channelKey,
  detectLocale,
  en,
  ko,
  priorityKey,
  statusKey,
  translate,
  type MessageKey,
} from '../src/i18n.ts';

describe('i18n tables', () => {
  it('en and ko have exactly the same keys', () => {
    expect(Object.keys(ko).sort()).toEqual(Object.keys(en).sort());
  });

  it('no entry is empty and ko is actually translated where words are expected', () => {
    for (const table of Object.values(TABLES)) {
      for (const [key, text] of Object.entries(table)) expect(text.trim(), key).not.toBe('');
    }
    expect(ko['auth.login']).toBe('로그인');
    expect(ko['status.label']).toBe('상태');
    expect(ko['priority.label']).toBe('우선순위');
    expect(ko['assignee.label']).toBe('담당자');
    expect(en['assignee.label']).toBe('Assignee');
    expect(ko['assignee.none']).toBe('미배정');
    expect(en['assignee.none']).toBe('Unassigned');
    expect(ko['queue.unassigned']).toBe('미배정');
    expect(ko['status.resolved']).toBe('해결됨');
    expect(ko['message.note']).toBe('내부 메모');
  });

  it('spells "Email" one way in English, as the login page and the contact panel do', () => {
    const hyphenated = Object.entries(en).filter(([, text]) => /e-mail/i.test(text)).map(([key]) => key);
    expect(hyphenated).toEqual([]);
    expect(en['agents.email']).toBe('Email');
  });

  it('uses the same placeholders in both languages', () => {
    const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();
    for (const key of Object.keys(en) as MessageKey[]) {
      expect(placeholders(ko[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it('has a label for every status, priority, channel and queue', () => {
    const keys = new Set(Object.keys(en));
    for (const s of CONVERSATION_STATUSES) expect(keys.has(statusKey(s)), s).toBe(true);
    for (const p of PRIORITIES) expect(keys.has(priorityKey(p)), p).toBe(true);
    for (const c of CHANNELS) expect(keys.has(channelKey(c)), c).toBe(true);
    for (const q of QUEUES) expect(keys.has(`queue.${q}`), q).toBe(true);
  });
});

describe('translate', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('en', 'auth.signedInAs', { name: 'Mina' })).toBe('Signed in as Mina');
    expect(translate('ko', 'auth.signedInAs', { name: 'Mina' })).toBe('Mina 님으로 로그인됨');
    expect(translate('en', 'auth.signedInAs')).toBe('Signed in as {name}');
  });
});

describe('detectLocale', () => {
  it('prefers the stored choice', () => {
    expect(detectLocale('en', ['ko-KR'])).toBe('en');
    expect(detectLocale('ko', ['en-US'])).toBe('ko');
  });

  it('falls back to the first supported browser language, then English', () => {
    expect(detectLocale(null, ['ko-KR', 'en-US'])).toBe('ko');
    expect(detectLocale('fr', ['fr-FR', 'KO'])).toBe('ko');
    expect(detectLocale(null, ['de-DE'])).toBe('en');
    expect(detectLocale(null, [])).toBe('en');
  });
});
