import { encodeStream } from './encode.js';
import { isBlobSegment, segmentLength, type Segment } from './layout.js';

/** Gives the decoded content of a blob, as a stream of chunks. */
export type BlobSource = (id: string) => AsyncIterable<Buffer> | Iterable<Buffer>;

/**
 * Yields bytes [start, end) of the message the segments describe. Segments wholly outside the
 * range are skipped without reading their blobs; a blob segment is re-encoded from its start and
 * cut (TODO(#3): seek inside base64 blobs instead of encoding the skipped prefix).
 */
export async function* rangeBytes(
  segments: readonly Segment[],
  start: number,
  end: number,
  source: BlobSource,
): AsyncGenerator<Buffer> {
  let offset = 0;
  for (const segment of segments) {
    const length = segmentLength(segment);
    const from = Math.max(start, offset);
    const to = Math.min(end, offset + length);
    if (from < to) {
      if (isBlobSegment(segment)) {
        yield* cut(encodeStream(source(segment.b), segment.rc), from - offset, to - offset);
      } else {
        yield segment.r.subarray(from - offset, to - offset);
      }
    }
    offset += length;
    if (offset >= end) return;
  }
}

/** Yields bytes [from, to) of a stream, and stops reading it once past `to`. */
export async function* cut(bytes: AsyncIterable<Buffer>, from: number, to: number) {
  let offset = 0;
  for await (const chunk of bytes) {
    const next = offset + chunk.length;
    if (next > from)
      yield chunk.subarray(Math.max(0, from - offset), Math.min(chunk.length, to - offset));
    offset = next;
    if (offset >= to) return;
  }
}
