// The OBJECTID grammar of RFC 8474: FETCH EMAILID and THREADID, SEARCH EMAILID and THREADID,
// STATUS MAILBOXID, and the writers of `(objectid)` and `[MAILBOXID (objectid)]`.
import { describe, expect, it } from 'vitest';
import {
  fetchResponse,
  isObjectId,
  mailboxIdCode,
  MAX_OBJECTID_CHARS,
  objectIdValue,
  serializeValue,
  statusResponse,
} from '../src/index.js';
import { parseError, parseOne } from './drive.js';

const LONGEST = 'a'.repeat(MAX_OBJECTID_CHARS);

describe('OBJECTID grammar (RFC 8474 section 7)', () => {
  it('parses EMAILID and THREADID as FETCH items, in UID FETCH with CHANGEDSINCE too', () => {
    expect(parseOne('a FETCH 1:* (emailid THREADID FLAGS)')).toMatchObject({
      name: 'FETCH',
      attributes: [{ item: 'EMAILID' }, { item: 'THREADID' }, { item: 'FLAGS' }],
    });
    expect(parseOne('a UID FETCH 5 EMAILID (CHANGEDSINCE 7)')).toMatchObject({
      name: 'UID FETCH',
      attributes: [{ item: 'EMAILID' }],
      changedSince: 7n,
    });
  });

  it.each([
    ['a SEARCH EMAILID M6d0b_-9', { key: 'EMAILID', objectId: 'M6d0b_-9' }],
    ['a SEARCH threadid T1', { key: 'THREADID', objectId: 'T1' }],
    [`a SEARCH EMAILID ${LONGEST}`, { key: 'EMAILID', objectId: LONGEST }],
    [
      'a UID SEARCH NOT THREADID t SEEN',
      {
        key: 'AND',
        operands: [{ key: 'NOT', operand: { key: 'THREADID', objectId: 't' } }, { key: 'SEEN' }],
      },
    ],
    [
      'a SEARCH OR EMAILID abc (THREADID xyz)',
      {
        key: 'OR',
        left: { key: 'EMAILID', objectId: 'abc' },
        right: { key: 'THREADID', objectId: 'xyz' },
      },
    ],
  ])('parses the search key of %s', (line, criteria) => {
    expect(parseOne(line)).toMatchObject({ criteria });
  });

  it('keeps the case of an objectid: ids are compared exactly', () => {
    expect(parseOne('a SEARCH EMAILID MaBc')).toMatchObject({
      criteria: { key: 'EMAILID', objectId: 'MaBc' },
    });
  });

  it('parses MAILBOXID as a STATUS item and in LIST RETURN (STATUS ...)', () => {
    expect(parseOne('a STATUS INBOX (MESSAGES MAILBOXID)')).toMatchObject({
      name: 'STATUS',
      items: ['MESSAGES', 'MAILBOXID'],
    });
    expect(parseOne('a LIST "" * RETURN (STATUS (MAILBOXID))')).toMatchObject({
      statusItems: ['MAILBOXID'],
    });
  });

  it.each([
    'a SEARCH EMAILID',
    'a SEARCH EMAILID "M1"',
    'a SEARCH EMAILID M.1',
    'a SEARCH EMAILID M+1',
    'a SEARCH THREADID T:1',
    'a SEARCH THREADID {2}\r\nT1',
    `a SEARCH EMAILID ${LONGEST}b`,
    'a SEARCH EMAILID Mé',
    'a FETCH 1 EMAILID[]',
    'a FETCH 1 MAILBOXID',
    'a STATUS INBOX (EMAILID)',
  ])('refuses %j with BAD', (line) => {
    const error = parseError(line, true);
    expect(error).toMatchObject({ code: 'IMAP_SYNTAX', status: 'BAD', tag: 'a' });
  });
});

describe('OBJECTID writers', () => {
  it('tells objectids from other text', () => {
    expect(isObjectId('F0123abc')).toBe(true);
    expect(isObjectId(LONGEST)).toBe(true);
    expect(isObjectId('')).toBe(false);
    expect(isObjectId(`${LONGEST}a`)).toBe(false);
    expect(isObjectId('a b')).toBe(false);
  });

  it('writes FETCH EMAILID and THREADID, NIL for a message without a thread', () => {
    const items: Parameters<typeof fetchResponse>[1] = [
      ['UID', 9],
      ['EMAILID', objectIdValue('M1f')],
      ['THREADID', objectIdValue(null)],
    ];
    expect(fetchResponse(2, items, { utf8: false }).toString()).toBe(
      '* 2 FETCH (UID 9 EMAILID (M1f) THREADID NIL)\r\n',
    );
    expect(serializeValue(objectIdValue('T_-0'), { utf8: false }).toString()).toBe('(T_-0)');
  });

  it('writes the MAILBOXID response code', () => {
    const line = statusResponse('a', 'OK', 'CREATE completed', mailboxIdCode('F00ff'));
    expect(line.toString()).toBe('a OK [MAILBOXID (F00ff)] CREATE completed\r\n');
  });

  it('refuses to write what is not an objectid', () => {
    expect(() => objectIdValue('M 1')).toThrow(/not an objectid/);
    expect(() => mailboxIdCode('')).toThrow(/not an objectid/);
  });
});
