import { describe, expect, it } from 'vitest';
import { de } from './de/index.js';
import { en } from './en/index.js';
import { fr } from './fr/index.js';

/** 'part.key' → text, for every leaf of a catalogue. */
function flatten(tree: object, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [k, v] of Object.entries(tree)) {
    if (v && typeof v === 'object') for (const [kk, vv] of flatten(v, `${prefix}${k}.`)) out.set(kk, vv);
    else out.set(`${prefix}${k}`, v);
  }
  return out;
}

const variables = (text: string) => [...text.matchAll(/\{\{\s*([\w.]+)\s*(?:,[^}]*)?\}\}/g)].map((m) => m[1]).sort();
const english = flatten(en);

describe('catalogues', () => {
  it('English has the plural forms English needs, and no half-made ones', () => {
    for (const key of english.keys()) {
      if (key.endsWith('_one')) expect(english.has(key.replace(/_one$/, '_other')), `${key} without _other`).toBe(true);
      if (key.endsWith('_other')) expect(english.has(key.replace(/_other$/, '_one')), `${key} without _one`).toBe(true);
    }
  });

  for (const [name, catalogue] of [
    ['de', de],
    ['fr', fr],
  ] as const) {
    it(`${name} has every English key, the same {{variables}}, and no empty or untranslated-key text`, () => {
      const other = flatten(catalogue);
      expect([...other.keys()].sort()).toEqual([...english.keys()].sort());
      for (const [key, text] of english) {
        const translated = other.get(key);
        expect(typeof text, key).toBe('string');
        expect(typeof translated, `${name}: ${key}`).toBe('string');
        expect((translated as string).trim(), `${name}: ${key} is empty`).not.toBe('');
        expect(translated, `${name}: ${key} is its own key`).not.toBe(key);
        expect(variables(translated as string), `${name}: ${key}'s variables`).toEqual(variables(text as string));
      }
    });
  }

  it('English has no empty text and no text that is its own key', () => {
    for (const [key, text] of english) {
      expect((text as string).trim(), key).not.toBe('');
      expect(text, key).not.toBe(key);
    }
  });
});
