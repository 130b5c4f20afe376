import { clip, listLine } from './list-text.ts';

/** The one-line preview shown in ticket lists, without invisible controls (see list-text.ts). */
export function previewOf(text: string, max = 140): string {
  return clip(listLine(text), max);
}

/** A message's preview: its text, or the names of its files when it has no text. */
export function previewOfMessage(m: { text: string; attachments: ReadonlyArray<{ name: string }> }): string {
  return previewOf(m.text || m.attachments.map((a) => `📎 ${a.name}`).join(' '));
}
