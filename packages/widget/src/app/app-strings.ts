import type { Locale } from './i18n.ts';
import { APP_EN, type AppStrings } from './strings-en.ts';
import { APP_KO } from './strings-ko.ts';

/** Both tables at once (tests, tools). The app itself loads only its locale's chunk (`load-strings.ts`). */
export const APP_STRINGS: Readonly<Record<Locale, AppStrings>> = { en: APP_EN, ko: APP_KO };
