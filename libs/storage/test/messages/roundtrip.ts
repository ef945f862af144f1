// Checks that every section of a stored message comes back as the exact bytes that arrived.
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { parseMessage, type MimePart } from '@mailstore/mime';
import { expect } from 'vitest';
import { loadLayout, openLayoutSection, type LayoutRef, type Store } from '../../src/index.js';

/** Reads a stream to its end. */
export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** SHA-256 hex of bytes. */
export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** What one section read should return, computed from the MIME tree of the original. */
interface Expected {
  spec: { part: string; text: '' | 'HEADER' | 'TEXT' | 'MIME' };
  start: number;
  end: number;
}

function expectedSections(root: MimePart): Expected[] {
  const out: Expected[] = [
    { spec: { part: '', text: 'HEADER' }, start: root.headerStart, end: root.bodyStart },
    { spec: { part: '', text: 'TEXT' }, start: root.bodyStart, end: root.bodyEnd },
  ];
  const visit = (part: MimePart, isRoot: boolean) => {
    if (!isRoot) {
      out.push({ spec: { part: part.partId, text: '' }, start: part.bodyStart, end: part.bodyEnd });
      out.push({
        spec: { part: part.partId, text: 'MIME' },
        start: part.headerStart,
        end: part.bodyStart,
      });
    }
    for (const child of part.children) visit(child, false);
    if (part.embedded) {
      const inner = part.embedded;
      const id = inner.partId;
      out.push({
        spec: { part: id, text: 'HEADER' },
        start: inner.headerStart,
        end: inner.bodyStart,
      });
      out.push({ spec: { part: id, text: 'TEXT' }, start: inner.bodyStart, end: inner.bodyEnd });
      for (const child of inner.children) visit(child, false);
    }
  };
  visit(root, true);
  return out;
}

/**
 * Reads the whole message, every part (body, MIME header, and HEADER/TEXT of embedded
 * messages) and two partial ranges, and compares each with the original bytes. Returns the
 * number of sections compared.
 */
export async function expectExactSections(
  store: Store,
  message: LayoutRef,
  raw: Buffer,
): Promise<number> {
  const layout = await loadLayout(store, message);
  const whole = openLayoutSection(store, layout)!;
  expect(whole.length).toBe(raw.length);
  expect(sha256(await readAll(whole.stream))).toBe(sha256(raw));
  let compared = 1;
  for (const { spec, start, end } of expectedSections(parseMessage(raw))) {
    // Top-level non-multipart bodies have no part of their own in the list above.
    const open = openLayoutSection(store, layout, spec);
    expect(open, `section ${spec.part}.${spec.text}`).not.toBeNull();
    const bytes = await readAll(open!.stream);
    expect(bytes.equals(raw.subarray(start, end)), `section ${spec.part}.${spec.text}`).toBe(true);
    compared++;
  }
  const partials =
    raw.length < 100
      ? []
      : ([
          [Math.floor(raw.length / 3), 1000],
          [raw.length - 10, 50],
        ] as const);
  for (const [start, length] of partials) {
    const open = openLayoutSection(store, layout, { start, length })!;
    const bytes = await readAll(open.stream);
    expect(bytes.equals(raw.subarray(start, start + length))).toBe(true);
    compared++;
  }
  return compared;
}
