import { describe, expect, it } from 'vitest';
import { localTimeOf, pageHref } from '../src/components/contact/local-time.ts';

describe('the visitor’s local time and pages in the contact sidebar', () => {
  const noon = new Date('2026-11-30T03:04:00Z');

  it('tells the time in the visitor’s zone, with its offset', () => {
    expect(localTimeOf({ timeZone: 'Asia/Seoul', utcOffset: 540 }, noon, 'en')).toBe('12:04 PM (UTC+9)');
    expect(localTimeOf({ timeZone: 'Asia/Seoul', utcOffset: 540 }, noon, 'ko')).toMatch(/12:04 \(UTC\+9\)$/); // 오후 where ICU has Korean
    expect(localTimeOf({ timeZone: 'Asia/Kolkata', utcOffset: 330 }, noon, 'en')).toBe('8:34 AM (UTC+5:30)');
  });

  it('falls back to the offset when the zone is missing or unknown, and says nothing without either', () => {
    expect(localTimeOf({ timeZone: null, utcOffset: -300 }, noon, 'en')).toBe('10:04 PM (UTC-5)');
    expect(localTimeOf({ timeZone: 'Mars/Olympus', utcOffset: 60 }, noon, 'en')).toBe('4:04 AM (UTC+1)');
    expect(localTimeOf({ timeZone: null, utcOffset: null }, noon, 'en')).toBeNull();
  });

  it('links only http(s) pages', () => {
    expect(pageHref('https://shop.example/cart?id=1')).toBe('https://shop.example/cart?id=1');
    expect(pageHref('javascript:alert(1)')).toBeNull();
    expect(pageHref('data:text/html,x')).toBeNull();
    expect(pageHref('not a url')).toBeNull();
  });
});
