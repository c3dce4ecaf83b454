/** The model as JSON text for the vault (sealed there like every other record). */
import { BUCKETS } from './features.js';
import type { StoredLabelSet } from './label-set.js';
import type { ClassifierModel } from './model.js';
import { runtimeOf } from './suggest.js';

export function serializeModel(model: ClassifierModel): string {
  return JSON.stringify(model);
}

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
const isNumbers = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => Number.isFinite(x));

function isLabelSet(v: unknown): v is StoredLabelSet {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  return (
    isStrings(s.names) &&
    isNumbers(s.documents) &&
    isNumbers(s.norms) &&
    isNumbers(s.offsets) &&
    typeof s.idx === 'string' &&
    typeof s.val === 'string' &&
    (s.thresholds === undefined || isNumbers(s.thresholds)) &&
    (s.temperature === undefined || (typeof s.temperature === 'number' && s.temperature > 0)) &&
    s.documents.length === s.names.length &&
    s.norms.length === s.names.length
  );
}

/**
 * Undefined for anything but a model this version wrote (another version, a different
 * bucket count, damaged arrays, garbage): the caller then retrains from the vault.
 */
export function parseModel(json: string): ClassifierModel | undefined {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const m = value as Record<string, unknown>;
  if (m.version !== 1 || m.buckets !== BUCKETS || typeof m.documents !== 'number' || typeof m.idf !== 'string') {
    return undefined;
  }
  if (!isLabelSet(m.type) || !isLabelSet(m.correspondent) || !isLabelSet(m.tags)) return undefined;
  const model = value as ClassifierModel;
  // Decoding here (and keeping the result) turns a damaged array into "retrain" now, not a wrong suggestion later.
  return runtimeOf(model) ? model : undefined;
}
