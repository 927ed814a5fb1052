/**
 * What a training run records in MLflow: flat metric keys (`<label>.<metric>`) and params. Pure;
 * the train command sends them. The same flat metrics are stored on registered versions, where
 * the quality gate reads them (`toxic.rocAuc`).
 */
import type { ModelArtifact } from '../ml';
import type { ReadReport } from './read-dataset';
import type { TrainOptions, TrainReport } from './train-model';

/** Metric keys per label (MLflow allows `.` in keys). */
export function flattenMetrics(
  report: TrainReport,
  extra: { readonly trainingSeconds: number; readonly modelSizeBytes: number; readonly read?: ReadReport },
): Record<string, number> {
  const out: Record<string, number> = {
    rows: report.rows,
    train_rows: report.trainRows,
    test_rows: report.testRows,
    features: report.features,
    training_seconds: extra.trainingSeconds,
    model_size_bytes: extra.modelSizeBytes,
    labels_trained: report.labels.filter((l) => l.trained).length,
  };
  for (const [type, count] of Object.entries(report.pii.counts)) out[`pii.${type.toLowerCase()}`] = count ?? 0;
  if (extra.read !== undefined) {
    // Rows read / used / rejected by reason, and the damaged characters kept (see read-dataset.ts).
    const r = extra.read;
    out['data.rows_read'] = r.rowsRead;
    out['data.rows_used'] = r.rowsUsed;
    out['data.rows_rejected'] = r.rowsRead - r.rowsUsed;
    for (const [reason, count] of Object.entries(r.skipped)) out[`data.rejected.${reason}`] = count ?? 0;
    out['data.replacement_chars'] = r.replacementChars;
    out['data.rows_with_replacement_chars'] = r.rowsWithReplacementChars;
  }
  for (const l of report.labels) {
    const total = l.train.positive + l.train.negative;
    out[`${l.label}.positive_rate`] = total ? l.train.positive / total : 0;
    if (!l.metrics) continue;
    const m = l.metrics;
    const put = (key: string, v: number | null | undefined) => {
      if (v !== null && v !== undefined && Number.isFinite(v)) out[`${l.label}.${key}`] = v;
    };
    put('accuracy', m.accuracy);
    put('precision', m.precision);
    put('recall', m.recall);
    put('f1', m.f1);
    put('rocAuc', m.rocAuc);
    put('prAuc', m.prAuc);
    put('svmAccuracy', l.svmAccuracy);
    put('tp', m.confusion.truePositives);
    put('fp', m.confusion.falsePositives);
    put('tn', m.confusion.trueNegatives);
    put('fn', m.confusion.falseNegatives);
    put('cv_rocAuc_mean', l.cv?.rocAuc?.mean);
    put('cv_f1_mean', l.cv?.f1.mean);
  }
  return out;
}

/** Every vectorizer and SVM setting, the data source and its hash, the commit. */
export function trainingParams(
  artifact: ModelArtifact,
  options: TrainOptions,
  info: { readonly dataUri: string; readonly dataHash: string; readonly commit: string | null },
): Record<string, string | number | boolean> {
  const p = artifact.preprocessing;
  const params: Record<string, string | number | boolean> = {
    data_uri: info.dataUri,
    data_hash: info.dataHash,
    commit: info.commit ?? 'unknown',
    labels: artifact.labels.join(','),
    cleaning: p.cleaning.join(','),
    lowercase: p.lowercase,
    strip_accents: String(p.stripAccents),
    token_pattern: p.tokenPattern,
    stop_words: p.stopWords ? `english (${p.stopWords.length})` : 'none',
    ngram_range: p.ngramRange.join(','),
    vectorizer: artifact.vectorizer.type,
    mask_pii: options.maskPii !== false,
  };
  for (const [key, value] of Object.entries(artifact.hyperparameters ?? {})) {
    params[key] =
      typeof value === 'object' && value !== null ? JSON.stringify(value) : (value as string | number | boolean);
  }
  if (artifact.vectorizer.type === 'tfidf') params.vocabulary_size = artifact.vectorizer.vocabulary.length;
  return params;
}
