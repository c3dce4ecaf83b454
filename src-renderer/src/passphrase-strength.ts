/**
 * A rough strength estimate for the first-run form, for feedback only (main
 * enforces the 8-character minimum). A common password is weak however long
 * or varied it looks: guessers try those first.
 */
import { t } from './i18n/index.js';

export type StrengthLevel = 'short' | 'weak' | 'fair' | 'strong';

/** The most used passwords (and their bases before digits and symbols are tacked on). */
const COMMON = new Set(
  (
    'password passw0rd passphrase 12345678 123456789 1234567890 qwerty qwertyui qwertyuiop asdfghjk azerty ' +
    'iloveyou letmein welcome admin administrator monkey dragon football baseball sunshine princess ' +
    'trustno1 superman batman master shadow whatever starwars computer michael jennifer abc123 ' +
    'changeme secret lockleaf 11111111 00000000 87654321 abcdefgh'
  ).split(' '),
);

export function isCommon(passphrase: string): boolean {
  const plain = passphrase.toLowerCase().trim();
  return COMMON.has(plain) || COMMON.has(plain.replace(/[^a-z]+$/, '')) || COMMON.has(plain.replace(/[\d\W_]+/g, ''));
}

export function strength(passphrase: string): { score: 0 | 1 | 2 | 3; level: StrengthLevel; label: string } {
  if (passphrase.length < 8) return { score: 0, level: 'short', label: t('gate.short') };
  if (isCommon(passphrase)) return { score: 1, level: 'weak', label: t('gate.common') };
  const kinds = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(passphrase)).length;
  const words = passphrase.trim().split(/\s+/).length;
  const bits = passphrase.length * Math.log2(10 + kinds * 16) * (words >= 4 ? 1.2 : 1);
  if (bits < 60) return { score: 1, level: 'weak', label: t('gate.weak') };
  if (bits < 90) return { score: 2, level: 'fair', label: t('gate.fair') };
  return { score: 3, level: 'strong', label: t('gate.strong') };
}
