import { Later } from './Later.tsx';

/** What a URL starts with: only such a text loads the extras chunk, whose `linkify` decides what is a link. */
const MAY_LINK = /https?:\/\//i;

/** A message's text; its links become clickable once the extras chunk is there (plain text meanwhile). */
export function MessageText({ text }: { text: string }) {
  return <p class="message-text">{MAY_LINK.test(text) ? <Later render={(x) => <x.LinkedText text={text} />} fallback={text} /> : text}</p>;
}
