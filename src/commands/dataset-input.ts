import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import type { StoreSet } from '../storage';
import { DatasetError, type LabelledDataset, normaliseForDuplicates, readDataset, type ReadReport } from '../training';
import { UsageError } from './cli-context';

/** A data file read from its store, with the hash and size of the bytes read. */
export interface HashedDataset {
  readonly uri: string;
  readonly dataset: LabelledDataset;
  readonly report: ReadReport;
  readonly hash: string;
  readonly bytes: number;
}

/** Reads a labelled data file (any store) and hashes its bytes as they stream by. */
export async function readHashedDataset(
  stores: StoreSet,
  uri: string,
  options: {
    format?: string;
    encoding?: string;
    threshold?: number;
    onProgress?: (bytes: number, total: number) => void;
  } = {},
): Promise<HashedDataset> {
  const store = await stores.storeFor(uri);
  const total = (await store.stat(uri))?.size ?? 0;
  const hash = createHash('sha256');
  let bytes = 0;
  const hashing = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  const stream = (await store.openReadStream(uri)).pipe(hashing);
  const { dataset, report } = await readDataset(stream, {
    name: uri,
    format: (options.format ?? 'auto') as 'auto',
    encoding: options.encoding ?? 'auto',
    threshold: options.threshold ?? 0.5,
    onProgress: (b) => options.onProgress?.(b, total),
  });
  return { uri, dataset, report, hash: `sha256:${hash.digest('hex')}`, bytes };
}

/** The frozen evaluation set: its rows, its hash (checked against the expected one), its normalised texts. */
export interface EvalSet extends HashedDataset {
  readonly normalisedTexts: ReadonlySet<string>;
}

/**
 * Reads the frozen evaluation set. `expectedHash` pins the version: a set that changed under the same
 * name would make every comparison with earlier champions meaningless, so it is refused.
 */
export async function readEvalSet(stores: StoreSet, uri: string, expectedHash: string | null): Promise<EvalSet> {
  let read: HashedDataset;
  try {
    read = await readHashedDataset(stores, uri);
  } catch (err) {
    if (err instanceof DatasetError) throw new UsageError(`the evaluation set ${uri} is not usable: ${err.message}`, 1);
    throw err;
  }
  if (expectedHash !== null && read.hash !== expectedHash) {
    throw new UsageError(
      `the evaluation set ${uri} has hash ${read.hash}, not the frozen ${expectedHash} (retraining.evalSetHash): ` +
        'a new evaluation set needs a new name and hash in the config',
      1,
    );
  }
  return { ...read, normalisedTexts: new Set(read.dataset.texts.map(normaliseForDuplicates)) };
}
