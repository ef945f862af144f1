import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { MimePart } from '@mailstore/mime';

/** The shared test corpus (never modified): /work/shared/corpus from the repository root. */
export const CORPUS_DIR = new URL('../../../../shared/corpus/', import.meta.url);

/** One corpus message with the size and SHA-256 its manifest promises. */
export interface CorpusMessage {
  name: string;
  raw: Buffer;
  bytes: number;
  sha256: string;
}

/** Reads every message listed in MANIFEST.tsv. */
export function loadCorpus(): CorpusMessage[] {
  const manifest = readFileSync(new URL('MANIFEST.tsv', CORPUS_DIR), 'utf8').trim().split('\n');
  return manifest.slice(1).map((line) => {
    const [name, bytes, sha256] = line.split('\t');
    return {
      name: name!,
      raw: readFileSync(new URL(name!, CORPUS_DIR)),
      bytes: Number(bytes),
      sha256: sha256!,
    };
  });
}

/** SHA-256 in hex. */
export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Every node of a tree: parts, children and embedded messages. */
export function allParts(root: MimePart): MimePart[] {
  return [
    root,
    ...root.children.flatMap(allParts),
    ...(root.embedded ? allParts(root.embedded) : []),
  ];
}

/** Leaves: nodes with neither children nor an embedded message. */
export function leaves(root: MimePart): MimePart[] {
  return allParts(root).filter((p) => p.children.length === 0 && p.embedded === null);
}

/** Rebuilds a part's bytes from its header, its children (or embedded message) and the gaps. */
export function rebuild(raw: Buffer, part: MimePart): Buffer {
  const pieces = [raw.subarray(part.headerStart, part.bodyStart)];
  const inner = part.embedded ? [part.embedded] : part.children;
  let pos = part.bodyStart;
  for (const child of inner) {
    pieces.push(raw.subarray(pos, child.headerStart), rebuild(raw, child));
    pos = child.bodyEnd;
  }
  pieces.push(raw.subarray(pos, part.bodyEnd));
  return Buffer.concat(pieces);
}

/** Encodes in pieces of the given sizes (cycled) through a streaming encoder. */
export function encodeInPieces(
  encoder: { write(b: Buffer): Buffer; end(): Buffer },
  decoded: Buffer,
  sizes: number[],
): Buffer {
  const out: Buffer[] = [];
  let pos = 0;
  for (let n = 0; pos < decoded.length; n++) {
    const size = Math.max(1, sizes[n % sizes.length]!);
    out.push(encoder.write(decoded.subarray(pos, pos + size)));
    pos += size;
  }
  out.push(encoder.end());
  return Buffer.concat(out);
}
