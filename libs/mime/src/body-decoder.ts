// Byte values, declared per module: imported bindings cost a lookup in every scanning loop.
const CR = 0x0d;
const LF = 0x0a;
const EQUALS = 0x3d;

/**
 * Removes a Content-Transfer-Encoding piece by piece (RFC 2045 sections 6.7 and 6.8), so a large
 * body is decoded in constant memory; the outputs, concatenated, are the same for any chunking.
 */
export interface BodyDecoder {
  /** Decodes the next encoded piece; holds back at most three bytes' worth until the next. */
  write(encoded: Buffer): Buffer;
  /** Flushes what was held back (an unfinished base64 quantum, a cut-off `=X` escape). */
  end(): Buffer;
}

/**
 * Sextet values of the base64 alphabet (RFC 4648 section 4), with `-` and `_` of the URL-safe
 * alphabet (section 5) as Node's decoder reads them; -1 for bytes the decoder skips.
 */
const SEXTETS = new Int8Array(256).fill(-1);
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
for (let i = 0; i < ALPHABET.length; i++) SEXTETS[ALPHABET.charCodeAt(i)] = i;
SEXTETS[0x2d] = 62;
SEXTETS[0x5f] = 63;

/**
 * Base64 with the rules of Node's `Buffer.from(text, 'base64')`, which BINARY answered with when
 * it decoded in memory: bytes outside the alphabet are skipped, the first `=` ends the data, and
 * an unfinished last quantum of two or three characters gives one or two bytes.
 */
function createBase64Decoder(): BodyDecoder {
  let quantum = 0;
  let sextets = 0;
  let ended = false;
  return {
    write(encoded) {
      const out = Buffer.allocUnsafe(Math.floor((sextets + encoded.length) / 4) * 3);
      let n = 0;
      for (let i = 0; i < encoded.length && !ended; i++) {
        const c = encoded[i]!;
        const value = SEXTETS[c]!;
        if (value < 0) {
          ended = c === EQUALS;
          continue;
        }
        quantum = (quantum << 6) | value;
        if (++sextets < 4) continue;
        out[n++] = quantum >>> 16;
        out[n++] = (quantum >>> 8) & 0xff;
        out[n++] = quantum & 0xff;
        quantum = 0;
        sextets = 0;
      }
      return out.subarray(0, n);
    },
    end() {
      // Two sextets carry one byte, three carry two; a lone sextet carries none.
      const count = Math.max(0, sextets - 1);
      const bits = quantum << (6 * (4 - sextets));
      quantum = 0;
      sextets = 0;
      return Buffer.from([bits >>> 16, (bits >>> 8) & 0xff]).subarray(0, count);
    },
  };
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

// Where a quoted-printable decoder stands: outside an escape, after `=`, after `=` and one hex
// digit, after `=` and CR (a soft line break, with or without its LF).
const NONE = 0;
const EQUALS_SEEN = 1;
const HEX_SEEN = 2;
const SOFT_CR = 3;

/**
 * Quoted-printable with the rules of `qpDecode`, one byte at a time so that an escape cut by a
 * piece boundary needs no look-ahead: `=XX` is the byte, `=` before CRLF, LF or CR is a soft line
 * break, and any other `=` (or `=X`) stands for itself.
 */
function createQpDecoder(): BodyDecoder {
  let escape = NONE;
  let digit = 0;
  return {
    write(encoded) {
      // An `=X` from the piece before may come out as two bytes more than this piece holds.
      const out = Buffer.allocUnsafe(encoded.length + 2);
      let n = 0;
      for (let i = 0; i < encoded.length; i++) {
        const c = encoded[i]!;
        if (escape === EQUALS_SEEN) {
          const value = hexValue(c);
          escape = value >= 0 ? HEX_SEEN : c === CR ? SOFT_CR : NONE;
          digit = value >= 0 ? c : 0;
          if (escape !== NONE || c === LF) continue;
          out[n++] = EQUALS;
        } else if (escape === HEX_SEEN) {
          escape = NONE;
          const value = hexValue(c);
          if (value >= 0) {
            out[n++] = hexValue(digit) * 16 + value;
            continue;
          }
          out[n++] = EQUALS;
          out[n++] = digit;
        } else if (escape === SOFT_CR) {
          escape = NONE;
          if (c === LF) continue;
        }
        if (c === EQUALS) escape = EQUALS_SEEN;
        else out[n++] = c;
      }
      return out.subarray(0, n);
    },
    end() {
      const held = escape;
      escape = NONE;
      if (held === EQUALS_SEEN) return Buffer.from([EQUALS]);
      if (held === HEX_SEEN) return Buffer.from([EQUALS, digit]);
      return Buffer.alloc(0);
    },
  };
}

/**
 * A streaming decoder for base64 or quoted-printable whose output equals, byte for byte,
 * `Buffer.from(body.toString('latin1'), 'base64')` or `qpDecode(body)` of the whole body.
 */
export function createBodyDecoder(encoding: 'base64' | 'quoted-printable'): BodyDecoder {
  return encoding === 'base64' ? createBase64Decoder() : createQpDecoder();
}
