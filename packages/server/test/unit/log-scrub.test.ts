import { describe, expect, it } from 'vitest';
import { scrubText } from '../../src/lib/log-views.ts';

/** Error messages in the log lose connection-string credentials, in time linear in the message (issue #8). */
describe('scrubText', () => {
  it('hides the user:password part of connection strings and keeps the rest', () => {
    expect(scrubText('connect ECONNREFUSED mongodb://parley:s3cret@db1:27017/parley')).toBe('connect ECONNREFUSED mongodb://***@db1:27017/parley');
    expect(scrubText('redis://:pw@127.0.0.1:6379 and rediss://u:p@cache')).toBe('redis://***@127.0.0.1:6379 and rediss://***@cache');
    expect(scrubText('MONGODB+SRV://a:b@cluster.example.net/x')).toBe('MONGODB+SRV://***@cluster.example.net/x');
    expect(scrubText('mail mina@example.com about https://example.com/a@b')).toBe('mail mina@example.com about https://example.com/a@b');
  });

  it('finishes within a generous bound on 100 k characters that almost make a scheme', () => {
    for (const text of ['a.'.repeat(50_000), 'a-'.repeat(50_000) + '://x', ('a.b://' + 'c'.repeat(20)).repeat(4_000)]) {
      const start = performance.now();
      scrubText(text);
      expect(performance.now() - start, text.slice(0, 8)).toBeLessThan(200);
    }
  });
});
