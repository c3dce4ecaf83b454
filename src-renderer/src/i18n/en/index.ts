import { common } from './common.js';
import { language } from './language.js';

/** English: the source of truth. German and French must have exactly these keys. */
export const en = { common, language };

export type Catalogue = typeof en;
