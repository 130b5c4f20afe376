import { describe, expect, it } from 'vitest';
import { LAUNCHER_STRINGS } from '../src/app/i18n.ts';
import { APP_EN } from '../src/app/strings-en.ts';
import { FORM_STRINGS } from '../src/app/forms/strings.ts';
import { LIST_STRINGS } from '../src/app/extras/list-strings.ts';
import { UPLOAD_STRINGS } from '../src/app/extras/upload-strings.ts';

/** The widget spells it as the inbox does: "Email" (the field, the prompt, the errors), never "E-mail". */
describe("the widget's English words for email", () => {
  it('say "Email" everywhere, as the inbox does', () => {
    const tables = { APP_EN, forms: FORM_STRINGS.en, list: LIST_STRINGS.en, upload: UPLOAD_STRINGS.en, launcher: LAUNCHER_STRINGS.en };
    const spelled = Object.entries(tables).flatMap(([table, strings]) =>
      Object.entries(strings).filter(([, text]) => /e-mail/i.test(text)).map(([key, text]) => `${table}.${key}: ${text}`),
    );
    expect(spelled).toEqual([]);
    expect(FORM_STRINGS.en.email).toBe('Email');
    expect(FORM_STRINGS.en.promptTitle).toBe('Get replies by email');
  });
});
