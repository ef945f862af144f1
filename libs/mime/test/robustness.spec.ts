import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
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
import { allParts, encodeInPieces, leaves, rebuild } from './corpus.js';

/** Longest time one random input may take: a hang or quadratic blow-up fails the property. */
const MAX_INPUT_MS = 500;

/** Pieces that make random bytes look like MIME, so the parser's branches are reached. */
const FRAGMENTS = [
  'Content-Type: multipart/mixed; boundary=b\r\n',
  'Content-Type: multipart/digest; boundary="b"\n',
  'Content-Type: message/rfc822\r\n',
  'Content-Type: text/html; charset=iso-8859-1\n',
  'Content-Transfer-Encoding: base64\r\n',
  'Content-Transfer-Encoding: quoted-printable\n',
  'Content-Disposition: attachment; filename*0*=utf-8\'\'%E2%82; filename*1="x"\r\n',
  'From: "A" <a@b>, Group: c@d;\r\n',
  'Subject: Re: [x] =?utf-8?q?a?=\r\n',
  '--b\r\n',
  '--b--\r\n',
  '--b\n',
  '\r\n',
  '\n',
  '\r',
  ' folded\r\n',
  'QUJD\r\n',
  '=3D=\r\n',
  '<p>hi</p>',
  '\0',
  '\xff\xfe',
];

const mimeLike = fc
  .array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 20 })), { maxLength: 60 })
  .map((pieces) => Buffer.from(pieces.join(''), 'latin1'));

const mutated = fc
  .tuple(
    mimeLike,
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 10 }),
  )
  .map(([raw, flips]) => {
    const out = Buffer.from(raw);
    for (const [at, value] of flips) if (out.length) out[at % out.length] = value;
    return out;
  });

const inputs = fc.oneof(
  fc.uint8Array({ maxLength: 2000 }).map((a) => Buffer.from(a)),
  mimeLike,
  mutated,
);

function withinBounds(raw: Buffer, root: MimePart): boolean {
  return allParts(root).every(
    (p) =>
      0 <= p.headerStart &&
      p.headerStart <= p.bodyStart &&
      p.bodyStart <= p.bodyEnd &&
      p.bodyEnd <= raw.length,
  );
}

describe('robustness (fast-check)', () => {
  it('parses any bytes without throwing, within bounds, rebuildable, quickly', () => {
    fc.assert(
      fc.property(inputs, (raw) => {
        const started = performance.now();
        const root = parseMessage(raw);
        expect(withinBounds(raw, root)).toBe(true);
        expect(rebuild(raw, root).equals(raw)).toBe(true);
        for (const p of allParts(root)) if (p.partId) findPart(root, p.partId);
        expect(performance.now() - started).toBeLessThan(MAX_INPUT_MS);
      }),
      { numRuns: 400 },
    );
  });

  it('derives every view of any bytes without throwing', () => {
    fc.assert(
      fc.property(inputs, (raw) => {
        const root = parseMessage(raw);
        envelope(raw, root);
        bodyStructure(raw, root);
        threadInfo(raw, root);
        expect(Buffer.byteLength(searchText(raw, root, 300))).toBeLessThanOrEqual(300);
        expect(preview(raw, root, 50).length).toBeLessThanOrEqual(50);
      }),
      { numRuns: 300 },
    );
  });

  it('re-encodes every decodable leaf of any bytes exactly', () => {
    fc.assert(
      fc.property(inputs, (raw) => {
        for (const p of leaves(parseMessage(raw))) {
          const result = decodeBody(raw, p);
          if (result)
            expect(
              encodeBody(result.decoded, result.recipe).equals(
                raw.subarray(p.bodyStart, p.bodyEnd),
              ),
            ).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('streams every recipe of any bytes to the same output in any pieces', () => {
    fc.assert(
      fc.property(
        inputs,
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 5 }),
        (raw, sizes) => {
          for (const p of leaves(parseMessage(raw))) {
            const result = decodeBody(raw, p);
            if (!result) continue;
            const streamed = encodeInPieces(
              createBodyEncoder(result.recipe),
              result.decoded,
              sizes,
            );
            expect(streamed.equals(raw.subarray(p.bodyStart, p.bodyEnd))).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('round-trips random binary through base64 recipes of random shape', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 600 }),
        fc.constantFrom(0, 4, 60, 64, 72, 76),
        fc.constantFrom('\r\n', '\n'),
        fc.nat({ max: 3 }),
        (data, width, eol, trailing) => {
          const text = Buffer.from(data).toString('base64');
          const lines = width ? (text.match(new RegExp(`.{1,${width}}`, 'g')) ?? []) : [text];
          const raw = Buffer.from(
            `Content-Transfer-Encoding: base64\r\n\r\n${lines.join(eol)}${eol.repeat(trailing)}`,
          );
          const result = decodeBody(raw, parseMessage(raw));
          expect(result).not.toBeNull();
          expect(result!.decoded.equals(Buffer.from(data))).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
