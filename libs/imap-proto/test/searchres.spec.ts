// `$` (RFC 5182 section 3: sequence-set =/ seq-last-command) and SEARCH RETURN (SAVE), and
// non-synchronizing literals of any size (LITERAL+ of RFC 7888, a superset of LITERAL-).
import { describe, expect, it } from 'vitest';
import { parseError, parseOne } from './drive.js';

const SAVED = { saved: true };

describe('SEARCHRES grammar', () => {
  it.each([
    ['a FETCH $ (FLAGS)', { name: 'FETCH', sequenceSet: SAVED }],
    ['a UID FETCH $ UID', { name: 'UID FETCH', sequenceSet: SAVED }],
    ['a STORE $ +FLAGS (\\Seen)', { name: 'STORE', sequenceSet: SAVED }],
    ['a UID STORE $ -FLAGS.SILENT (x)', { name: 'UID STORE', sequenceSet: SAVED }],
    ['a COPY $ Archive', { name: 'COPY', sequenceSet: SAVED, mailbox: 'Archive' }],
    ['a UID MOVE $ Trash', { name: 'UID MOVE', sequenceSet: SAVED }],
    ['a UID EXPUNGE $', { name: 'UID EXPUNGE', sequenceSet: SAVED }],
    ['a SEARCH $', { criteria: { key: 'SEQUENCE', set: SAVED } }],
    [
      'a UID SEARCH UID $ SEEN',
      { criteria: { key: 'AND', operands: [{ key: 'UID', set: SAVED }, { key: 'SEEN' }] } },
    ],
    ['a SEARCH RETURN (SAVE) FLAGGED', { returnOptions: ['SAVE'], criteria: { key: 'FLAGGED' } }],
    ['a UID SEARCH RETURN (save min COUNT) ALL', { returnOptions: ['SAVE', 'MIN', 'COUNT'] }],
  ])('parses %s', (line, expected) => {
    expect(parseOne(line)).toMatchObject(expected);
  });

  it.each(['a FETCH $,1 FLAGS', 'a FETCH 1,$ FLAGS', 'a FETCH $:3 FLAGS', 'a STORE $$ +FLAGS (x)'])(
    'refuses %s: `$` stands alone (RFC 5182 section 3)',
    (line) => {
      expect(parseError(line)).toMatchObject({ status: 'BAD', code: 'IMAP_SYNTAX' });
    },
  );
});

describe('LITERAL- (RFC 7888 section 5) through LITERAL+', () => {
  it('takes a non-synchronizing literal of 4096 bytes and one past it, with no continuation', () => {
    for (const size of [4096, 4097, 20_000]) {
      const text = 'x'.repeat(size);
      expect(parseOne(`a SEARCH SUBJECT {${size}+}\r\n${text}`)).toMatchObject({
        criteria: { key: 'SUBJECT', value: text },
      });
    }
  });
});
