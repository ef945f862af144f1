// Test helper: feeds a parser and collects its events, accepting APPEND messages by default.
import { ImapParser, type ParserEvent } from '../src/index.js';

/** Options of {@link drive}. */
export interface DriveOptions {
  utf8?: boolean;
  /** Bytes per push, to exercise every split point. */
  chunkBytes?: number;
  /** What to do with an announced APPEND message or CATENATE TEXT part. */
  onAppend?: 'accept' | 'reject';
}

/** Pushes `input` through a fresh parser and returns every event, in order. */
export function drive(input: string | Buffer, options: DriveOptions = {}): ParserEvent[] {
  const parser = new ImapParser();
  parser.utf8 = options.utf8 ?? false;
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const size = options.chunkBytes ?? bytes.length;
  const events: ParserEvent[] = [];
  for (let offset = 0; offset < bytes.length || offset === 0; offset += size) {
    parser.push(bytes.subarray(offset, offset + size));
    for (let event = parser.next(); event; event = parser.next()) {
      events.push(event);
      if (event.kind === 'append' || event.kind === 'catenate-text') {
        if (options.onAppend === 'reject') parser.rejectLiteral();
        else parser.acceptLiteral();
      }
    }
    if (size === 0) break;
  }
  return events;
}

/** The commands among the events. */
export function commands(events: ParserEvent[]) {
  return events.flatMap((event) => (event.kind === 'command' ? [event.command] : []));
}

/** The single command `line` parses to, failing the test on anything else. */
export function parseOne(line: string, utf8 = false) {
  const events = drive(`${line}\r\n`, { utf8 }).filter((event) => event.kind !== 'continue');
  if (events.length !== 1 || events[0]?.kind !== 'command') {
    throw new Error(`expected one command, got ${JSON.stringify(events)}`);
  }
  return events[0].command;
}

/** The error event `line` gives, failing the test on anything else. */
export function parseError(line: string, utf8 = false) {
  const events = drive(`${line}\r\n`, { utf8 }).filter((event) => event.kind !== 'continue');
  const event = events[0];
  if (events.length !== 1 || event?.kind !== 'error') {
    throw new Error(`expected one error, got ${JSON.stringify(events)}`);
  }
  return event.error;
}
