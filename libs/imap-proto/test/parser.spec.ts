import { describe, expect, it } from 'vitest';
import { ImapParser, MAX_LINE_BYTES, MAX_LITERAL_BYTES } from '../src/index.js';
import { commands, drive } from './drive.js';

describe('ImapParser framing', () => {
  it('parses pipelined commands split at every byte', () => {
    const input = 'a NOOP\r\nb LOGIN {3}\r\njoe "pw"\r\nc LOGOUT\r\n';
    for (const chunkBytes of [1, 2, 3, 7, input.length]) {
      const events = drive(input, { chunkBytes });
      expect(events.map((event) => event.kind)).toEqual([
        'command',
        'continue',
        'command',
        'command',
      ]);
      expect(commands(events).map((command) => command.tag)).toEqual(['a', 'b', 'c']);
    }
  });

  it('asks for a continuation for {n} but not for {n+}', () => {
    expect(drive('a LOGIN {1}\r\nx y\r\n').map((event) => event.kind)).toEqual([
      'continue',
      'command',
    ]);
    expect(drive('a LOGIN {1+}\r\nx y\r\n').map((event) => event.kind)).toEqual(['command']);
  });

  it('ignores empty lines and accepts bare LF', () => {
    expect(commands(drive('\r\n\r\na NOOP\nb NOOP\r\n')).map((command) => command.tag)).toEqual([
      'a',
      'b',
    ]);
  });

  it('streams an APPEND message as chunks with flags and date', () => {
    const message = 'Subject: hi\r\n\r\nbody\r\n';
    const input = `a APPEND "Sent" (\\Seen) "05-Mar-2021 10:00:00 +0100" {${message.length}}\r\n${message}\r\nb NOOP\r\n`;
    const events = drive(input, { chunkBytes: 5 });
    const append = events.find((event) => event.kind === 'append');
    expect(append).toMatchObject({
      command: {
        tag: 'a',
        mailbox: 'Sent',
        flags: ['\\Seen'],
        size: message.length,
        synchronizing: true,
      },
    });
    if (append?.kind !== 'append') throw new Error('no append');
    expect(append.command.internalDate?.toISOString()).toBe('2021-03-05T09:00:00.000Z');
    const body = Buffer.concat(
      events.flatMap((event) => (event.kind === 'literal-chunk' ? [event.data] : [])),
    );
    expect(body.toString()).toBe(message);
    expect(events.at(-2)?.kind).toBe('literal-end');
    expect(events.at(-1)).toMatchObject({ kind: 'command', command: { tag: 'b' } });
  });

  it('streams a LITERAL+ APPEND with a literal mailbox name and literal8', () => {
    const events = drive('a APPEND {5+}\r\nDraft ~{3+}\r\nx\0y\r\n');
    expect(events.find((event) => event.kind === 'append')).toMatchObject({
      command: { mailbox: 'Draft', binary: true, synchronizing: false, size: 3 },
    });
    expect(events.filter((event) => event.kind === 'literal-chunk')).toEqual([
      { kind: 'literal-chunk', data: Buffer.from('x\0y') },
    ]);
  });

  it('skips a rejected LITERAL+ message and parses the next command', () => {
    const events = drive('a APPEND INBOX {5+}\r\nhello\r\nb NOOP\r\n', { onAppend: 'reject' });
    expect(events.map((event) => event.kind)).toEqual(['append', 'command']);
  });

  it('refuses an oversized synchronizing literal before reading it', () => {
    const parser = new ImapParser();
    parser.push(Buffer.from(`a APPEND INBOX {${MAX_LITERAL_BYTES + 1}}\r\n`));
    const error = parser.next();
    expect(error).toMatchObject({
      kind: 'error',
      fatal: false,
      error: { tag: 'a', status: 'NO', responseCode: { name: 'TOOBIG' } },
    });
    parser.push(Buffer.from('b NOOP\r\n'));
    expect(parser.next()).toMatchObject({ kind: 'command', command: { tag: 'b' } });
  });

  it('ends the session on an oversized LITERAL+ without reading it', () => {
    const events = drive(`a APPEND INBOX {${MAX_LITERAL_BYTES + 1}+}\r\nxxxx`);
    expect(events).toMatchObject([
      { kind: 'error', fatal: true, error: { responseCode: { name: 'TOOBIG' } } },
    ]);
  });

  it('refuses an inline literal larger than a command line may be', () => {
    const events = drive(`a LOGIN {${MAX_LINE_BYTES + 1}}\r\nb NOOP\r\n`);
    expect(events.map((event) => event.kind)).toEqual(['error', 'command']);
  });

  it('reports an overlong line once, drops it, and resynchronizes', () => {
    const long = `a NOOP ${'x'.repeat(MAX_LINE_BYTES * 2)}\r\nb NOOP\r\n`;
    const events = drive(long, { chunkBytes: 4096 });
    expect(events).toMatchObject([
      { kind: 'error', error: { code: 'IMAP_LINE_TOO_LONG', tag: 'a' } },
      { kind: 'command', command: { tag: 'b' } },
    ]);
  });

  it('skips a LITERAL+ announced at the end of a dropped line', () => {
    const long = `a LOGIN ${'x'.repeat(MAX_LINE_BYTES)} {4+}\r\nb NO\r\nc NOOP\r\n`;
    const events = drive(long, { chunkBytes: 1000 });
    expect(events.map((event) => event.kind)).toEqual(['error', 'command']);
    expect(commands(events)[0]?.tag).toBe('c');
  });

  it('delivers a raw line when asked (SASL responses, DONE)', () => {
    const parser = new ImapParser();
    parser.push(Buffer.from('a IDLE\r\nDONE\r\nb NOOP\r\n'));
    expect(parser.next()).toMatchObject({ kind: 'command', command: { name: 'IDLE' } });
    parser.expectLine();
    expect(parser.next()).toEqual({ kind: 'line', line: Buffer.from('DONE') });
    expect(parser.next()).toMatchObject({ kind: 'command', command: { tag: 'b' } });
  });

  it('drops buffered plaintext on discardInput (STARTTLS injection)', () => {
    const parser = new ImapParser();
    parser.push(Buffer.from('a STARTTLS\r\nb LOGIN x y\r\n'));
    expect(parser.next()).toMatchObject({ command: { name: 'STARTTLS' } });
    expect(parser.hasPendingInput).toBe(true);
    parser.discardInput();
    expect(parser.hasPendingInput).toBe(false);
    expect(parser.next()).toBeUndefined();
  });

  it('holds no input once an idle connection has read everything', () => {
    const parser = new ImapParser();
    parser.push(Buffer.from('a NOOP\r\n'));
    parser.next();
    expect(parser.next()).toBeUndefined();
    expect(parser.bufferedBytes).toBe(0);
  });
});
