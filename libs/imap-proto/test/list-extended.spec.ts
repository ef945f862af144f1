// The extended LIST grammar of RFC 5258 section 6 (with RFC 6154 and RFC 5819 options).
import { describe, expect, it } from 'vitest';
import { parseError, parseOne } from './drive.js';

describe('LIST-EXTENDED grammar', () => {
  it.each([
    ['a LIST "" *', { patterns: ['*'], selectOptions: [], returnOptions: [], extended: false }],
    ['a LIST "" ""', { patterns: [''], extended: false }],
    ['a LIST () "" ""', { selectOptions: [], patterns: [''], extended: true }],
    ['a LIST "" ("")', { patterns: [''], extended: true }],
    ['a LIST "" "" RETURN ()', { patterns: [''], returnOptions: [], extended: true }],
    ['a LIST "" ("INBOX" Foo*)', { patterns: ['INBOX', 'Foo*'], extended: true }],
    [
      'a list (subscribed Remote RECURSIVEMATCH special-use) "" %',
      { selectOptions: ['SUBSCRIBED', 'REMOTE', 'RECURSIVEMATCH', 'SPECIAL-USE'] },
    ],
    [
      'a LIST "" % return (children Subscribed SPECIAL-USE status (uidnext messages))',
      {
        returnOptions: ['CHILDREN', 'SUBSCRIBED', 'SPECIAL-USE', 'STATUS'],
        statusItems: ['UIDNEXT', 'MESSAGES'],
      },
    ],
    ['a LIST (X-VENDOR.OPT) "" %', { selectOptions: ['X-VENDOR.OPT'], extended: true }],
    ['a LIST "" ("Entw&APw-rfe/%")', { patterns: ['Entwürfe/%'] }],
  ])('parses %s', (line, expected) => {
    expect(parseOne(line)).toMatchObject({ name: 'LIST', ...expected });
  });

  it.each([
    'a LIST "" ()',
    'a LIST (SUBSCRIBED "" *',
    'a LIST "" * RETURN',
    'a LIST "" * RETURN CHILDREN',
    'a LIST "" * FOO (CHILDREN)',
    'a LIST "" * RETURN (STATUS ())',
    'a LIST "" * RETURN (STATUS (FROB))',
  ])('refuses %s with IMAP_SYNTAX', (line) => {
    expect(parseError(line)).toMatchObject({ tag: 'a', status: 'BAD', code: 'IMAP_SYNTAX' });
  });
});
