import { describe, expect, it } from 'vitest';
import { createUnreadCounter } from '../src/app/unread-counter.ts';

describe('unread counter', () => {
  it('counts agent messages only while the chat is not looked at, and resets once', () => {
    const reports: number[] = [];
    const unread = createUnreadCounter((count) => reports.push(count));
    unread.agentMessage(); // attended: not counted
    unread.setAttended(false);
    unread.agentMessage();
    unread.agentMessage();
    unread.setAttended(true);
    unread.setAttended(true);
    expect(reports).toEqual([1, 2, 0]);
  });

  it('drops the count when the visitor read the messages in another tab', () => {
    const reports: number[] = [];
    const unread = createUnreadCounter((count) => reports.push(count), false);
    unread.read(); // nothing counted: nothing reported
    unread.agentMessage();
    unread.read();
    unread.agentMessage();
    expect(reports).toEqual([1, 0, 1]);
  });
});
