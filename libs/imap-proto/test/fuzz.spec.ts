// Property tests: whatever bytes arrive, the parser neither throws nor hangs, holds at most
// MAX_LINE_BYTES plus one chunk, and refuses oversized literals without reading them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ImapParser, MAX_LINE_BYTES, MAX_LITERAL_BYTES, type ParserEvent } from '../src/index.js';

const VALID = [
  'a1 LOGIN joe secret',
  'a2 SELECT INBOX',
  'a3 UID FETCH 1:* (UID FLAGS BODY.PEEK[1.2.MIME]<0.100> BODY[HEADER.FIELDS (From)])',
  'a4 SEARCH CHARSET UTF-8 OR FROM "x y" NOT SEEN SINCE 1-Feb-1994 (LARGER 10 UID 1:4,7)',
  'a5 STORE 1,3:5 +FLAGS.SILENT (\\Seen $Junk)',
  'a6 APPEND Sent (\\Seen) "05-Mar-2021 10:00:00 +0100" {5+}\r\nhello',
  'a7 LOGIN {3+}\r\njoe {2+}\r\npw',
  'a8 LIST (SUBSCRIBED) "" ("INBOX" "a/%") RETURN (STATUS (MESSAGES))',
  'a9 ID ("name" "fuzz" "version" NIL)',
  'b1 AUTHENTICATE PLAIN AGpvZQBwdw==',
];

/** Pushes chunks, draining after each, and checks the bounds on the way. */
function run(chunks: Buffer[], onAppend: 'accept' | 'reject' = 'accept'): ParserEvent[] {
  const parser = new ImapParser();
  const events: ParserEvent[] = [];
  for (const chunk of chunks) {
    parser.push(chunk);
    expect(parser.bufferedBytes).toBeLessThanOrEqual(MAX_LINE_BYTES + chunk.length);
    // Each event consumes input or ends the drain, so this many steps proves there is no hang.
    let steps = 0;
    for (let event = parser.next(); event; event = parser.next()) {
      steps += 1;
      expect(steps).toBeLessThanOrEqual(chunk.length + 2);
      events.push(event);
      if (event.kind === 'append') {
        if (onAppend === 'accept') parser.acceptLiteral();
        else parser.rejectLiteral();
      }
    }
    expect(parser.bufferedBytes).toBeLessThanOrEqual(MAX_LINE_BYTES);
  }
  return events;
}

function split(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let start = 0;
  for (const point of [...points, bytes.length]) {
    if (point > start) chunks.push(bytes.subarray(start, point));
    start = Math.max(start, point);
  }
  return chunks;
}

const mutation = fc.record({
  base: fc.constantFrom(...VALID),
  edits: fc.array(
    fc.record({
      at: fc.nat(),
      remove: fc.nat({ max: 4 }),
      insert: fc.uint8Array({ maxLength: 6 }),
    }),
    { maxLength: 5 },
  ),
  cuts: fc.array(fc.nat(), { maxLength: 6 }),
});

function mutate(base: string, edits: { at: number; remove: number; insert: Uint8Array }[]): Buffer {
  let bytes = Buffer.from(base);
  for (const edit of edits) {
    const at = edit.at % (bytes.length + 1);
    bytes = Buffer.concat([
      bytes.subarray(0, at),
      Buffer.from(edit.insert),
      bytes.subarray(at + edit.remove),
    ]);
  }
  return bytes;
}

describe('parser fuzzing', () => {
  it('survives random bytes in random chunks', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 2000 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        (bytes, cuts) => {
          run(split(Buffer.from(bytes), cuts));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('survives mutated commands and resynchronizes at the next line', () => {
    fc.assert(
      fc.property(mutation, ({ base, edits, cuts }) => {
        const mutated = mutate(base, edits);
        const input = Buffer.concat([mutated, Buffer.from('\r\nzz NOOP\r\n')]);
        const events = run(split(input, cuts), 'reject');
        // Without a literal announcement the mutated command cannot swallow the next line.
        if (!mutated.includes(0x7b) && !mutated.includes(0x7d)) {
          expect(events.at(-1)).toMatchObject({
            kind: 'command',
            command: { tag: 'zz', name: 'NOOP' },
          });
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('survives lines far beyond MAX_LINE_BYTES', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 * MAX_LINE_BYTES }),
        fc.integer({ min: 512, max: 70_000 }),
        (length, chunk) => {
          const input = Buffer.from(`t ${'A'.repeat(length)}\r\nzz NOOP\r\n`);
          const events = run(
            split(
              input,
              Array.from({ length: Math.ceil(input.length / chunk) }, (_, i) => i * chunk),
            ),
          );
          expect(events.at(-1)).toMatchObject({ kind: 'command', command: { tag: 'zz' } });
        },
      ),
      { numRuns: 15 },
    );
  });

  it('refuses oversized synchronizing literals without reading them', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: MAX_LITERAL_BYTES + 1, max: Number.MAX_SAFE_INTEGER }),
        fc.constantFrom('APPEND INBOX', 'LOGIN'),
        (size, command) => {
          const parser = new ImapParser();
          parser.push(Buffer.from(`t ${command} {${size}}\r\n`));
          expect(parser.next()).toMatchObject({ kind: 'error', fatal: false, error: { tag: 't' } });
          // The client sends no literal after a refusal; what follows is the next command.
          parser.push(Buffer.from('u NOOP\r\n'));
          expect(parser.next()).toMatchObject({ kind: 'command', command: { tag: 'u' } });
        },
      ),
      { numRuns: 100 },
    );
  });

  it('ends the session on oversized LITERAL+ and reads none of it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: MAX_LITERAL_BYTES + 1, max: Number.MAX_SAFE_INTEGER }),
        (size) => {
          const parser = new ImapParser();
          parser.push(Buffer.from(`t APPEND INBOX {${size}+}\r\n`));
          expect(parser.next()).toMatchObject({ kind: 'error', fatal: true });
          parser.push(Buffer.alloc(65_536, 0x61));
          expect(parser.next()).toBeUndefined();
          expect(parser.bufferedBytes).toBe(0);
        },
      ),
      { numRuns: 100 },
    );
  });
});
