// createBodyDecoder: piece-by-piece base64 and quoted-printable decoding gives exactly what the
// whole-body decoders give (Node's base64 and qpDecode), for well-formed and broken input and any
// cut of the input into pieces; corpus bodies decode as decodeBody does.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createBodyDecoder, decodeBody, parseMessage, qpDecode } from '@mailstore/mime';
import { leaves, loadCorpus } from './corpus.js';

type Encoding = 'base64' | 'quoted-printable';

/** Decodes `body` cut at the given piece sizes (cycled), then flushes. */
function decodeInPieces(encoding: Encoding, body: Buffer, sizes: readonly number[]): Buffer {
  const decoder = createBodyDecoder(encoding);
  const out: Buffer[] = [];
  for (let i = 0, k = 0; i < body.length; k++) {
    const size = sizes[k % sizes.length]!;
    out.push(decoder.write(body.subarray(i, i + size)));
    i += size;
  }
  out.push(decoder.end());
  return Buffer.concat(out);
}

/** The whole-body decoding BINARY used before it streamed. */
function reference(encoding: Encoding, body: Buffer): Buffer {
  return encoding === 'base64' ? Buffer.from(body.toString('latin1'), 'base64') : qpDecode(body);
}

/** Pieces that reach the decoders' edge cases: padding, stray bytes, cut escapes, soft breaks. */
const FRAGMENTS = [
  'QUJD',
  'QQ',
  'QUI',
  'Q',
  '==',
  '=',
  '-_',
  '+/',
  '\r\n',
  '\n',
  '\r',
  ' ',
  '\t',
  '!',
  '.',
  '=3D',
  '=C3=A9',
  '=a5',
  '=4',
  '=ZZ',
  '=g1',
  '=\r\n',
  '=\n',
  '=\r',
  '=\r\r',
  '==41',
  '\x00',
  '\xff',
];

const body = fc
  .array(
    fc.oneof(
      fc.constantFrom(...FRAGMENTS),
      fc.uint8Array({ maxLength: 8 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
    ),
    { maxLength: 60 },
  )
  .map((parts) => Buffer.from(parts.join(''), 'latin1'));
const sizes = fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 6 });

describe('createBodyDecoder', () => {
  for (const encoding of ['base64', 'quoted-printable'] as const) {
    it(`${encoding}: equals the whole-body decoding for any input and any pieces`, () => {
      fc.assert(
        fc.property(body, sizes, (input, cut) => {
          expect(decodeInPieces(encoding, input, cut).equals(reference(encoding, input))).toBe(
            true,
          );
        }),
        { numRuns: 3_000 },
      );
    });
  }

  it.each([
    ['base64', 'QUJDRA==QUJD', 'ABCD'],
    ['base64', 'QU=JD', 'A'],
    ['base64', 'QUJ', 'AB'],
    ['base64', 'Q', ''],
    ['base64', 'QU!J\xffD', 'ABC'],
    ['base64', 'QU-_', 'AO\xbf'],
    ['quoted-printable', 'a=3Db=\r\nc', 'a=bc'],
    ['quoted-printable', 'bad =ZZ =4', 'bad =ZZ =4'],
    ['quoted-printable', 'end=', 'end='],
    ['quoted-printable', 'soft=\r\n', 'soft'],
    ['quoted-printable', 'soft=\n\n', 'soft\n'],
    ['quoted-printable', 'cr=\rx', 'crx'],
  ] as const)('%s %j decodes to %j in one-byte pieces', (encoding, input, expected) => {
    const decoded = decodeInPieces(encoding, Buffer.from(input, 'latin1'), [1]);
    expect(decoded.toString('latin1')).toBe(expected);
  });

  it('decodes every base64 and quoted-printable corpus body as decodeBody does', () => {
    let checked = 0;
    for (const message of loadCorpus()) {
      const root = parseMessage(message.raw);
      for (const part of leaves(root)) {
        if (part.encoding !== 'base64' && part.encoding !== 'quoted-printable') continue;
        const raw = message.raw.subarray(part.bodyStart, part.bodyEnd);
        const decoded = decodeInPieces(part.encoding, raw, [4096, 77]);
        expect(decoded.equals(reference(part.encoding, raw)), part.partId).toBe(true);
        const stored = decodeBody(message.raw, part);
        // A stored blob holds decodeBody's bytes: the body without the recipe's prefix and
        // suffix (white space; a soft line break's tail), which decode on their own.
        if (stored?.recipe.encoding === part.encoding) {
          const { prefix, suffix } = stored.recipe;
          const head = reference(part.encoding, Buffer.from(prefix, 'latin1'));
          const tail = reference(part.encoding, Buffer.from(suffix, 'latin1'));
          expect(decoded.equals(Buffer.concat([head, stored.decoded, tail]))).toBe(true);
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(300);
  });
});
