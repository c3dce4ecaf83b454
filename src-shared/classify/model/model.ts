/**
 * The on-device classifier: TF-IDF over hashed word and character n-grams, one pruned
 * centroid per type, correspondent and tag, cosine similarity. Chosen by measurement on
 * the labelled corpus (bench/classify): with a handful of documents per class a centroid
 * generalises where a trained network has almost nothing to fit, a class with a single
 * document is as predictable as any other, and training is one pass over the texts.
 */
import { Accumulator } from './accumulator.js';
import { calibrateTags, calibrateTemperature } from './calibrate.js';
import { BUCKETS, Featurizer, inverseDocumentFrequency, weigh, type SparseVector } from './features.js';
import { buildLabelSet, type StoredLabelSet } from './label-set.js';
import { encodeFloat32 } from './codec.js';

export interface TrainingExample {
  text: string;
  type: string | null;
  correspondent: string | null;
  tags: string[];
}

export interface ClassifierModel {
  version: 1;
  buckets: number;
  /** Documents the model was trained on. */
  documents: number;
  /** Float32Array of idf weights per bucket, base64. */
  idf: string;
  type: StoredLabelSet;
  correspondent: StoredLabelSet;
  tags: StoredLabelSet;
}

/** Training documents kept in memory to calibrate the tag thresholds (a vector is ~30 KB). */
const CALIBRATION_SAMPLE = 1500;
/** Documents whose frequencies estimate the idf. */
const IDF_SAMPLE = 3000;

function addTo(classes: Map<string, Accumulator>, name: string, vector: SparseVector): void {
  let acc = classes.get(name);
  if (!acc) classes.set(name, (acc = new Accumulator()));
  acc.add(vector);
}

export interface TrainOptions {
  /** Called every few hundred documents of each pass over the texts (training 10,000 takes seconds). */
  onProgress?: (done: number, total: number) => void;
}

/** Documents between two pauses of an asynchronous training. */
const SLICE = 100;

/**
 * Training as steps: it pauses (yields) every SLICE documents, so the app's main process can
 * train 10,000 documents (seconds) between its other work instead of freezing for them.
 */
function* trainSteps(examples: TrainingExample[], options: TrainOptions): Generator<void, ClassifierModel> {
  // A document without text teaches nothing; one without any label would only dilute the idf.
  const usable = examples.filter((e) => e.text.trim() !== '' && (e.type || e.correspondent || e.tags.length > 0));
  const featurizer = new Featurizer();
  // Two passes over the texts rather than keeping every document's vector (10,000
  // documents of a few KB would hold ~300 MB between the passes). Document frequencies
  // come from an even sample: a few thousand documents estimate them as well as all.
  const df = new Uint32Array(BUCKETS);
  const idfSample = usable.filter((_, i) => i % Math.ceil(usable.length / IDF_SAMPLE) === 0);
  const total = idfSample.length + usable.length;
  const progress = (done: number) => {
    if (done % 250 === 0 || done === total) options.onProgress?.(done, total);
  };
  for (const [i, e] of idfSample.entries()) {
    progress(i + 1);
    if (i % SLICE === SLICE - 1) yield;
    const tf = featurizer.termFrequencies(e.text);
    for (let j = 0; j < tf.idx.length; j++) df[tf.idx[j]!] = df[tf.idx[j]!]! + 1;
  }
  const idf = inverseDocumentFrequency(df, idfSample.length);
  const types = new Map<string, Accumulator>();
  const correspondents = new Map<string, Accumulator>();
  const tags = new Map<string, Accumulator>();
  const sample: { vector: SparseVector; example: TrainingExample }[] = [];
  const stride = Math.max(1, usable.length / CALIBRATION_SAMPLE);
  let next = 0;
  for (const [i, e] of usable.entries()) {
    progress(idfSample.length + i + 1);
    if (i % SLICE === SLICE - 1) yield;
    const vector = weigh(featurizer.termFrequencies(e.text), idf);
    if (vector.idx.length === 0) continue;
    if (e.type) addTo(types, e.type, vector);
    if (e.correspondent) addTo(correspondents, e.correspondent, vector);
    for (const tag of new Set(e.tags)) addTo(tags, tag, vector);
    if (i >= next) {
      sample.push({ vector, example: e });
      next += stride;
    }
  }
  const tagSet = buildLabelSet(tags);
  const typeSet = buildLabelSet(types);
  const correspondentSet = buildLabelSet(correspondents);
  const samples = (label: (e: TrainingExample) => string | null) =>
    sample.map(({ vector, example }) => ({ vector, label: label(example) }));
  return {
    version: 1,
    buckets: BUCKETS,
    documents: usable.length,
    idf: encodeFloat32(idf),
    type: {
      ...typeSet,
      temperature: calibrateTemperature(
        typeSet,
        samples((e) => e.type),
      ),
    },
    correspondent: {
      ...correspondentSet,
      temperature: calibrateTemperature(
        correspondentSet,
        samples((e) => e.correspondent),
      ),
    },
    tags: {
      ...tagSet,
      thresholds: calibrateTags(
        tagSet,
        sample.map(({ vector, example }) => ({ vector, tags: example.tags })),
      ),
    },
  };
}

export function trainClassifier(examples: TrainingExample[], options: TrainOptions = {}): ClassifierModel {
  const steps = trainSteps(examples, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** The same training, giving the event loop a turn every SLICE documents (the app trains in its main process). */
export async function trainClassifierAsync(
  examples: TrainingExample[],
  options: TrainOptions = {},
): Promise<ClassifierModel> {
  const steps = trainSteps(examples, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}
