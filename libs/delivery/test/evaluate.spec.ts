import { ObjectId } from 'mongodb';
import { describe, expect, it } from 'vitest';
import {
  autoreplyBlock,
  evaluateFilters,
  isSpam,
  MAX_JOB_BACKOFF_MS,
  readFacts,
  retryDelayMs,
  type FilterDoc,
  type FilterInput,
} from '../src/index.js';
import { filterInputSchema } from '../src/index.js';

function filter(input: FilterInput): FilterDoc {
  return {
    ...filterInputSchema.parse(input),
    _id: new ObjectId(),
    user: new ObjectId(),
    createdAt: new Date(),
  };
}

function message(headers: string[], body = 'Hi\r\n'): Buffer {
  return Buffer.from([...headers, '', body].join('\r\n'));
}

const plain = readFacts(
  message([
    'From: =?UTF-8?Q?J=C3=B6rg?= <joerg@example.org>',
    'To: team@example.com',
    'Cc: boss@example.com',
    'Subject: =?UTF-8?B?UmVwb3J0IMOcYmVyc2ljaHQ=?=',
    'List-Id: Dev list <dev.example.org>',
    'X-Ticket: 42',
  ]),
);

describe('evaluateFilters', () => {
  const cases: Array<[string, FilterInput, Partial<ReturnType<typeof evaluateFilters>>]> = [
    [
      'decoded subject contains, ignoring case',
      {
        name: 'a',
        conditions: [{ field: 'subject', op: 'contains', value: 'übersicht' }],
        actions: [{ type: 'seen' }],
      },
      { flags: ['\\Seen'] },
    ],
    [
      'from starts-with on the decoded display name',
      {
        name: 'b',
        conditions: [{ field: 'from', op: 'starts-with', value: 'jörg' }],
        actions: [{ type: 'move', mailbox: 'Friends' }],
      },
      { mailbox: 'Friends' },
    ],
    [
      'to also looks at Cc',
      {
        name: 'c',
        conditions: [{ field: 'to', op: 'contains', value: 'boss@' }],
        actions: [{ type: 'flag', flags: ['$Boss'] }],
      },
      { flags: ['$Boss'] },
    ],
    [
      'any header is',
      {
        name: 'd',
        conditions: [{ field: 'header', name: 'X-Ticket', op: 'is', value: '42' }],
        actions: [{ type: 'discard' }],
      },
      { discard: true },
    ],
    [
      'not inverts a condition',
      {
        name: 'e',
        conditions: [{ field: 'list-id', op: 'exists', not: true }],
        actions: [{ type: 'discard' }],
      },
      { discard: false, matched: [] },
    ],
    [
      'any needs one condition only',
      {
        name: 'f',
        match: 'any',
        conditions: [
          { field: 'size', op: 'over', bytes: 1_000_000 },
          { field: 'list-id', op: 'ends-with', value: 'org>' },
        ],
        actions: [{ type: 'forward', to: ['x@remote.example', 'x@remote.example'] }],
      },
      { forward: ['x@remote.example'] },
    ],
    [
      'all fails when one condition fails',
      {
        name: 'g',
        conditions: [{ field: 'has-attachment' }, { field: 'list-id', op: 'exists' }],
        actions: [{ type: 'discard' }],
      },
      { discard: false },
    ],
    [
      'a disabled filter never runs',
      { name: 'h', enabled: false, conditions: [], actions: [{ type: 'discard' }] },
      { discard: false },
    ],
  ];
  for (const [name, input, expected] of cases) {
    it(name, () => {
      expect(evaluateFilters([filter(input)], { facts: plain, spam: false })).toMatchObject(
        expected,
      );
    });
  }

  it('stops at stop and lets later moves override earlier ones', () => {
    const outcome = evaluateFilters(
      [
        filter({ name: '1', conditions: [], actions: [{ type: 'move', mailbox: 'A' }] }),
        filter({
          name: '2',
          conditions: [],
          actions: [{ type: 'move', mailbox: 'B' }, { type: 'stop' }],
        }),
        filter({ name: '3', conditions: [], actions: [{ type: 'move', mailbox: 'C' }] }),
      ],
      { facts: plain, spam: false },
    );
    expect(outcome).toMatchObject({ mailbox: 'B', matched: ['1', '2'] });
  });

  it('tests the spam verdict', () => {
    const f = filter({ name: 's', conditions: [{ field: 'spam' }], actions: [{ type: 'seen' }] });
    expect(evaluateFilters([f], { facts: plain, spam: true }).flags).toEqual(['\\Seen']);
    expect(evaluateFilters([f], { facts: plain, spam: false }).flags).toEqual([]);
  });
});

describe('filterInputSchema', () => {
  it.each([
    ['no actions', { name: 'x', conditions: [], actions: [] }],
    ['unknown field', { name: 'x', conditions: [{ field: 'body' }], actions: [{ type: 'seen' }] }],
    [
      'bad header name',
      {
        name: 'x',
        conditions: [{ field: 'header', name: 'a b', op: 'exists' }],
        actions: [{ type: 'seen' }],
      },
    ],
    [
      'flag with a space',
      { name: 'x', conditions: [], actions: [{ type: 'flag', flags: ['a b'] }] },
    ],
  ])('refuses %s', (_name, input) => {
    expect(filterInputSchema.safeParse(input).success).toBe(false);
  });
});

describe('autoreplyBlock (RFC 3834 section 2)', () => {
  it.each([
    ['', [], 'null-sender'],
    ['a@example.org', ['Auto-Submitted: auto-replied'], 'auto-submitted'],
    ['a@example.org', ['List-Unsubscribe: <mailto:u@example.org>'], 'mailing-list'],
    ['a@example.org', ['Precedence: junk'], 'bulk'],
    ['owner-dev@example.org', [], 'system-sender'],
    ['dev-request@example.org', [], 'system-sender'],
    ['a@example.org', ['X-Auto-Response-Suppress: OOF, DR'], 'suppressed'],
    ['a@example.org', ['Auto-Submitted: no'], null],
    ['a@example.org', [], null],
  ])('%s with %j gives %s', (mailFrom, headers, expected) => {
    expect(autoreplyBlock(readFacts(message(['From: a@example.org', ...headers])), mailFrom)).toBe(
      expected,
    );
  });
});

describe('isSpam', () => {
  const options = {
    header: 'X-Spam-Status',
    pattern: '^yes\\b',
    scoreHeader: 'X-Spam-Score',
    scoreThreshold: 5,
  };
  it.each([
    [['X-Spam-Status: Yes, score=7'], true],
    [['X-Spam-Status: No, score=1'], false],
    [['X-Spam-Score: 5'], true],
    [['X-Spam-Score: 4.9'], false],
    [['X-Spam-Score: junk'], false],
    [[], false],
  ])('%j is spam: %s', (headers, expected) => {
    expect(isSpam(readFacts(message(headers)), options)).toBe(expected);
  });
});

describe('retryDelayMs', () => {
  it('doubles from the base and stops at the cap', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 1_000))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(retryDelayMs(40, 1_000)).toBe(MAX_JOB_BACKOFF_MS);
  });
});
