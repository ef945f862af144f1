import { describe, expect, it } from 'vitest';
import {
  MAX_MIME_DEPTH,
  MAX_MIME_PARTS,
  findPart,
  parseMessage,
  type MimePart,
} from '@mailstore/mime';

const slice = (raw: Buffer, p: MimePart): string =>
  raw.toString('latin1', p.headerStart, p.bodyEnd);
const body = (raw: Buffer, p: MimePart): string => raw.toString('latin1', p.bodyStart, p.bodyEnd);
const ids = (p: MimePart): string[] => [
  p.partId,
  ...p.children.flatMap(ids),
  ...(p.embedded ? ids(p.embedded).map((id) => `>${id}`) : []),
];

function mixed(boundary: string, inner: string): Buffer {
  return Buffer.from(
    `Content-Type: multipart/mixed; boundary="${boundary}"\r\n\r\n${inner}`,
    'latin1',
  );
}

describe('parseMessage: multipart', () => {
  it('splits parts, keeping preamble and epilogue in the multipart body', () => {
    const raw = mixed(
      'b',
      'preamble\r\n--b\r\n\r\none\r\n--b\r\nX: 1\r\n\r\ntwo\r\n--b--\r\nepilogue\r\n',
    );
    const root = parseMessage(raw);
    expect(root.children.map((c) => slice(raw, c))).toEqual(['\r\none', 'X: 1\r\n\r\ntwo']);
    expect(root.children.map((c) => c.partId)).toEqual(['1', '2']);
    expect(body(raw, root)).toMatch(/^preamble\r\n--b[\s\S]*epilogue\r\n$/);
  });

  it('ends the last part at the end when the close delimiter is missing', () => {
    const raw = mixed('b', '--b\r\n\r\none\r\n--b\r\n\r\ntwo\r\n');
    const root = parseMessage(raw);
    expect(root.children.map((c) => body(raw, c))).toEqual(['one', 'two\r\n']);
  });

  it('has no children when the boundary never occurs', () => {
    const raw = mixed('nowhere', 'just text\r\n');
    const root = parseMessage(raw);
    expect(root.children).toEqual([]);
    expect(findPart(root, '1')).toBeNull();
  });

  it('handles LF and bare CR delimiters', () => {
    const lf = mixed('b', '--b\n\none\n--b\n\ntwo\n--b--\n');
    expect(parseMessage(lf).children.map((c) => body(lf, c))).toEqual(['one', 'two']);
    const cr = mixed('b', '--b\r\rone\r--b\r\rtwo\r--b--\r');
    expect(parseMessage(cr).children.map((c) => body(cr, c))).toEqual(['one', 'two']);
  });

  it('accepts white space after a delimiter and ignores lines that only start like one', () => {
    const raw = mixed('b', '--b  \r\n\r\none\r\n--bx\r\n--b-1\r\n--b\t\r\n\r\ntwo\r\n--b-- \r\n');
    expect(parseMessage(raw).children.map((c) => body(raw, c))).toEqual([
      'one\r\n--bx\r\n--b-1',
      'two',
    ]);
  });

  it('ignores a delimiter that is not at the start of a line', () => {
    const raw = mixed('b', '--b\r\n\r\nsee --b here\r\n--b--');
    expect(parseMessage(raw).children.map((c) => body(raw, c))).toEqual(['see --b here']);
  });

  it('ends an unclosed inner multipart at the outer delimiter', () => {
    const inner =
      'Content-Type: multipart/alternative; boundary=in\r\n\r\n--in\r\n\r\na\r\n--in\r\n\r\nb\r\n';
    const raw = mixed('out', `--out\r\n${inner}--out\r\n\r\nlast\r\n--out--\r\n`);
    const root = parseMessage(raw);
    expect(ids(root)).toEqual(['', '1', '1.1', '1.2', '2']);
    expect(body(raw, findPart(root, '1.2')!)).toBe('b');
    expect(body(raw, findPart(root, '2')!)).toBe('last');
  });

  it('keeps empty parts between adjacent delimiters', () => {
    const raw = mixed('b', '--b\r\n--b\r\n\r\nx\r\n--b--');
    const root = parseMessage(raw);
    expect(root.children.map((c) => [c.headerStart, c.bodyEnd - c.headerStart])).toHaveLength(2);
    expect(root.children[0]!.bodyEnd - root.children[0]!.headerStart).toBe(0);
  });

  it('types digest parts message/rfc822 by default (RFC 2046 section 5.1.5)', () => {
    const raw = Buffer.from(
      'Content-Type: multipart/digest; boundary=d\n\n--d\n\nSubject: inner\n\nhi\n--d--\n',
    );
    const root = parseMessage(raw);
    const part = root.children[0]!;
    expect(part.contentType.type + '/' + part.contentType.subtype).toBe('message/rfc822');
    expect(part.embedded?.partId).toBe('1');
    expect(body(raw, part.embedded!)).toBe('hi');
  });

  it('types a digest part with an invalid Content-Type text/plain (RFC 2045 section 5.2)', () => {
    const raw = Buffer.from(
      'Content-Type: multipart/digest; boundary=d\n\n--d\nContent-Type: bad\n\nhi\n--d--\n',
    );
    const part = parseMessage(raw).children[0]!;
    expect(`${part.contentType.type}/${part.contentType.subtype}`).toBe('text/plain');
    expect(part.embedded).toBeNull();
  });

  it('treats content nested deeper than MAX_MIME_DEPTH as one opaque leaf', () => {
    let inner = 'Content-Type: text/plain\r\n\r\ndeep';
    for (let d = MAX_MIME_DEPTH + 5; d > 0; d--) {
      inner = `Content-Type: multipart/mixed; boundary=b${d}\r\n\r\n--b${d}\r\n${inner}\r\n--b${d}--`;
    }
    const raw = Buffer.from(inner);
    let node = parseMessage(raw);
    let depth = 0;
    while (node.children.length) {
      node = node.children[0]!;
      depth++;
    }
    expect(depth).toBe(MAX_MIME_DEPTH);
    expect(node.depth).toBe(MAX_MIME_DEPTH);
    expect(node.contentType.type).toBe('multipart');
    expect(body(raw, node)).toContain('deep');
  });
});

describe('parseMessage: message/rfc822 numbering (RFC 3501 section 6.4.5)', () => {
  const embedded =
    'Subject: inner\r\nContent-Type: multipart/alternative; boundary=i\r\n\r\n' +
    '--i\r\n\r\nplain\r\n--i\r\nContent-Type: text/html\r\n\r\n<b>x</b>\r\n--i--\r\n';
  const raw = mixed(
    'o',
    `--o\r\n\r\nintro\r\n--o\r\nContent-Type: message/rfc822\r\n\r\n${embedded}--o--\r\n`,
  );
  const root = parseMessage(raw);

  it('numbers the parts of an embedded message below the part that holds it', () => {
    expect(ids(root)).toEqual(['', '1', '2', '>2', '>2.1', '>2.2']);
    expect(body(raw, findPart(root, '2.2')!)).toBe('<b>x</b>');
  });

  it('gives the whole embedded message as the body of its part', () => {
    const part = findPart(root, '2')!;
    expect(body(raw, part)).toBe(embedded.slice(0, -2));
    expect(slice(raw, part.embedded!)).toBe(embedded.slice(0, -2));
    expect(part.embedded!.headerStart).toBe(part.bodyStart);
  });

  it('resolves section 1 of a non-multipart message to that message', () => {
    const single = parseMessage(Buffer.from('Subject: x\n\nhello'));
    expect(findPart(single, '1')).toBe(single);
    expect(findPart(single, '2')).toBeNull();
    expect(findPart(single, '1.1')).toBeNull();
    const nested = parseMessage(Buffer.from('Content-Type: message/rfc822\n\nSubject: in\n\nhi'));
    expect(findPart(nested, '1')).toBe(nested);
    expect(findPart(nested, '1.1')).toBe(nested.embedded);
  });

  it('numbers a chain of messages each the body of the one before', () => {
    const inner = 'Content-Type: multipart/mixed; boundary=m\n\n--m\n\na\n--m\n\nb\n--m--\n';
    const chain = Buffer.from(
      `Content-Type: message/rfc822\n\nContent-Type: message/rfc822\n\n${inner}`,
    );
    const top = parseMessage(chain);
    expect(ids(top)).toEqual(['', '>1', '>>1.1', '>>1.1.1', '>>1.1.2']);
    expect(findPart(top, '1.1')).toBe(top.embedded);
    expect(findPart(top, '1.1.2')?.bodyEnd).toBe(chain.length - '\n--m--\n'.length);
  });

  it('returns null for malformed or missing section numbers', () => {
    for (const id of ['0', '3', '1.0', 'a', '1..2', '2.3', '2.1.1', '01']) {
      expect(findPart(root, id)).toBeNull();
    }
  });

  it('does not parse an encoded message/rfc822 body as a message', () => {
    const enc = parseMessage(
      Buffer.from(
        'Content-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\nU3ViamVjdDogeA==\n',
      ),
    );
    expect(enc.embedded).toBeNull();
  });
});

describe('parseMessage: part budget', () => {
  it('never builds more than MAX_MIME_PARTS nodes, however the parts nest', () => {
    const inner = `Content-Type: multipart/mixed; boundary=i\r\n\r\n${'--i\r\n\r\nx\r\n'.repeat(100)}--i--`;
    const outer = `--o\r\n${inner}\r\n`.repeat(200);
    const raw = Buffer.from(`Content-Type: multipart/mixed; boundary=o\r\n\r\n${outer}--o--\r\n`);
    const count = (p: MimePart): number =>
      1 + p.children.reduce((n, c) => n + count(c), 0) + (p.embedded ? count(p.embedded) : 0);
    const root = parseMessage(raw);
    expect(count(root)).toBeLessThanOrEqual(MAX_MIME_PARTS);
    expect(count(root)).toBeGreaterThan(MAX_MIME_PARTS - 200);
    expect(root.children[root.children.length - 1]!.bodyEnd).toBeLessThanOrEqual(raw.length);
  });
});
