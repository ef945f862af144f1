import { describe, expect, it } from 'vitest';
import { parseError, parseOne } from './drive.js';

describe('command grammar', () => {
  it.each([
    ['a1 CAPABILITY', { tag: 'a1', name: 'CAPABILITY' }],
    ['a2 noop', { tag: 'a2', name: 'NOOP' }],
    ['x.y LOGOUT', { tag: 'x.y', name: 'LOGOUT' }],
    ['a LOGIN joe "se\\"cret"', { name: 'LOGIN', username: 'joe', password: 'se"cret' }],
    ['a LOGIN {3}\r\njoe {2}\r\npw', { name: 'LOGIN', username: 'joe', password: 'pw' }],
    ['a LOGIN {3+}\r\njoe pw', { name: 'LOGIN', username: 'joe', password: 'pw' }],
    ['a AUTHENTICATE PLAIN', { mechanism: 'PLAIN', initialResponse: null }],
    ['a AUTHENTICATE plain AGpvZQBwdw==', { initialResponse: Buffer.from('\0joe\0pw') }],
    ['a AUTHENTICATE PLAIN =', { initialResponse: Buffer.alloc(0) }],
    ['a ENABLE UTF8=ACCEPT CONDSTORE', { capabilities: ['UTF8=ACCEPT', 'CONDSTORE'] }],
    ['a ID NIL', { name: 'ID', parameters: null }],
    [
      'a ID ("name" "x" "version" NIL)',
      {
        parameters: [
          ['name', 'x'],
          ['version', null],
        ],
      },
    ],
    ['a SELECT inbox', { name: 'SELECT', mailbox: 'INBOX', parameters: [] }],
    [
      'a EXAMINE "Sent" (CONDSTORE)',
      { name: 'EXAMINE', mailbox: 'Sent', parameters: ['CONDSTORE'] },
    ],
    ['a CREATE "Entw&APw-rfe"', { name: 'CREATE', mailbox: 'Entwürfe' }],
    ['a DELETE "A&-B"', { name: 'DELETE', mailbox: 'A&B' }],
    ['a RENAME old new', { name: 'RENAME', mailbox: 'old', newName: 'new' }],
    ['a SUBSCRIBE INBOX/x', { name: 'SUBSCRIBE', mailbox: 'INBOX/x' }],
    ['a LIST "" *', { name: 'LIST', reference: '', patterns: ['*'], returnOptions: [] }],
    ['a LIST "" %/%', { patterns: ['%/%'] }],
    [
      'a LIST (SUBSCRIBED) "" ("INBOX" "Sent*") RETURN (CHILDREN STATUS (MESSAGES UNSEEN))',
      {
        selectOptions: ['SUBSCRIBED'],
        patterns: ['INBOX', 'Sent*'],
        returnOptions: ['CHILDREN', 'STATUS'],
        statusItems: ['MESSAGES', 'UNSEEN'],
      },
    ],
    ['a LSUB "" *', { name: 'LSUB', reference: '', pattern: '*' }],
    ['a GETQUOTA ""', { name: 'GETQUOTA', quotaRoot: '' }],
    ['a GETQUOTAROOT inbox', { name: 'GETQUOTAROOT', mailbox: 'INBOX' }],
    [
      'a SETQUOTA "" (STORAGE 512 message 10)',
      {
        name: 'SETQUOTA',
        quotaRoot: '',
        resources: [
          { name: 'STORAGE', limit: 512 },
          { name: 'MESSAGE', limit: 10 },
        ],
      },
    ],
    ['a SETQUOTA "" ()', { name: 'SETQUOTA', resources: [] }],
    ['a STATUS INBOX (MESSAGES UIDNEXT)', { name: 'STATUS', items: ['MESSAGES', 'UIDNEXT'] }],
    [
      'a STATUS INBOX (deleted-storage DELETED)',
      { name: 'STATUS', items: ['DELETED-STORAGE', 'DELETED'] },
    ],
    [
      'a STORE 1:3 +FLAGS.SILENT (\\seen $Label)',
      { name: 'STORE', operation: 'add', silent: true, flags: ['\\Seen', '$Label'] },
    ],
    [
      'a UID STORE 5 -FLAGS \\Deleted \\Draft',
      { name: 'UID STORE', uid: true, operation: 'remove', flags: ['\\Deleted', '\\Draft'] },
    ],
    [
      'a STORE 1 FLAGS ()',
      { operation: 'replace', silent: false, flags: [], unchangedSince: null },
    ],
    [
      'a UID STORE 1:* (UNCHANGEDSINCE 320162338) +FLAGS.SILENT (\\Deleted)',
      { name: 'UID STORE', operation: 'add', silent: true, unchangedSince: 320162338n },
    ],
    ['a STORE 2 (unchangedsince 0) FLAGS ($X)', { unchangedSince: 0n, flags: ['$X'] }],
    ['a SELECT INBOX (CONDSTORE)', { name: 'SELECT', parameters: ['CONDSTORE'], qresync: null }],
    [
      'a SELECT INBOX (QRESYNC (67890007 20050715194045000 41,43:211,214:541))',
      {
        parameters: ['QRESYNC'],
        qresync: {
          uidValidity: 67890007,
          modseq: 20050715194045000n,
          knownUids: {
            ranges: [
              { from: 41, to: 41 },
              { from: 43, to: 211 },
              { from: 214, to: 541 },
            ],
          },
          seqMatch: null,
        },
      },
    ],
    [
      'a EXAMINE INBOX (QRESYNC (3 9 1:* (1,7 2,9)) CONDSTORE)',
      {
        parameters: ['QRESYNC', 'CONDSTORE'],
        qresync: {
          knownUids: { ranges: [{ from: 1, to: '*' }] },
          seqMatch: {
            sequenceSet: {
              ranges: [
                { from: 1, to: 1 },
                { from: 7, to: 7 },
              ],
            },
            uids: {
              ranges: [
                { from: 2, to: 2 },
                { from: 9, to: 9 },
              ],
            },
          },
        },
      },
    ],
    [
      'a SELECT INBOX (qresync (3 0 (1 5)))',
      {
        qresync: {
          uidValidity: 3,
          modseq: 0n,
          knownUids: null,
          seqMatch: { uids: { ranges: [{ from: 5, to: 5 }] } },
        },
      },
    ],
    [
      'a SELECT INBOX (QRESYNC (3 9))',
      { qresync: { uidValidity: 3, modseq: 9n, knownUids: null } },
    ],
    [
      'a UID FETCH 300:500 (FLAGS) (CHANGEDSINCE 12345 VANISHED)',
      { name: 'UID FETCH', changedSince: 12345n, vanished: true },
    ],
    ['a UID FETCH 1 FLAGS (VANISHED CHANGEDSINCE 5)', { changedSince: 5n, vanished: true }],
    ['a FETCH 1 FLAGS (CHANGEDSINCE 5)', { changedSince: 5n, vanished: false }],
    [
      'a COPY 1:* Archive',
      { name: 'COPY', mailbox: 'Archive', sequenceSet: { ranges: [{ from: 1, to: '*' }] } },
    ],
    ['a UID MOVE $ Trash', { name: 'UID MOVE', sequenceSet: { saved: true } }],
    [
      'a UID EXPUNGE 4,7:9',
      {
        name: 'UID EXPUNGE',
        sequenceSet: {
          ranges: [
            { from: 4, to: 4 },
            { from: 7, to: 9 },
          ],
        },
      },
    ],
    ['a CHECK', { name: 'CHECK' }],
    ['a IDLE', { name: 'IDLE' }],
    ['a NAMESPACE', { name: 'NAMESPACE' }],
    ['a UNSELECT', { name: 'UNSELECT' }],
  ])('parses %s', (line, expected) => {
    expect(parseOne(line)).toMatchObject(expected);
  });

  it.each([
    ['a FETCH 1 ALL', ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE']],
    ['a FETCH 1 fast', ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE']],
    ['a FETCH 1 FULL', ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE', 'BODY']],
    ['a FETCH 1 (UID RFC822.SIZE BODYSTRUCTURE)', ['UID', 'RFC822.SIZE', 'BODYSTRUCTURE']],
    ['a FETCH 1 flags', ['FLAGS']],
  ])('expands FETCH items of %s', (line, items) => {
    const command = parseOne(line);
    expect(command.name === 'FETCH' && command.attributes.map((a) => a.item)).toEqual(items);
  });

  it('parses section specs and partials', () => {
    const command = parseOne(
      'a UID FETCH 1:* (BODY.PEEK[1.2.MIME]<0.100> BODY[HEADER.FIELDS (From Subject)] BODY[] BODY[2.TEXT]) (CHANGEDSINCE 12345)',
    );
    expect(command).toMatchObject({
      name: 'UID FETCH',
      uid: true,
      changedSince: 12345n,
      attributes: [
        {
          item: 'BODY[]',
          peek: true,
          section: { part: [1, 2], text: 'MIME', fields: [] },
          partial: { origin: 0, length: 100 },
        },
        {
          item: 'BODY[]',
          peek: false,
          section: { part: [], text: 'HEADER.FIELDS', fields: ['FROM', 'SUBJECT'] },
          partial: null,
        },
        { item: 'BODY[]', section: { part: [], text: null } },
        { item: 'BODY[]', section: { part: [2], text: 'TEXT' } },
      ],
    });
  });

  it('parses BINARY, BINARY.PEEK and BINARY.SIZE items (RFC 3516 section 4.2)', () => {
    const command = parseOne(
      'a FETCH 1 (BINARY[2] BINARY.PEEK[1.2]<10.20> BINARY.SIZE[] binary[])',
    );
    expect(command.name === 'FETCH' && command.attributes).toEqual([
      { item: 'BINARY[]', peek: false, part: [2], partial: null },
      { item: 'BINARY[]', peek: true, part: [1, 2], partial: { origin: 10, length: 20 } },
      { item: 'BINARY.SIZE', part: [] },
      { item: 'BINARY[]', peek: false, part: [], partial: null },
    ]);
  });

  it.each([
    'a FETCH 1 BINARY[1.TEXT]',
    'a FETCH 1 BINARY[HEADER]',
    'a FETCH 1 BINARY[1.]',
    'a FETCH 1 BINARY[0]',
    'a FETCH 1 BINARY.SIZE[1]<0.10>',
  ])('refuses %s', (line) => {
    expect(parseError(line)).toMatchObject({ code: 'IMAP_SYNTAX' });
  });

  it('parses every RFC 3501 search key', () => {
    const line =
      'a SEARCH ALL ANSWERED BCC x BEFORE 1-Feb-1994 BODY "y z" CC c DELETED DRAFT FLAGGED FROM f ' +
      'HEADER X-A b KEYWORD $k LARGER 10 NEW NOT SEEN OLD ON "12-Mar-2020" OR TO t CC c RECENT SEEN ' +
      'SENTBEFORE 1-Jan-2000 SENTON 2-Jan-2000 SENTSINCE 3-Jan-2000 SINCE 4-Jan-2000 SMALLER 99 ' +
      'SUBJECT s TEXT t TO t UID 1:5 UNANSWERED UNDELETED UNDRAFT UNFLAGGED UNKEYWORD $j UNSEEN 2,4:* (FROM a TO b)';
    const command = parseOne(line);
    if (command.name !== 'SEARCH' || command.criteria.key !== 'AND') throw new Error('not AND');
    expect(command.criteria.operands).toHaveLength(37);
    expect(command.criteria.operands).toContainEqual({ key: 'BEFORE', date: '1994-02-01' });
    expect(command.criteria.operands).toContainEqual({ key: 'HEADER', field: 'X-A', value: 'b' });
    expect(command.criteria.operands).toContainEqual({
      key: 'OR',
      left: { key: 'TO', value: 't' },
      right: { key: 'CC', value: 'c' },
    });
    expect(command.criteria.operands).toContainEqual({ key: 'NOT', operand: { key: 'SEEN' } });
    expect(command.criteria.operands.at(-1)).toEqual({
      key: 'AND',
      operands: [
        { key: 'FROM', value: 'a' },
        { key: 'TO', value: 'b' },
      ],
    });
  });

  it('parses CHARSET, RETURN and a UTF-8 literal in SEARCH', () => {
    const command = parseOne('a UID SEARCH RETURN (MIN COUNT) CHARSET utf-8 SUBJECT {7}\r\nGrüße');
    expect(command).toMatchObject({
      name: 'UID SEARCH',
      charset: 'UTF-8',
      returnOptions: ['MIN', 'COUNT'],
      criteria: { key: 'SUBJECT', value: 'Grüße' },
    });
  });

  it.each([
    ['a SEARCH MODSEQ 620162338', { key: 'MODSEQ', modseq: 620162338n, entry: null }],
    [
      'a SEARCH MODSEQ "/flags/\\\\draft" all 0',
      { key: 'MODSEQ', modseq: 0n, entry: { name: '/flags/\\draft', type: 'ALL' } },
    ],
    [
      'a SEARCH OR NOT MODSEQ 7 SEEN',
      { key: 'OR', left: { key: 'NOT', operand: { key: 'MODSEQ', modseq: 7n, entry: null } } },
    ],
  ])('parses the MODSEQ search key in %s', (line, criteria) => {
    expect(parseOne(line)).toMatchObject({ name: 'SEARCH', criteria });
  });

  it('leaves the SEARCH charset to the session, upper-cased (it answers NO [BADCHARSET])', () => {
    expect(parseOne('s1 SEARCH CHARSET koi8-r ALL')).toMatchObject({ charset: 'KOI8-R' });
  });

  it('accepts UTF-8 quoted mailbox names only once UTF8=ACCEPT is enabled', () => {
    expect(parseError('a SELECT "Entwürfe"')).toMatchObject({ code: 'IMAP_SYNTAX' });
    expect(parseOne('a SELECT "Entwürfe"', true)).toMatchObject({ mailbox: 'Entwürfe' });
  });

  it.each([
    ['a', 'IMAP_SYNTAX'],
    ['a FROB', 'IMAP_UNKNOWN_COMMAND'],
    ['a UID FROB 1', 'IMAP_UNKNOWN_COMMAND'],
    ['a LOGIN joe', 'IMAP_SYNTAX'],
    ['a FETCH 0 FLAGS', 'IMAP_SYNTAX'],
    ['a FETCH 1 BODY[1.MIMEX]', 'IMAP_SYNTAX'],
    ['a FETCH 1 BODY[MIME]', 'IMAP_SYNTAX'],
    ['a FETCH 4294967296 FLAGS', 'IMAP_SYNTAX'],
    ['a STORE 1 +FLAGS (\\Recent)', 'IMAP_SYNTAX'],
    ['a SEARCH BEFORE 31-Feb-2020', 'IMAP_SYNTAX'],
    ['a SEARCH OR SEEN', 'IMAP_SYNTAX'],
    ['a SEARCH MODSEQ', 'IMAP_SYNTAX'],
    ['a SEARCH MODSEQ -1', 'IMAP_SYNTAX'],
    ['a SEARCH MODSEQ 9223372036854775808', 'IMAP_SYNTAX'],
    ['a SEARCH MODSEQ "/annotation/x" all 5', 'IMAP_SYNTAX'],
    ['a SEARCH MODSEQ "/flags/\\\\seen" everyone 5', 'IMAP_SYNTAX'],
    ['a STORE 1 (UNCHANGEDSINCE) FLAGS ()', 'IMAP_SYNTAX'],
    ['a STORE 1 (CHANGEDSINCE 5) FLAGS ()', 'IMAP_SYNTAX'],
    ['a STORE 1 () FLAGS ()', 'IMAP_SYNTAX'],
    ['a FETCH 1 FLAGS (UNCHANGEDSINCE 5)', 'IMAP_SYNTAX'],
    ['a FETCH 1 FLAGS (CHANGEDSINCE 5 VANISHED)', 'IMAP_SYNTAX'],
    ['a UID FETCH 1 FLAGS (VANISHED)', 'IMAP_SYNTAX'],
    ['a SELECT INBOX (QRESYNC)', 'IMAP_SYNTAX'],
    ['a SELECT INBOX (QRESYNC (0 5))', 'IMAP_SYNTAX'],
    ['a SELECT INBOX (QRESYNC (3))', 'IMAP_SYNTAX'],
    ['a SELECT INBOX (QRESYNC (3 5 1:4 (1)))', 'IMAP_SYNTAX'],
    ['a SELECT INBOX (QRESYNC (3 5) QRESYNC (3 5))', 'IMAP_SYNTAX'],
    ['a SELECT "unterminated', 'IMAP_SYNTAX'],
    ['a CREATE &Jjo', 'IMAP_BAD_MAILBOX_NAME'],
    ['a SEARCH ' + 'NOT '.repeat(40) + 'SEEN', 'IMAP_NESTING_TOO_DEEP'],
    ['a SEARCH ' + '('.repeat(40) + 'SEEN' + ')'.repeat(40), 'IMAP_NESTING_TOO_DEEP'],
    ['a APPEND INBOX "not a literal"', 'IMAP_SYNTAX'],
    ['a NOOP extra', 'IMAP_SYNTAX'],
    ['a SETQUOTA "" (STORAGE -1)', 'IMAP_SYNTAX'],
    ['a SETQUOTA "" (STORAGE 99999999999999999999)', 'IMAP_SYNTAX'],
  ])('refuses %s with %s and keeps the tag', (line, code) => {
    const error = parseError(line);
    expect(error.code).toBe(code);
    expect(error.tag).toBe('a');
  });

  it('answers an untaggable line with an untagged BAD', () => {
    expect(parseError('(bad)').tag).toBe('*');
  });
});
