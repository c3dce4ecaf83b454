import { describe, expect, it } from 'vitest';
import { isLockleafError } from '../../errors.js';
import { formatSecretKey, newSecretKey, parseSecretKey, SECRET_KEY_BYTES } from './secret-key.js';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
// Fixed keys (edges and a few arbitrary ones) plus fresh random ones.
const KEYS = [
  Buffer.alloc(16, 0),
  Buffer.alloc(16, 0xff),
  Buffer.from('00112233445566778899aabbccddeeff', 'hex'),
  Buffer.from('8000000000000000000000000000000a', 'hex'),
  newSecretKey(),
  newSecretKey(),
  newSecretKey(),
];

function code(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return isLockleafError(error) ? error.code : `unexpected: ${String(error)}`;
  }
}

/** Positions of the 30 symbols inside `LL1-XXXXX-…` (skipping the prefix and hyphens). */
function symbolPositions(text: string): number[] {
  const positions: number[] = [];
  for (let i = 4; i < text.length; i++) if (text[i] !== '-') positions.push(i);
  return positions;
}

describe('Secret Key', () => {
  it('is 16 random bytes', () => {
    const a = newSecretKey();
    expect(a).toHaveLength(SECRET_KEY_BYTES);
    expect(a.equals(newSecretKey())).toBe(false);
  });

  it('formats as LL1 and six groups of five Crockford symbols, and parses back', () => {
    for (const key of KEYS) {
      const text = formatSecretKey(key);
      expect(text).toMatch(/^LL1(-[0-9A-HJKMNP-TV-Z]{5}){6}$/);
      expect(parseSecretKey(text).equals(key)).toBe(true);
    }
  });

  it('accepts lower case, spaces, no hyphens, no prefix, and O/I/L for 0/1', () => {
    const key = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
    const text = formatSecretKey(key);
    const symbols = text.slice(4).replace(/-/g, '');
    const variants = [
      text.toLowerCase(),
      ` ${text.replace(/-/g, ' ')} `,
      text.replace(/-/g, ''),
      symbols,
      symbols.replace(/0/g, 'o').replace(/1/g, 'l'),
      `LL1-${symbols.replace(/1/g, 'I').replace(/0/g, 'O')}`,
      `lli ${symbols.toLowerCase()}`,
    ];
    expect(symbols).toMatch(/[01]/); // so the O/I/L variants really differ
    for (const variant of variants) expect(parseSecretKey(variant).equals(key)).toBe(true);
  });

  it('catches every single changed symbol', () => {
    for (const key of KEYS) {
      const text = formatSecretKey(key);
      for (const at of symbolPositions(text)) {
        for (const replacement of ALPHABET) {
          if (replacement === text[at]) continue;
          const typo = text.slice(0, at) + replacement + text.slice(at + 1);
          expect(
            code(() => parseSecretKey(typo)),
            `${at} → ${replacement}`,
          ).toBe('SECRET_KEY_INVALID');
        }
      }
    }
  });

  it('catches every two swapped symbols, adjacent or not', () => {
    for (const key of KEYS) {
      const text = formatSecretKey(key);
      const positions = symbolPositions(text);
      for (const [n, i] of positions.entries()) {
        for (const j of positions.slice(n + 1)) {
          if (text[i] === text[j]) continue;
          const chars = [...text];
          [chars[i], chars[j]] = [chars[j] ?? '', chars[i] ?? ''];
          expect(
            code(() => parseSecretKey(chars.join(''))),
            `${i} ↔ ${j}`,
          ).toBe('SECRET_KEY_INVALID');
        }
      }
    }
  });

  it('refuses a wrong length, a character no key uses, and another version, without echoing the input', () => {
    const text = formatSecretKey(KEYS[2] ?? Buffer.alloc(16));
    const cases = [
      text.slice(0, -1),
      `${text}Q`,
      text.slice(0, 6) + 'U' + text.slice(7),
      text.slice(0, 6) + '*' + text.slice(7),
      `LL2${text.slice(3)}`,
      '',
    ];
    for (const bad of cases) {
      let caught: unknown;
      try {
        parseSecretKey(bad);
      } catch (error) {
        caught = error;
      }
      expect(isLockleafError(caught, 'SECRET_KEY_INVALID'), bad).toBe(true);
      if (bad.length > 10) expect((caught as Error).message).not.toContain(bad.slice(4, 14));
    }
  });

  it('refuses a key of the wrong size to format', () => {
    expect(() => formatSecretKey(Buffer.alloc(15))).toThrow(/16 bytes/);
  });
});
