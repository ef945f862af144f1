import { describe, expect, it } from 'vitest';
import {
  bodyStructure,
  decodeBody,
  envelope,
  parseMessage,
  preview,
  searchText,
  threadInfo,
} from '@mailstore/mime';

/** Bound per input; the inputs are a few hundred KB, so quadratic work would take minutes. */
const MAX_PATHOLOGICAL_MS = 3000;

const CASES: Record<string, string> = {
  'unclosed comments': `Content-Type: text/plain; a=${'('.repeat(50_000)}\n\nx`,
  'escaped quotes': `Content-Type: text/plain; a="${'\\"'.repeat(50_000)}\n\nx`,
  'RFC 2231 sections': `Content-Type: text/plain; ${Array.from({ length: 5000 }, (_, i) => `name*${i}*=%41`).join('; ')}\n\nx`,
  'many addresses': `To: ${'a@b, '.repeat(25_000)}\nFrom: ${'<'.repeat(25_000)}\n\nx`,
  'many group starts': `To: ${'g: '.repeat(25_000)}\n\nx`,
  'unclosed tags': `Content-Type: text/html\n\n${'<'.repeat(100_000)}<script${'x'.repeat(10_000)}`,
  'delimiters mid-line': `Content-Type: multipart/mixed; boundary=b\n\n${'x--b'.repeat(50_000)}`,
  'empty parts': `Content-Type: multipart/mixed; boundary=b\n\n${'--b\n'.repeat(50_000)}`,
  'subject leaders': `Subject: ${'Re: '.repeat(25_000)}${'['.repeat(10_000)}${'(fwd)'.repeat(10_000)}\n\nx`,
  'nested fwd': `Subject: ${'[fwd: '.repeat(10_000)}${']'.repeat(10_000)}\n\nx`,
  'bare CRs': '\r'.repeat(300_000),
  'fold lines': `A: b\n${' \n'.repeat(100_000)}`,
  'broken folds': `A: b\n${'junk;\n'.repeat(50_000)}\nbody`,
  'soft breaks': `Content-Transfer-Encoding: quoted-printable\n\n${'=\n'.repeat(100_000)}`,
};

describe('pathological input', () => {
  it.each(Object.entries(CASES))('handles %s in bounded time', (_name, text) => {
    const raw = Buffer.from(text, 'latin1');
    const started = performance.now();
    const root = parseMessage(raw);
    envelope(raw, root);
    bodyStructure(raw, root);
    threadInfo(raw, root);
    searchText(raw, root, 1 << 20);
    preview(raw, root, 200);
    decodeBody(raw, root);
    expect(root.bodyEnd).toBe(raw.length);
    expect(performance.now() - started).toBeLessThan(MAX_PATHOLOGICAL_MS);
  });
});
