import { linkify } from '@parley/protocol/links';

/**
 * A message's text with its http(s) URLs clickable, as the inbox shows them (the same `linkify`: text nodes and
 * `<a>` elements only, every href checked). Links open in a new tab, without an opener or a referrer.
 */
export function LinkedText({ text }: { text: string }) {
  return (
    <>
      {linkify(text).map((part) =>
        part.kind === 'text' ? (
          part.text
        ) : (
          <a href={part.href} target="_blank" rel="noopener noreferrer">
            {part.text}
          </a>
        ),
      )}
    </>
  );
}
