import { beforeAll, describe, expect, it } from 'vitest';
import {
  MAX_MIME_DEPTH,
  bodyStructure,
  createBodyEncoder,
  decodeBody,
  encodeBody,
  envelope,
  findPart,
  parseMessage,
  preview,
  searchText,
  threadInfo,
  type MimePart,
} from '@mailstore/mime';
import {
  allParts,
  encodeInPieces,
  leaves,
  loadCorpus,
  rebuild,
  sha256,
  type CorpusMessage,
} from './corpus.js';

/** Corpus messages the manifest lists (see /work/shared/corpus/MANIFEST.tsv). */
const CORPUS_MESSAGES = 504;
/** Share of base64 bytes that must re-encode exactly; the rest is broken input. */
const MIN_BASE64_REPRODUCIBLE_SHARE = 0.95;
/** Bound for parsing the whole corpus once, generous because CI machines are shared. */
const MAX_CORPUS_PARSE_MS = 2000;

let corpus: CorpusMessage[];
beforeAll(() => {
  corpus = loadCorpus();
});

/** Checks the offset invariants of one node and its subtree; returns the problems found. */
function offsetProblems(raw: Buffer, p: MimePart, problems: string[] = []): string[] {
  const where = `part '${p.partId}'`;
  if (!(p.headerStart <= p.headerEnd && p.headerEnd === p.bodyStart && p.bodyStart <= p.bodyEnd)) {
    problems.push(`${where}: offsets out of order`);
  }
  if (p.headerStart < 0 || p.bodyEnd > raw.length) problems.push(`${where}: out of bounds`);
  if (p.size !== p.bodyEnd - p.bodyStart) problems.push(`${where}: size`);
  if (p.depth > MAX_MIME_DEPTH) problems.push(`${where}: too deep`);
  let pos = p.bodyStart;
  p.children.forEach((c, i) => {
    if (c.headerStart < pos || c.bodyEnd > p.bodyEnd)
      problems.push(`${where}: child ${i + 1} outside`);
    const expected = p.partId === '' ? `${i + 1}` : `${p.partId}.${i + 1}`;
    if (c.partId !== expected) problems.push(`${where}: child numbered ${c.partId}`);
    pos = c.bodyEnd;
    offsetProblems(raw, c, problems);
  });
  if (p.embedded) {
    if (p.embedded.headerStart !== p.bodyStart || p.embedded.bodyEnd !== p.bodyEnd) {
      problems.push(`${where}: embedded message does not fill the body`);
    }
    offsetProblems(raw, p.embedded, problems);
  }
  return problems;
}

/** Whether a JSON value holds an array directly inside an array (FerretDB v1 cannot store it). */
function hasNestedArray(value: unknown, inArray = false): boolean {
  if (Array.isArray(value)) return inArray || value.some((v) => hasNestedArray(v, true));
  if (value && typeof value === 'object')
    return Object.values(value).some((v) => hasNestedArray(v));
  return false;
}

describe('corpus', () => {
  it('holds the messages the manifest lists, unchanged', () => {
    expect(corpus).toHaveLength(CORPUS_MESSAGES);
    for (const m of corpus) {
      expect(m.raw.length, m.name).toBe(m.bytes);
      expect(sha256(m.raw), m.name).toBe(m.sha256);
    }
  });

  it('keeps offsets nested, ordered, in bounds and numbered per RFC 3501', () => {
    for (const m of corpus) expect(offsetProblems(m.raw, parseMessage(m.raw)), m.name).toEqual([]);
  });

  it('rebuilds every message and every part byte for byte from the offsets', () => {
    for (const m of corpus) {
      const root = parseMessage(m.raw);
      expect(sha256(rebuild(m.raw, root)), m.name).toBe(m.sha256);
      for (const p of allParts(root)) {
        expect(rebuild(m.raw, p).equals(m.raw.subarray(p.headerStart, p.bodyEnd))).toBe(true);
        if (p.partId !== '' && p.embedded === null) {
          expect(findPart(root, p.partId), `${m.name} ${p.partId}`).not.toBeNull();
        }
      }
    }
  });

  it('re-encodes decoded leaves exactly, whole and streamed, and nearly all base64 bytes', () => {
    let base64Bytes = 0;
    let reproducible = 0;
    let qpBytes = 0;
    let qpReproducible = 0;
    let leafCount = 0;
    let nulls = 0;
    for (const m of corpus) {
      for (const p of leaves(parseMessage(m.raw))) {
        leafCount++;
        const result = decodeBody(m.raw, p);
        if (p.encoding === 'base64') base64Bytes += p.size;
        if (p.encoding === 'quoted-printable') qpBytes += p.size;
        if (!result) {
          nulls++;
          continue;
        }
        const recipe = JSON.parse(JSON.stringify(result.recipe)) as typeof result.recipe;
        const again = encodeBody(result.decoded, recipe);
        const sizes = [1 + (leafCount % 7), 4093, 65536];
        const streamed = encodeInPieces(createBodyEncoder(recipe), result.decoded, sizes);
        expect(streamed.equals(again), `${m.name} ${p.partId} streamed`).toBe(true);
        expect(again.equals(m.raw.subarray(p.bodyStart, p.bodyEnd)), `${m.name} ${p.partId}`).toBe(
          true,
        );
        if (p.encoding === 'base64') reproducible += p.size;
        if (p.encoding === 'quoted-printable') qpReproducible += p.size;
      }
    }
    const share = reproducible / base64Bytes;
    console.log(
      `leaves ${leafCount}, not reproducible ${nulls}; base64 bytes reproducible: ` +
        `${reproducible}/${base64Bytes} = ${(share * 100).toFixed(2)}%; quoted-printable bytes ` +
        `reproducible: ${qpReproducible}/${qpBytes} = ${((qpReproducible / qpBytes) * 100).toFixed(2)}%`,
    );
    expect(share).toBeGreaterThanOrEqual(MIN_BASE64_REPRODUCIBLE_SHARE);
  });

  it('parses the whole corpus quickly', () => {
    const runs: number[] = [];
    for (let run = 0; run < 3; run++) {
      const started = performance.now();
      for (const m of corpus) parseMessage(m.raw);
      runs.push(performance.now() - started);
    }
    const best = Math.min(...runs);
    const bytes = corpus.reduce((sum, m) => sum + m.bytes, 0);
    console.log(`parsed ${bytes} bytes in ${best.toFixed(0)} ms (best of 3)`);
    expect(best).toBeLessThan(MAX_CORPUS_PARSE_MS);
  });

  it('derives envelope, body structure, thread data, search text and preview for every message', () => {
    for (const m of corpus) {
      const root = parseMessage(m.raw);
      const structure = bodyStructure(m.raw, root);
      expect(JSON.parse(JSON.stringify(structure)), m.name).toEqual(structure);
      expect(hasNestedArray(structure), m.name).toBe(false);
      expect(hasNestedArray(JSON.parse(JSON.stringify(root))), m.name).toBe(false);
      expect(envelope(m.raw, root)).toBeTypeOf('object');
      expect(threadInfo(m.raw, root).references).toBeInstanceOf(Array);
      expect(Buffer.byteLength(searchText(m.raw, root, 4096))).toBeLessThanOrEqual(4096);
      expect(preview(m.raw, root, 120).length).toBeLessThanOrEqual(120);
    }
  });
});
