/**
 * Message text with its http(s) URLs clickable. Built from text nodes and `<a>` elements only (@parley/protocol/links
 * decides what is a link and checks every href); links open in a new tab without an opener or a referrer.
 */
import { useMemo } from 'preact/hooks';
import { linkify } from '@parley/protocol/links';

export function MessageText({ text }: { text: string }) {
  const parts = useMemo(() => linkify(text), [text]);
  return (
    <>
      {parts.map((part, i) =>
        part.kind === 'text' ? (
          part.text
        ) : (
          <a key={i} href={part.href} target="_blank" rel="noopener noreferrer">
            {part.text}
          </a>
        ),
      )}
    </>
  );
}
