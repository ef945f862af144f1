// CATENATE (RFC 4469): the parser's events for APPEND messages built from TEXT and URL parts.
import { describe, expect, it } from 'vitest';
import { ImapParser, MAX_LINE_BYTES, MAX_LITERAL_BYTES, type ParserEvent } from '../src/index.js';
import { drive } from './drive.js';

/** The events without their chunks, and each streamed literal's bytes after its announcement. */
function summary(events: ParserEvent[]): string[] {
  const out: string[] = [];
  for (const event of events) {
    switch (event.kind) {
      case 'literal-chunk': {
        const last = out.length - 1;
        const text = event.data.toString('latin1');
        out[last] = (out[last] as string).endsWith(']')
          ? `${(out[last] as string).slice(0, -1)}${text}]`
          : `${out[last] as string} [${text}]`;
        break;
      }
      case 'catenate': {
        const { tag, mailbox, flags, internalDate } = event.command;
        const date = internalDate ? ` ${internalDate.toISOString()}` : '';
        out.push(`catenate ${tag} ${mailbox} (${flags.join(' ')})${date}`);
        break;
      }
      case 'append':
        out.push(`append ${event.command.size}${event.command.synchronizing ? '' : '+'}`);
        break;
      case 'catenate-url':
        out.push(`url ${event.url}`);
        break;
      case 'catenate-text':
        out.push(`text ${event.size}${event.synchronizing ? '' : '+'}`);
        break;
      case 'command':
        out.push(`command ${event.command.tag} ${event.command.name}`);
        break;
      case 'error':
        out.push(`error ${event.error.tag} ${event.error.status}${event.fatal ? ' fatal' : ''}`);
        break;
      case 'continue':
      case 'literal-end':
      case 'line':
        out.push(event.kind);
    }
  }
  return out;
}

describe('ImapParser CATENATE (RFC 4469)', () => {
  const input =
    'a APPEND Drafts (\\Seen $Draft) "05-Mar-2021 10:00:00 +0100" CATENATE' +
    ' (URL "/Drafts;UIDVALIDITY=385759045/;UID=20/;section=HEADER" TEXT {7}\r\n\r\nhello' +
    ' URL /Drafts/;UID=30 TEXT {2+}\r\n--)\r\nb NOOP\r\n';

  it('gives the message, then its parts in order, split at every byte', () => {
    for (const chunkBytes of [1, 2, 3, 10, input.length]) {
      expect(summary(drive(input, { chunkBytes }))).toEqual([
        'catenate a Drafts (\\Seen $Draft) 2021-03-05T09:00:00.000Z',
        'url /Drafts;UIDVALIDITY=385759045/;UID=20/;section=HEADER',
        'text 7 [\r\nhello]',
        'url /Drafts/;UID=30',
        'text 2+ [--]',
        'literal-end',
        'command b NOOP',
      ]);
    }
  });

  it('takes a message of URL parts only, in one line without any literal', () => {
    const events = drive('t APPEND INBOX CATENATE (URL "/INBOX/;UID=1" URL ;UID=2)\r\nu NOOP\r\n');
    expect(summary(events)).toEqual([
      'catenate t INBOX ()',
      'url /INBOX/;UID=1',
      'url ;UID=2',
      'literal-end',
      'command u NOOP',
    ]);
  });

  it('reads URLs sent as literals inline, asking for a continuation for {n} only', () => {
    const url = '/INBOX/;UID=1';
    const events = drive(
      `t APPEND INBOX CATENATE (URL {${url.length}}\r\n${url} TEXT {1}\r\nx` +
        ` URL {${url.length}}\r\n${url} URL {${url.length}+}\r\n${url})\r\n`,
    );
    expect(summary(events)).toEqual([
      'continue',
      'catenate t INBOX ()',
      `url ${url}`,
      'text 1 [x]',
      'continue',
      `url ${url}`,
      `url ${url}`,
      'literal-end',
    ]);
  });

  it('mixes literal and CATENATE messages in one MULTIAPPEND', () => {
    const events = drive(
      't APPEND INBOX {3}\r\none CATENATE (TEXT {3}\r\ntwo) (\\Flagged) CATENATE' +
        ' (URL "/INBOX/;UID=1") ~{5+}\r\nth\0ee\r\n',
    );
    expect(summary(events)).toEqual([
      'append 3 [one]',
      'catenate t INBOX ()',
      'text 3 [two]',
      'catenate t INBOX (\\Flagged)',
      'url /INBOX/;UID=1',
      'append 5+ [th\0ee]',
      'literal-end',
    ]);
  });

  it('takes an empty TEXT literal', () => {
    expect(summary(drive('t APPEND INBOX CATENATE (TEXT {0}\r\n)\r\n'))).toEqual([
      'catenate t INBOX ()',
      'text 0',
      'literal-end',
    ]);
  });
});

describe('ImapParser CATENATE syntax errors', () => {
  it.each([
    ['an empty part list', 't APPEND INBOX CATENATE ()'],
    ['an unknown part', 't APPEND INBOX CATENATE (BODY "/INBOX/;UID=1")'],
    ['an empty URL', 't APPEND INBOX CATENATE (URL "")'],
    ['no parentheses', 't APPEND INBOX CATENATE URL "/INBOX/;UID=1"'],
    ['an unclosed list', 't APPEND INBOX CATENATE (URL "/INBOX/;UID=1"'],
    ['a closing parenthesis too many', 't APPEND INBOX CATENATE (URL "/INBOX/;UID=1"))'],
    ['TEXT without a literal', 't APPEND INBOX CATENATE (TEXT "hello")'],
    ['two spaces', 't APPEND INBOX CATENATE (URL "/INBOX/;UID=1"  URL "/INBOX/;UID=2")'],
    ['flags after CATENATE', 't APPEND INBOX CATENATE (URL "/INBOX/;UID=1") (\\Seen)'],
    ['8-bit in a quoted URL', 't APPEND INBOX CATENATE (URL "/Bücher/;UID=1")'],
  ])('answers BAD for %s and parses the next command', (_name, line) => {
    expect(summary(drive(`${line}\r\nu NOOP\r\n`))).toEqual(['error t BAD', 'command u NOOP']);
  });

  it('answers BAD for a TEXT literal8 and skips its LITERAL+ data', () => {
    const events = drive('t APPEND INBOX CATENATE (TEXT ~{3+}\r\na\0b)\r\nu NOOP\r\n');
    expect(summary(events)).toEqual(['error t BAD', 'command u NOOP']);
  });

  it('answers BAD for a NUL in a TEXT literal and skips the rest of the command', () => {
    const input =
      't APPEND INBOX CATENATE (TEXT {4+}\r\nab\0c URL {13+}\r\n/INBOX/;UID=1 TEXT {2+}\r\nxy)\r\n' +
      'u NOOP\r\n';
    for (const chunkBytes of [1, 3, input.length]) {
      const kinds = summary(drive(input, { chunkBytes })).map((line) => line.split(' [')[0]);
      expect(kinds).toEqual(['catenate t INBOX ()', 'text 4+', 'error t BAD', 'command u NOOP']);
    }
  });

  it('answers BAD for bad syntax after a TEXT literal and skips the LITERAL+ data after it', () => {
    const events = drive(
      't APPEND INBOX CATENATE (TEXT {3+}\r\nabc FOO {4+}\r\nabcd TEXT {2+}\r\nxy)\r\nu NOOP\r\n',
    );
    expect(summary(events)).toEqual([
      'catenate t INBOX ()',
      'text 3+ [abc]',
      'error t BAD',
      'command u NOOP',
    ]);
  });

  it('refuses an oversized TEXT literal with NO [TOOBIG] before reading it', () => {
    const events = drive(`t APPEND INBOX CATENATE (TEXT {${MAX_LITERAL_BYTES + 1}}\r\nu NOOP\r\n`);
    expect(events[0]).toMatchObject({
      kind: 'error',
      error: { tag: 't', status: 'NO', responseCode: { name: 'TOOBIG' } },
    });
    expect(summary(events)).toEqual(['error t NO', 'command u NOOP']);
  });

  it('reports a line after a TEXT literal that is too long, with the tag, and resynchronizes', () => {
    const url = `/INBOX/;UID=1/;SECTION=HEADER.FIELDS%20(${'X'.repeat(MAX_LINE_BYTES)})`;
    const events = drive(`t APPEND INBOX CATENATE (TEXT {1}\r\nx URL "${url}")\r\nu NOOP\r\n`);
    expect(summary(events)).toEqual([
      'catenate t INBOX ()',
      'text 1 [x]',
      'error t BAD',
      'command u NOOP',
    ]);
  });
});

describe('ImapParser.abandonAppend', () => {
  it('skips every LITERAL+ literal of a refused TEXT part and the line after it', () => {
    const events = drive(
      't APPEND INBOX CATENATE (TEXT {3+}\r\nabc URL {13+}\r\n/INBOX/;UID=1 TEXT {2+}\r\nxy)' +
        ' {3+}\r\nabc\r\nu NOOP\r\n',
      { onAppend: 'reject' },
    );
    expect(summary(events)).toEqual(['catenate t INBOX ()', 'text 3+', 'command u NOOP']);
  });

  it('expects nothing of a refused synchronizing TEXT literal', () => {
    const parser = new ImapParser();
    parser.push(Buffer.from('t APPEND INBOX CATENATE (TEXT {3}\r\n'));
    expect(summary([parser.next(), parser.next()] as ParserEvent[])).toEqual([
      'catenate t INBOX ()',
      'text 3',
    ]);
    parser.abandonAppend();
    // The client saw the tagged NO instead of `+`: what comes next is a new command.
    parser.push(Buffer.from('u NOOP\r\n'));
    expect(parser.next()).toMatchObject({ kind: 'command', command: { tag: 'u' } });
  });

  it('drops the queued parts of a refused URL and skips the literal that follows', () => {
    const parser = new ImapParser();
    parser.push(
      Buffer.from('t APPEND INBOX CATENATE (URL "/x/;UID=1" URL "/y/;UID=2" TEXT {3+}\r\nabc'),
    );
    expect(parser.next()).toMatchObject({ kind: 'catenate' });
    expect(parser.next()).toMatchObject({ kind: 'catenate-url', url: '/x/;UID=1' });
    parser.abandonAppend();
    parser.push(Buffer.from(')\r\nu NOOP\r\n'));
    expect(parser.next()).toMatchObject({ kind: 'command', command: { tag: 'u' } });
  });

  it('drops a command that ends on the same line', () => {
    const parser = new ImapParser();
    parser.push(Buffer.from('t APPEND INBOX CATENATE (URL "/x/;UID=1" URL "/y/;UID=2")\r\n'));
    expect(parser.next()).toMatchObject({ kind: 'catenate' });
    expect(parser.next()).toMatchObject({ kind: 'catenate-url' });
    parser.abandonAppend();
    expect(parser.next()).toBeUndefined();
    parser.push(Buffer.from('u NOOP\r\n'));
    expect(parser.next()).toMatchObject({ kind: 'command', command: { tag: 'u' } });
  });

  it('skips the rest of a TEXT literal being read, and its line', () => {
    const parser = new ImapParser();
    parser.push(Buffer.from('t APPEND INBOX CATENATE (TEXT {6}\r\nabc'));
    parser.next();
    parser.next();
    expect(parser.acceptLiteral()).toBe(true);
    expect(parser.next()).toEqual({ kind: 'literal-chunk', data: Buffer.from('abc') });
    parser.abandonAppend();
    parser.push(Buffer.from('def URL {13+}\r\n/INBOX/;UID=1)\r\nu NOOP\r\n'));
    expect(parser.next()).toMatchObject({ kind: 'command', command: { tag: 'u' } });
  });

  it('skips the rest of the line after a TEXT literal, and an inline literal being read', () => {
    for (const cut of [0, 5, 13]) {
      const parser = new ImapParser();
      parser.push(Buffer.from('t APPEND INBOX CATENATE (TEXT {3}\r\nabc'));
      parser.next();
      parser.next();
      parser.acceptLiteral();
      expect(parser.next()).toMatchObject({ kind: 'literal-chunk' });
      const rest = Buffer.from(' URL {13+}\r\n/INBOX/;UID=1 TEXT {2+}\r\nxy)\r\nu NOOP\r\n');
      parser.push(rest.subarray(0, cut));
      expect(parser.next()).toBeUndefined();
      parser.abandonAppend();
      parser.push(rest.subarray(cut));
      expect(parser.next()).toMatchObject({ kind: 'command', command: { tag: 'u' } });
    }
  });

  it('does nothing between commands', () => {
    const parser = new ImapParser();
    parser.push(Buffer.from('a NOOP\r\nb NOOP\r\n'));
    expect(parser.next()).toMatchObject({ command: { tag: 'a' } });
    parser.abandonAppend();
    expect(parser.next()).toMatchObject({ command: { tag: 'b' } });
  });
});
