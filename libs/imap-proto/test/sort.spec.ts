// The SORT grammar of RFC 5256 section 4 and ESORT's RETURN of RFC 5267 section 3.
import { describe, expect, it } from 'vitest';
import { parseError, parseOne } from './drive.js';

describe('SORT grammar', () => {
  it.each([
    [
      'a SORT (DATE) UTF-8 ALL',
      {
        name: 'SORT',
        uid: false,
        returnOptions: null,
        sortCriteria: [{ key: 'DATE', reverse: false }],
        charset: 'UTF-8',
        criteria: { key: 'ALL' },
      },
    ],
    [
      'a uid sort (reverse arrival Subject REVERSE size) us-ascii SINCE 1-Feb-1994 NOT FROM x',
      {
        name: 'UID SORT',
        uid: true,
        sortCriteria: [
          { key: 'ARRIVAL', reverse: true },
          { key: 'SUBJECT', reverse: false },
          { key: 'SIZE', reverse: true },
        ],
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
      'a SORT (CC FROM TO) "UTF-8" SUBJECT {7}\r\nGrüße',
      {
        sortCriteria: [
          { key: 'CC', reverse: false },
          { key: 'FROM', reverse: false },
          { key: 'TO', reverse: false },
        ],
        criteria: { key: 'SUBJECT', value: 'Grüße' },
      },
    ],
    [
      'a SORT RETURN (MIN max COUNT ALL) (DATE) UTF-8 UNSEEN',
      { returnOptions: ['MIN', 'MAX', 'COUNT', 'ALL'], criteria: { key: 'UNSEEN' } },
    ],
    ['a UID SORT RETURN () (SIZE) UTF-8 1:*', { uid: true, returnOptions: [] }],
    [
      'a UID SORT RETURN (save Min) (REVERSE DATE) utf-8 UID $',
      {
        uid: true,
        returnOptions: ['SAVE', 'MIN'],
        sortCriteria: [{ key: 'DATE', reverse: true }],
        charset: 'UTF-8',
        criteria: { key: 'UID', set: { saved: true } },
      },
    ],
    // Unknown options are the session's to refuse (BAD); the grammar reads any atom.
    ['a SORT RETURN (FROB) (SIZE) UTF-8 ALL', { returnOptions: ['FROB'] }],
    ['a SORT RETURN (COUNT) (SIZE) UTF-8 MODSEQ 5', { criteria: { key: 'MODSEQ' } }],
  ])('parses %s', (line, expected) => {
    expect(parseOne(line)).toMatchObject(expected);
  });

  it('leaves the charset, upper-cased, for the session to answer with NO [BADCHARSET]', () => {
    // A failed SORT RETURN (SAVE) empties the saved result (RFC 5182 section 2.1): the session
    // has to see the command.
    expect(parseOne('s2 SORT (SUBJECT) iso-8859-1 ALL')).toMatchObject({ charset: 'ISO-8859-1' });
  });

  it.each([
    'a SORT',
    'a SORT () UTF-8 ALL',
    'a SORT (DATE)',
    'a SORT (DATE) UTF-8',
    'a SORT DATE UTF-8 ALL',
    'a SORT (DATE) ALL',
    'a SORT (THREAD) UTF-8 ALL',
    'a SORT (REVERSE) UTF-8 ALL',
    'a SORT (REVERSE REVERSE DATE) UTF-8 ALL',
    'a SORT (DATE  SIZE) UTF-8 ALL',
    'a SORT (DATE) UTF-8 CHARSET UTF-8 ALL',
    'a SORT (DATE) UTF-8 ALL extra-key',
    'a SORT RETURN (DATE) UTF-8 ALL',
    'a SORT RETURN (ALL)',
    'a SORT RETURN (ALL) UTF-8 ALL',
    'a SORT RETURN ALL (DATE) UTF-8 ALL',
    'a SORT RETURN(ALL) (DATE) UTF-8 ALL',
    'a SORT RETURN (ALL)(DATE) UTF-8 ALL',
    'a SORT RETURN (MIN  MAX) (DATE) UTF-8 ALL',
    'a SORT RETURN (MIN (DATE) UTF-8 ALL',
    'a SORT RETURN (ALL) RETURN (MIN) (DATE) UTF-8 ALL',
    'a SORT (DATE) RETURN (ALL) UTF-8 ALL',
    'a UID SORT (DATE) UTF-8 UID',
  ])('refuses %s with BAD and keeps the tag', (line) => {
    const error = parseError(line);
    expect(error).toMatchObject({ tag: 'a', status: 'BAD', code: 'IMAP_SYNTAX' });
  });
});
