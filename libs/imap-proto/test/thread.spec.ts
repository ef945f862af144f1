// The THREAD grammar and the thread-list writer of RFC 5256 section 4.
import { describe, expect, it } from 'vitest';
import { MAX_THREAD_DEPTH, threadResponse, type ThreadNode } from '../src/index.js';
import { parseError, parseOne } from './drive.js';

describe('THREAD grammar', () => {
  it.each([
    [
      'a THREAD REFERENCES UTF-8 ALL',
      {
        tag: 'a',
        name: 'THREAD',
        uid: false,
        algorithm: 'REFERENCES',
        charset: 'UTF-8',
        criteria: { key: 'ALL' },
      },
    ],
    [
      'b uid thread orderedsubject us-ascii SINCE 1-Feb-1994 NOT FROM x',
      {
        name: 'UID THREAD',
        uid: true,
        algorithm: 'ORDEREDSUBJECT',
        charset: 'US-ASCII',
        criteria: {
          key: 'AND',
          operands: [
            { key: 'SINCE', date: '1994-02-01' },
            { key: 'NOT', operand: { key: 'FROM', value: 'x' } },
          ],
        },
      },
    ],
    [
      'c THREAD References "UTF-8" SUBJECT {7}\r\nGrüße',
      { algorithm: 'REFERENCES', criteria: { key: 'SUBJECT', value: 'Grüße' } },
    ],
    ['d UID THREAD REFERENCES UTF-8 UID $', { criteria: { key: 'UID', set: { saved: true } } }],
  ])('parses %s', (line, expected) => {
    expect(parseOne(line)).toMatchObject(expected);
  });

  it('leaves the charset, upper-cased, for the session to answer with NO [BADCHARSET]', () => {
    expect(parseOne('t THREAD REFERENCES koi8-r ALL')).toMatchObject({ charset: 'KOI8-R' });
  });

  it.each([
    'a THREAD',
    'a THREAD REFERENCES',
    'a THREAD REFERENCES UTF-8',
    'a THREAD REFERENCES ALL',
    'a THREAD REFS UTF-8 ALL',
    'a THREAD X-THREAD-FOO UTF-8 ALL',
    'a THREAD "REFERENCES" UTF-8 ALL',
    'a THREAD (REFERENCES) UTF-8 ALL',
    'a THREAD REFERENCES  UTF-8 ALL',
    'a THREAD REFERENCES UTF-8 CHARSET UTF-8 ALL',
    'a THREAD REFERENCES UTF-8 ALL extra-key',
    'a THREAD REFERENCES UTF-8 ALL ',
    'a UID THREAD ORDEREDSUBJECT UTF-8 UID',
  ])('refuses %j with BAD and keeps the tag', (line) => {
    expect(parseError(line)).toMatchObject({ tag: 'a', status: 'BAD', code: 'IMAP_SYNTAX' });
  });
});

/** A message node. */
function m(message: number, ...children: ThreadNode[]): ThreadNode {
  return { message, children };
}

/** A dummy node. */
function dummy(...children: ThreadNode[]): ThreadNode {
  return { message: null, children };
}

function written(threads: ThreadNode[]): string {
  return threadResponse(threads).toString('latin1');
}

describe('threadResponse', () => {
  it('writes no threads as a bare THREAD', () => {
    expect(written([])).toBe('* THREAD\r\n');
  });

  it('writes the example of RFC 5256 section 4', () => {
    const threads = [m(2), m(3, m(6, m(4, m(23)), m(44, m(7, m(96)))))];
    expect(written(threads)).toBe('* THREAD (2)(3 6 (4 23)(44 7 96))\r\n');
  });

  it('writes the children of a dummy at the top as a list of lists', () => {
    expect(written([dummy(m(3), m(5))])).toBe('* THREAD ((3)(5))\r\n');
    expect(written([dummy(m(3, m(4)), m(5)), m(9)])).toBe('* THREAD ((3 4)(5))(9)\r\n');
  });

  it('leaves a dummy out, its children taking its place', () => {
    expect(written([dummy(m(3, m(4)))])).toBe('* THREAD (3 4)\r\n');
    expect(written([m(1, dummy(m(2), m(3)))])).toBe('* THREAD (1 (2)(3))\r\n');
    expect(written([m(1, dummy(m(2)))])).toBe('* THREAD (1 2)\r\n');
    expect(written([m(1, dummy(), m(2))])).toBe('* THREAD (1 2)\r\n');
    expect(written([dummy(dummy(m(1), m(2)), dummy())])).toBe('* THREAD ((1)(2))\r\n');
    expect(written([dummy(), m(7)])).toBe('* THREAD (7)\r\n');
  });

  it('writes a chain of 100,000 replies without running out of stack', () => {
    let chain = m(100_000);
    for (let n = 99_999; n >= 1; n -= 1) chain = m(n, chain);
    const line = written([chain]);
    expect(line.startsWith('* THREAD (1 2 3 ')).toBe(true);
    expect(line.endsWith(' 99999 100000)\r\n')).toBe(true);
  });

  it(`nests at most ${MAX_THREAD_DEPTH} parentheses and loses no message past that`, () => {
    // Every level branches: a leaf and the next level, 200 levels deep.
    const levels = 200;
    let tree = m(2 * levels + 1);
    for (let level = levels; level >= 1; level -= 1) tree = m(2 * level - 1, m(2 * level), tree);
    const line = written([tree]);
    let depth = 0;
    let deepest = 0;
    for (const char of line) {
      if (char === '(') deepest = Math.max(deepest, ++depth);
      if (char === ')') depth -= 1;
    }
    expect(depth).toBe(0);
    expect(deepest).toBe(MAX_THREAD_DEPTH);
    const numbers = line.match(/\d+/g)!.map(Number);
    expect(numbers.toSorted((a, b) => a - b)).toEqual(
      Array.from({ length: 2 * levels + 1 }, (_, i) => i + 1),
    );
    expect(line.startsWith('* THREAD (1 (2)(3 (4)(5 ')).toBe(true);
  });
});
