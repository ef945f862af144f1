import { describe, expect, it } from 'vitest';
import {
  createBodyEncoder,
  decodeBody,
  encodeBody,
  parseMessage,
  type EncodingRecipe,
} from '@mailstore/mime';
import { encodeInPieces } from './corpus.js';

/** Deterministic pseudo-random bytes (a linear congruential generator), so failures replay. */
function bytes(n: number, seed: number): Buffer {
  const out = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

function wrap(text: string, width: number, eol: string): string {
  if (width === 0) return text;
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += width) lines.push(text.slice(i, i + width));
  return lines.join(eol);
}

function message(encoding: string, body: string): Buffer {
  return Buffer.from(
    `Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: ${encoding}\r\n\r\n${body}`,
    'latin1',
  );
}

/** Decodes the body, then checks one-shot and piece-by-piece streamed re-encoding. */
function roundTrip(raw: Buffer): ReturnType<typeof decodeBody> {
  const root = parseMessage(raw);
  const result = decodeBody(raw, root);
  if (result) {
    const recipe = JSON.parse(JSON.stringify(result.recipe)) as EncodingRecipe;
    const body = raw.subarray(root.bodyStart, root.bodyEnd);
    expect(encodeBody(result.decoded, recipe).equals(body)).toBe(true);
    for (const sizes of [[1], [2, 5], [64]]) {
      expect(encodeInPieces(createBodyEncoder(recipe), result.decoded, sizes).equals(body)).toBe(
        true,
      );
    }
  }
  return result;
}

describe('decodeBody/encodeBody: base64', () => {
  const shapes = [];
  for (const width of [76, 72, 64, 60, 0]) {
    for (const eol of ['\r\n', '\n']) {
      for (const trailing of ['', eol, eol + eol, eol + eol + eol]) {
        for (const size of [0, 1, 2, 3, 57, 1000, 4097])
          shapes.push({ width, eol, trailing, size });
      }
    }
  }

  it.each(shapes)(
    'reproduces width $width, $size bytes, eol $eol, trailing $trailing',
    ({ width, eol, trailing, size }) => {
      const data = bytes(size, size + width);
      const raw = message('base64', wrap(data.toString('base64'), width, eol) + trailing);
      const result = roundTrip(raw);
      expect(result).not.toBeNull();
      expect(result!.decoded.equals(data)).toBe(true);
      expect(result!.recipe.encoding).toBe('base64');
      if (width > 0 && size > 57) {
        expect(result!.recipe.lineLength).toBe(width);
        expect(result!.recipe.lineEnding).toBe(eol);
      }
    },
  );

  it('decodes one file wrapped two ways to the same bytes (the de-dup key)', () => {
    const data = bytes(5000, 7);
    const a = roundTrip(message('base64', wrap(data.toString('base64'), 76, '\r\n') + '\r\n'));
    const b = roundTrip(message('base64', wrap(data.toString('base64'), 64, '\n')));
    expect(a!.decoded.equals(b!.decoded)).toBe(true);
    expect(a!.recipe).not.toEqual(b!.recipe);
  });

  it('reproduces a last line with missing padding or stray bits', () => {
    for (const body of ['AAAAAA\n', 'AAAAAA=\n', 'QUJD\nRA\n', 'QUJDRB==\n']) {
      expect(roundTrip(message('base64', body)), body).not.toBeNull();
    }
  });

  it('reproduces irregular line lengths and leading blank lines', () => {
    const text = bytes(3000, 3).toString('base64');
    const body = `\r\n${text.slice(0, 76)}\r\n${text.slice(76, 100)}\r\n${wrap(text.slice(100), 76, '\r\n')}\r\n`;
    const result = roundTrip(message('base64', body));
    expect(result?.recipe.lineRuns?.length).toBeGreaterThan(1);
    expect(result?.recipe.prefix).toBe('\r\n');
  });

  it('returns null when the body is not reproducible base64', () => {
    expect(roundTrip(message('base64', 'This is not base64 at all\r\n'))).toBeNull();
    expect(roundTrip(message('base64', 'QUJD\r\nREVG\nR0hJ\r\n'))).toBeNull();
    expect(roundTrip(message('base64', 'QUJD\rREVG\r'))).toBeNull();
  });
});

describe('decodeBody/encodeBody: quoted-printable and identity', () => {
  const qp = [
    'Caf=C3=A9 au lait\r\n',
    'short line\nsecond line=\n continued\n',
    `${'a'.repeat(75)}=\r\n${'b'.repeat(10)}\r\n`,
    'trailing space=20\r\nx=3D1\r\n',
    'lower =c3=a9 hex\n',
    'raw 8-bit \xe9 byte, kept raw\r\n',
    'trailing literal space \nand a soft break at the end=\n\n',
    `${'=00'.repeat(24)}=\n${'=00'.repeat(24)}=\n=01\n`,
    `${'a'.repeat(75)}=\nb\n${'c'.repeat(10)}\n`,
  ];
  it.each(qp)('reproduces %j', (body) => {
    const result = roundTrip(message('quoted-printable', body));
    expect(result).not.toBeNull();
    expect(result!.recipe.encoding).toBe('quoted-printable');
  });

  it('decodes quoted-printable soft breaks and escapes', () => {
    const result = roundTrip(message('quoted-printable', 'Caf=C3=A9 =\r\nau lait\r\n'));
    expect(result!.decoded.toString('utf8')).toBe('Café au lait\r\n');
  });

  it('returns null for quoted-printable it cannot reproduce', () => {
    // Soft breaks placed by word, and 8-bit bytes both raw and escaped: no rule reproduces them.
    expect(roundTrip(message('quoted-printable', 'ab=\ncdefgh=\nij\n'))).toBeNull();
    expect(roundTrip(message('quoted-printable', 'caf\xe9 and caf=E9\r\n'))).toBeNull();
  });

  it('copies 7bit, 8bit and binary bodies unchanged', () => {
    for (const enc of ['7bit', '8bit', 'binary']) {
      const result = roundTrip(message(enc, 'line 1\r\nline \x00\xff 2'));
      expect(result?.recipe.encoding).toBe('identity');
      expect(result?.decoded.toString('latin1')).toBe('line 1\r\nline \x00\xff 2');
    }
  });

  it('copies a multipart without delimiters, a leaf, unchanged', () => {
    const raw = Buffer.from('Content-Type: multipart/mixed; boundary=b\n\nno delimiters\n');
    expect(roundTrip(raw)?.decoded.toString()).toBe('no delimiters\n');
  });

  it('gives null for a multipart or a part holding an embedded message', () => {
    const multi = Buffer.from('Content-Type: multipart/mixed; boundary=b\n\n--b\n\nx\n--b--\n');
    expect(decodeBody(multi, parseMessage(multi))).toBeNull();
    const rfc822 = Buffer.from('Content-Type: message/rfc822\n\nSubject: x\n\ny');
    expect(decodeBody(rfc822, parseMessage(rfc822))).toBeNull();
  });
});
