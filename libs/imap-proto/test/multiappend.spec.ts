import { describe, expect, it } from 'vitest';
import { ImapParser, MAX_LITERAL_BYTES, type ParserEvent } from '../src/index.js';
import { drive } from './drive.js';

/** The messages of an APPEND, as the session would see them: header and streamed bytes. */
function messages(events: ParserEvent[]) {
  const found: Array<{ flags: string[]; date: string | null; body: string; binary: boolean }> = [];
  for (const event of events) {
    if (event.kind === 'append') {
      const { flags, internalDate, binary } = event.command;
      found.push({ flags, date: internalDate?.toISOString() ?? null, body: '', binary });
    } else if (event.kind === 'literal-chunk') {
      const last = found.at(-1);
      if (last) last.body += event.data.toString('latin1');
    }
  }
  return found;
}

describe('ImapParser MULTIAPPEND (RFC 3502)', () => {
  const input =
    'a APPEND Drafts (\\Seen) {3}\r\none' +
    ' "05-Mar-2021 10:00:00 +0100" {3}\r\ntwo' +
    ' (\\Flagged $Work) "06-Mar-2021 10:00:00 +0000" {5}\r\nthree\r\nb NOOP\r\n';

  it('offers each message with its own flags and date, split at every byte', () => {
    for (const chunkBytes of [1, 2, 5, input.length]) {
      const events = drive(input, { chunkBytes });
      expect(messages(events)).toEqual([
        { flags: ['\\Seen'], date: null, body: 'one', binary: false },
        { flags: [], date: '2021-03-05T09:00:00.000Z', body: 'two', binary: false },
        {
          flags: ['\\Flagged', '$Work'],
          date: '2021-03-06T10:00:00.000Z',
          body: 'three',
          binary: false,
        },
      ]);
      const kinds = events.map((event) => event.kind).filter((kind) => kind !== 'literal-chunk');
      expect(kinds).toEqual(['append', 'append', 'append', 'literal-end', 'command']);
      const appends = events.flatMap((event) => (event.kind === 'append' ? [event.command] : []));
      expect(appends.map((command) => [command.tag, command.mailbox])).toEqual([
        ['a', 'Drafts'],
        ['a', 'Drafts'],
        ['a', 'Drafts'],
      ]);
    }
  });

  it('takes LITERAL+ and literal8 messages in one command', () => {
    const events = drive('a APPEND INBOX {2+}\r\nab ~{3+}\r\nx\0y (\\Draft) {1+}\r\nz\r\n');
    expect(messages(events)).toEqual([
      { flags: [], date: null, body: 'ab', binary: false },
      { flags: [], date: null, body: 'x\0y', binary: true },
      { flags: ['\\Draft'], date: null, body: 'z', binary: false },
    ]);
    const appends = events.flatMap((event) => (event.kind === 'append' ? [event.command] : []));
    expect(appends.map((command) => command.synchronizing)).toEqual([false, false, false]);
    expect(events.at(-1)?.kind).toBe('literal-end');
  });

  it('answers BAD for a malformed second message and skips its LITERAL+ data', () => {
    const events = drive('a APPEND INBOX {3+}\r\none (\\Seen {3+}\r\ntwo\r\nb NOOP\r\n');
    const kinds = events.map((event) => event.kind).filter((kind) => kind !== 'literal-chunk');
    expect(kinds).toEqual(['append', 'error', 'command']);
    expect(events.find((event) => event.kind === 'error')).toMatchObject({
      fatal: false,
      error: { tag: 'a', status: 'BAD', code: 'IMAP_SYNTAX' },
    });
  });

  it('answers BAD when the line after a message has text but no literal', () => {
    const events = drive('a APPEND INBOX {3+}\r\none (\\Seen)\r\nb NOOP\r\n');
    const kinds = events.map((event) => event.kind).filter((kind) => kind !== 'literal-chunk');
    expect(kinds).toEqual(['append', 'error', 'command']);
  });

  it('sends no continuation for a refused synchronizing second message', () => {
    const parser = new ImapParser();
    parser.push(Buffer.from('a APPEND INBOX {3}\r\n'));
    expect(parser.next()).toMatchObject({ kind: 'append' });
    expect(parser.acceptLiteral()).toBe(true);
    parser.push(Buffer.from('one {4}\r\n'));
    expect(parser.next()).toEqual({ kind: 'literal-chunk', data: Buffer.from('one') });
    expect(parser.next()).toMatchObject({ kind: 'append', command: { size: 4 } });
    parser.rejectLiteral();
    // The client saw no `+`, so it sends the next command rather than the message.
    parser.push(Buffer.from('b NOOP\r\n'));
    expect(parser.next()).toMatchObject({ kind: 'command', command: { tag: 'b' } });
  });

  it('refuses an oversized second literal with NO [TOOBIG] before reading it', () => {
    const events = drive(`a APPEND INBOX {1}\r\nx {${MAX_LITERAL_BYTES + 1}}\r\nb NOOP\r\n`);
    const kinds = events.map((event) => event.kind).filter((kind) => kind !== 'literal-chunk');
    expect(kinds).toEqual(['append', 'error', 'command']);
    expect(events.find((event) => event.kind === 'error')).toMatchObject({
      fatal: false,
      error: { tag: 'a', status: 'NO', responseCode: { name: 'TOOBIG' } },
    });
  });

  it('ends the session on an oversized LITERAL+ second message', () => {
    const events = drive(`a APPEND INBOX {1+}\r\nx {${MAX_LITERAL_BYTES + 1}+}\r\nxxxx`);
    expect(events.at(-1)).toMatchObject({ kind: 'error', fatal: true });
  });
});
