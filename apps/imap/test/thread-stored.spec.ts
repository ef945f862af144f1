// THREAD REFERENCES (RFC 5256 section 3) from the thread links an ingest stores on the message
// document: no header is read for them, and documents stored before the links were kept (the
// field unset, exactly what such a document looks like) give the same answer from the header.
import type { CommandStartedEvent } from 'mongodb';
import { MESSAGES, type MessageDoc } from '@mailstore/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, startHarness, type Harness } from './harness.js';
import { RawClient } from './raw-client.js';

let harness: Harness;
const clients: RawClient[] = [];
/** GridFS chunk reads (`find` on blobs.chunks) the app has sent so far. */
let chunkReads = 0;

/** Text long enough that the message's layout (it holds the search text) is stored as a blob. */
const LONG_TEXT = 'All the details of the plan, line after line.\r\n'.repeat(2_500);
/** Two ids alike in their first 250 characters (MAX_MESSAGE_ID_CHARS): threading sees one. */
const LONG_ID = `<${'l'.repeat(260)}@x>`;
const LONG_ID_OTHER_TAIL = `<${'l'.repeat(270)}@x>`;
/** 21 references: the oldest, <a@x>, is past MAX_THREAD_REFERENCES and is not seen. */
const TOO_MANY = ['<a@x>', ...Array.from({ length: 20 }, (_, i) => `<g${i}@x>`)];

/** A message from its header fields, sent on `day` January 2024. */
function message(day: number, fields: string[], body = 'body\r\n'): string {
  const date = `Date: ${day} Jan 2024 10:00:00 +0000`;
  return [date, 'From: sam@example.org', ...fields, '', body].join('\r\n');
}

/**
 * 1 <a> is the root of 2 (References), 3 (In-Reply-To only, under 2) and 4 (In-Reply-To <c>,
 * as its References holds only `<>`, which names nothing). 5 has a long id that 6 refers to
 * with another tail past the cut: 6 is 5's child, and 8 (Message-ID `<>`, none) is 6's. 7's
 * oldest reference <a> is past the bound: its other references are unknown, so 7 stands alone.
 * 1 and 3 have layouts stored as blobs, so reading their headers reads GridFS chunks.
 */
const MAILBOX = [
  message(1, ['Message-ID: <a@x>', 'Subject: Plan'], LONG_TEXT),
  message(2, ['Message-ID: <b@x>', 'References: <a@x>', 'Subject: Re: Plan']),
  message(3, ['Message-ID: <c@x>', 'In-Reply-To: <b@x>', 'Subject: Re: Plan'], LONG_TEXT),
  message(4, ['Message-ID: <d@x>', 'In-Reply-To: <c@x>', 'References: <>', 'Subject: Re: Plan']),
  message(5, [`Message-ID: ${LONG_ID}`, 'Subject: Long']),
  message(6, ['Message-ID: <e@x>', `References: ${LONG_ID_OTHER_TAIL}`, 'Subject: Tail']),
  message(7, ['Message-ID: <f@x>', `References: ${TOO_MANY.join('\r\n ')}`, 'Subject: Other']),
  message(8, ['Message-ID: <>', 'In-Reply-To: <e@x>', 'References: <>', 'Subject: Re: Tail']),
];

const REFERENCES = '* THREAD (1 2 3 4)(5 6 8)(7)';

/** The mongodb URL of this run with command monitoring on, so that the test sees each read. */
function monitoredUrl(): string {
  const url = process.env['MONGODB_URL']!;
  return `${url}${url.includes('?') ? '&' : '?'}monitorCommands=true`;
}

function literal(text: string): string {
  return `{${Buffer.byteLength(text)}+}\r\n${text}`;
}

async function loggedIn(): Promise<RawClient> {
  const client = await RawClient.login(harness.port, 'sam', 'secret');
  clients.push(client);
  return client;
}

/** The `* THREAD` line of `command` in `mailbox`, and the chunk reads it took. */
async function threaded(mailbox: string, command: string): Promise<[string, number]> {
  const client = await loggedIn();
  await client.command('s', `EXAMINE ${mailbox}`);
  const before = chunkReads;
  const lines = await client.command('t', command);
  const reads = chunkReads - before;
  client.end();
  expect(lines.at(-1)).toMatch(/^t OK (UID )?THREAD completed$/);
  return [lines[0]!, reads];
}

async function documents(): Promise<MessageDoc[]> {
  return harness.store.db.collection<MessageDoc>(MESSAGES).find({}).toArray();
}

beforeAll(async () => {
  harness = await startHarness('imap-thread-stored', {}, { MONGODB_URL: monitoredUrl() });
  harness.context.mongo.client.on('commandStarted', (event: CommandStartedEvent) => {
    if (event.commandName === 'find' && event.command['find'] === 'blobs.chunks') chunkReads += 1;
  });
  await createUser(harness.store, 'sam', 'secret');
  const client = await loggedIn();
  // 1 to 4 by APPEND, 5 to 8 by one MULTIAPPEND (RFC 3502), then all copied to Copies.
  for (const text of MAILBOX.slice(0, 4)) {
    client.send(`a APPEND INBOX ${literal(text)}\r\n`);
    expect((await client.until('a')).at(-1)).toMatch(/^a OK /);
  }
  client.send(`m APPEND INBOX ${MAILBOX.slice(4).map(literal).join(' ')}\r\n`);
  expect((await client.until('m')).at(-1)).toMatch(/^m OK /);
  await client.command('c', 'CREATE Copies');
  await client.command('s', 'SELECT INBOX');
  expect((await client.command('c', 'COPY 1:* Copies')).at(-1)).toMatch(/^c OK /);
});

afterAll(async () => {
  for (const client of clients) client.end();
  await harness?.stop();
});

describe('THREAD from stored thread links', () => {
  it('stores thread links at APPEND, MULTIAPPEND and COPY; some layouts are blobs', async () => {
    const docs = await documents();
    expect(docs).toHaveLength(2 * MAILBOX.length);
    expect(docs.filter((doc) => !doc.threadLinks)).toEqual([]);
    expect(docs.filter((doc) => doc.source).length).toBe(4);
  });

  it('threads by REFERENCES without reading a header', async () => {
    expect(await threaded('INBOX', 'THREAD REFERENCES UTF-8 ALL')).toEqual([REFERENCES, 0]);
    expect(await threaded('Copies', 'THREAD REFERENCES UTF-8 ALL')).toEqual([REFERENCES, 0]);
  });

  it('gives the same answer for documents stored without thread links, from their headers', async () => {
    const [uidAnswer] = await threaded('INBOX', 'UID THREAD REFERENCES UTF-8 ALL');
    const unset = await harness.store.db
      .collection<MessageDoc>(MESSAGES)
      .updateMany({}, { $unset: { threadLinks: '' } });
    expect(unset.modifiedCount).toBe(2 * MAILBOX.length);
    expect((await documents()).filter((doc) => doc.threadLinks)).toEqual([]);

    const [answer, reads] = await threaded('INBOX', 'THREAD REFERENCES UTF-8 ALL');
    expect(answer).toBe(REFERENCES);
    // The two blob layouts are read: the count would catch a header read for new documents.
    expect(reads).toBeGreaterThanOrEqual(2);
    expect((await threaded('INBOX', 'UID THREAD REFERENCES UTF-8 ALL'))[0]).toBe(uidAnswer);
    expect((await threaded('Copies', 'THREAD REFERENCES UTF-8 ALL'))[0]).toBe(REFERENCES);
  });
});
