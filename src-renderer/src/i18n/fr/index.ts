import type { Catalogue } from '../en/index.js';
import { common } from './common.js';
import { files, destroy } from './files.js';
import { gate, bucket } from './gate.js';
import { language } from './language.js';

export const fr: Catalogue = { common, files, destroy, gate, bucket, language };
