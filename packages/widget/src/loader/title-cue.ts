/**
 * The host page's title shows the unread count while there is one, `(2) Shop`, as mail and chat tabs do. Only the
 * prefix this cue wrote is ever removed, and the title is not touched at all while there is nothing to show.
 */
export function createTitleCue(doc: Document): (mark: string) => void {
  let cue = '';
  return (mark) => {
    const title = doc.title;
    const base = cue && title.indexOf(cue) === 0 ? title.slice(cue.length) : title;
    cue = mark && `(${mark}) `;
    if (cue + base !== title) doc.title = cue + base;
  };
}
