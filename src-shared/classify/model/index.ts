/** The on-device classifier for types, correspondents and tags (pure TypeScript: main and the bench). */
export {
  trainClassifier,
  trainClassifierAsync,
  type ClassifierModel,
  type TrainingExample,
  type TrainOptions,
} from './model.js';
export { suggestLabels, type LabelSuggestions, type Scored } from './suggest.js';
export { parseModel, serializeModel } from './serialize.js';
