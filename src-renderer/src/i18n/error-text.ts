import type { ErrorData } from '../../../src-shared/errors.js';
import { en } from './en/index.js';
import { language, t } from './index.js';

type Known = keyof (typeof en)['errors'];
const isKnown = (code: string): code is Known => Object.hasOwn(en.errors, code);

/**
 * What to show for an error from main: its own message in English (it may name a file or a limit), the catalogue's
 * text by code in German and French when there is one, else main's English message.
 */
export function errorText(error: ErrorData): string {
  if (language() === 'en' || !isKnown(error.code)) return error.message;
  const ms = error.details?.retryAfterMs;
  return t(`errors.${error.code}`, { seconds: typeof ms === 'number' ? Math.ceil(ms / 1000) : '' });
}
