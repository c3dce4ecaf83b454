/**
 * Language data for OCR, from the @tesseract.js-data packages installed with
 * the app (never downloaded). tesseract.js reads every language from one
 * folder, so the bundled files are copied once into `<dataDir>/tessdata`.
 * These are public model files, not user data.
 */
import { copyFile, mkdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ocrLanguages, type OcrLanguageCode } from '../../src-shared/settings.js';

const require = createRequire(import.meta.url);

/** The languages whose data ships with the app: the list Preferences offers. */
export const BUNDLED_LANGUAGES = ocrLanguages;
export type OcrLanguage = OcrLanguageCode;

/** `best_int`: the LSTM models tesseract.js recommends; `legacy` for orientation detection (osd). */
export function bundledFile(lang: string, flavour: 'best_int' | 'legacy' = 'best_int'): string {
  const root = dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`));
  return join(root, flavour === 'best_int' ? '4.0.0_best_int' : '4.0.0', `${lang}.traineddata.gz`);
}

async function sameSize(a: string, b: string): Promise<boolean> {
  try {
    const [x, y] = await Promise.all([stat(a), stat(b)]);
    return x.size === y.size;
  } catch {
    return false;
  }
}

export async function prepareTessdata(dataDir: string, langs: readonly string[]): Promise<string> {
  const dir = join(dataDir, 'tessdata');
  await mkdir(dir, { recursive: true });
  const files = [...langs.map((l) => [l, bundledFile(l)] as const), ['osd', bundledFile('osd', 'legacy')] as const];
  for (const [lang, source] of files) {
    const target = join(dir, `${lang}.traineddata.gz`);
    if (!(await sameSize(source, target))) await copyFile(source, target);
  }
  return dir;
}
