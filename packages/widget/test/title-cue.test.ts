import { describe, expect, it } from 'vitest';
import { createTitleCue } from '../src/loader/title-cue.ts';

describe('title cue', () => {
  it('prefixes the unread mark and removes only its own prefix', () => {
    const doc = { title: 'Shop' } as Document;
    const cue = createTitleCue(doc);
    cue('');
    expect(doc.title).toBe('Shop');
    cue('2');
    expect(doc.title).toBe('(2) Shop');
    cue('9+');
    expect(doc.title).toBe('(9+) Shop');
    doc.title = '(9+) Cart'; // a single-page app moved on, keeping our cue
    cue('3');
    expect(doc.title).toBe('(3) Cart');
    doc.title = 'Checkout'; // ... or writing its own title
    cue('');
    expect(doc.title).toBe('Checkout');
  });

  it('never writes the title while there is nothing to show', () => {
    let writes = 0;
    const doc = {
      get title() {
        return '(1) Inbox';
      },
      set title(_value: string) {
        writes += 1;
      },
    } as Document;
    createTitleCue(doc)('');
    expect(writes).toBe(0); // "(1)" is the page's own, not ours
  });
});
