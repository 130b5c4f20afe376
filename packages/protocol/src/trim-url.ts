/**
 * The end of a URL found in running text, decided in one backward pass: sentence punctuation after a URL belongs
 * to the sentence ("see https://example.com/a."), and so does a closing bracket that closes nothing inside the
 * URL ("(see https://example.com/a)"), while a balanced one is part of it ("https://en.wikipedia.org/wiki/Foo_(bar)").
 * Linear in the candidate's length whatever it holds: a visitor's message of a URL and 10,000 `)` must not
 * freeze an agent's tab (issue #8).
 */

const SENTENCE_MARKS = '.,:;!?*_~';
const OPENER_OF: ReadonlyMap<string, string> = new Map([
  [')', '('],
  [']', '['],
  ['}', '{'],
]);

/** `candidate` without its trailing sentence punctuation and unmatched closing brackets. */
export function trimUrl(candidate: string): string {
  const counts = new Map<string, number>();
  for (const ch of candidate) {
    if ('()[]{}'.includes(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  const count = (ch: string) => counts.get(ch) ?? 0;
  let end = candidate.length;
  while (end > 0) {
    const last = candidate[end - 1]!;
    const opener = OPENER_OF.get(last);
    if (SENTENCE_MARKS.includes(last)) {
      end -= 1;
    } else if (opener !== undefined && count(last) > count(opener)) {
      // Only closers are ever removed, so the counts stay those of the URL as trimmed so far.
      counts.set(last, count(last) - 1);
      end -= 1;
    } else {
      break;
    }
  }
  return candidate.slice(0, end);
}
