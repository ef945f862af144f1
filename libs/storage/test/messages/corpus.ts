// Reads the shared corpus of real-world messages listed in MANIFEST.tsv.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The corpus folder (../shared/corpus from the repository root). */
export const CORPUS_DIR = fileURLToPath(new URL('../../../../../shared/corpus/', import.meta.url));

/** One corpus message as MANIFEST.tsv lists it. */
export interface CorpusEntry {
  file: string;
  bytes: number;
  sha256: string;
}

/** Every message of the corpus manifest. */
export function readManifest(): CorpusEntry[] {
  const lines = readFileSync(`${CORPUS_DIR}MANIFEST.tsv`, 'utf8').trim().split('\n').slice(1);
  return lines.map((line) => {
    const [file, bytes, sha256] = line.split('\t');
    return { file: file!, bytes: Number(bytes), sha256: sha256! };
  });
}

/** The raw bytes of a corpus message. */
export function readCorpusMessage(entry: CorpusEntry): Buffer {
  return readFileSync(`${CORPUS_DIR}${entry.file}`);
}
