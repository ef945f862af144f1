// OBJECTID (RFC 8474): MAILBOXID on CREATE, SELECT, EXAMINE and STATUS, kept by RENAME;
// EMAILID shared by a message, its copy and its moved self; THREADID shared by a thread;
// SEARCH EMAILID and THREADID; bad objectids refused with BAD. Raw sockets and imapflow.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imapflow } from './clients.js';
import { createUser, startHarness, type Harness } from './harness.js';
import { RawClient } from './raw-client.js';

const MAILBOX_ID = /^F[0-9a-f]{24}$/;
const EMAIL_ID = /^M[0-9a-f]{64}$/;
const THREAD_ID = /^T[0-9a-f]{24}$/;

let harness: Harness;
const clients: RawClient[] = [];

async function loggedIn(user: string): Promise<RawClient> {
  const client = await RawClient.login(harness.port, user, 'secret');
  clients.push(client);
  return client;
}

/** Appends `lines` as a message to `mailbox` with a LITERAL+; returns the APPENDUID's UID. */
async function append(client: RawClient, mailbox: string, lines: string[]): Promise<number> {
  const message = `${lines.join('\r\n')}\r\n\r\nbody\r\n`;
  const reply = await client.command('a', `APPEND ${mailbox} {${message.length}+}\r\n${message}`);
  const uid = /^a OK \[APPENDUID \d+ (\d+)\]/.exec(reply.at(-1) ?? '')?.[1];
  if (!uid) throw new Error(`APPEND failed: ${reply.join(' | ')}`);
  return Number(uid);
}

/** The objectid in the first `[MAILBOXID (id)]` of `lines`. */
function mailboxIdIn(lines: readonly string[]): string {
  const id = lines.map((line) => /\[MAILBOXID \(([^)]*)\)\]/.exec(line)?.[1]).find(Boolean);
  if (!id) throw new Error(`no MAILBOXID in ${lines.join(' | ')}`);
  return id;
}

/** EMAILID and THREADID by UID, from the `* n FETCH (UID u EMAILID (e) THREADID (t))` lines. */
function idsByUid(lines: readonly string[]): Map<number, { email: string; thread: string }> {
  const ids = new Map<number, { email: string; thread: string }>();
  for (const line of lines) {
    const uid = /\bUID (\d+)/.exec(line)?.[1];
    const email = /\bEMAILID \(([^)]*)\)/.exec(line)?.[1];
    const thread = /\bTHREADID \(([^)]*)\)/.exec(line)?.[1];
    if (uid && email && thread) ids.set(Number(uid), { email, thread });
  }
  return ids;
}

/** The numbers of the `* SEARCH` line, in order. */
function searchHits(lines: readonly string[]): number[] {
  const line = lines.find((candidate) => candidate.startsWith('* SEARCH'));
  if (line === undefined) throw new Error(`no SEARCH response in ${lines.join(' | ')}`);
  return line.slice('* SEARCH'.length).trim().split(' ').filter(Boolean).map(Number);
}

beforeAll(async () => {
  harness = await startHarness('imap-objectid');
  await createUser(harness.store, 'oli', 'secret');
  await createUser(harness.store, 'tam', 'secret');
  await createUser(harness.store, 'uma', 'secret');
});

afterAll(async () => {
  for (const client of clients) client.end();
  await harness?.stop();
});

describe('MAILBOXID', () => {
  it('announces OBJECTID', async () => {
    const client = await loggedIn('oli');
    const reply = await client.command('c', 'CAPABILITY');
    expect(reply[0]).toMatch(/^\* CAPABILITY .* OBJECTID( |$)/);
  });

  it('CREATE returns it, RENAME keeps it, SELECT, EXAMINE, STATUS and LIST-STATUS agree', async () => {
    const client = await loggedIn('oli');
    const created = await client.command('c', 'CREATE Projects');
    expect(created).toEqual([expect.stringMatching(/^c OK \[MAILBOXID \(F[0-9a-f]{24}\)\] /)]);
    const id = mailboxIdIn(created);
    expect(id).toMatch(MAILBOX_ID);

    const selected = await client.command('s', 'SELECT Projects');
    expect(selected).toContain(`* OK [MAILBOXID (${id})] mailbox id`);
    await client.command('u', 'UNSELECT');

    expect((await client.command('r', 'RENAME Projects Work')).at(-1)).toMatch(/^r OK /);
    const status = await client.command('t', 'STATUS Work (MESSAGES MAILBOXID UIDNEXT)');
    expect(status[0]).toBe(`* STATUS "Work" (MESSAGES 0 MAILBOXID (${id}) UIDNEXT 1)`);
    expect(mailboxIdIn(await client.command('e', 'EXAMINE Work'))).toBe(id);
    expect(mailboxIdIn(await client.command('s', 'SELECT Work'))).toBe(id);
    const listed = await client.command('l', 'LIST "" Work RETURN (STATUS (MAILBOXID))');
    expect(listed).toContain(`* STATUS "Work" (MAILBOXID (${id}))`);

    // Another mailbox, or the old name made again, is another mailbox with another id.
    const again = mailboxIdIn(await client.command('c', 'CREATE Projects'));
    expect(again).toMatch(MAILBOX_ID);
    expect(again).not.toBe(id);
    const inbox = await client.command('i', 'STATUS INBOX (MAILBOXID)');
    expect(inbox[0]).toMatch(/^\* STATUS "?INBOX"? \(MAILBOXID \(F[0-9a-f]{24}\)\)$/);
    expect(inbox[0]).not.toContain(id);
  });

  it('the tagged OK of a CREATE that makes superiors names the mailbox asked for', async () => {
    const client = await loggedIn('oli');
    const id = mailboxIdIn(await client.command('c', 'CREATE Deep/Down/Here'));
    const status = await client.command('t', 'STATUS Deep/Down/Here (MAILBOXID)');
    expect(status[0]).toBe(`* STATUS "Deep/Down/Here" (MAILBOXID (${id}))`);
    const parent = await client.command('p', 'STATUS Deep (MAILBOXID)');
    expect(parent[0]).not.toContain(id);
  });
});

describe('EMAILID and THREADID', () => {
  it('a thread shares THREADID, copies and moved messages keep EMAILID, SEARCH finds them', async () => {
    const client = await loggedIn('tam');
    const root = await append(client, 'INBOX', [
      'Message-ID: <root@objectid.test>',
      'Subject: Roadmap',
    ]);
    const reply = await append(client, 'INBOX', [
      'Message-ID: <reply@objectid.test>',
      'In-Reply-To: <root@objectid.test>',
      'References: <root@objectid.test>',
      'Subject: Re: Roadmap',
    ]);
    const other = await append(client, 'INBOX', [
      'Message-ID: <lunch@objectid.test>',
      'Subject: Lunch on Friday',
    ]);
    const second = await append(client, 'INBOX', [
      'Message-ID: <second@objectid.test>',
      'In-Reply-To: <reply@objectid.test>',
      'References: <root@objectid.test> <reply@objectid.test>',
      'Subject: Re: Re: Roadmap',
    ]);

    await client.command('s', 'SELECT INBOX');
    const fetched = await client.command('f', 'FETCH 1:* (UID EMAILID THREADID)');
    expect(fetched.at(-1)).toMatch(/^f OK /);
    const ids = idsByUid(fetched);
    expect([...ids.keys()]).toEqual([root, reply, other, second]);
    for (const { email, thread } of ids.values()) {
      expect(email).toMatch(EMAIL_ID);
      expect(thread).toMatch(THREAD_ID);
    }
    const thread = ids.get(root)!.thread;
    expect(ids.get(reply)!.thread).toBe(thread);
    expect(ids.get(second)!.thread).toBe(thread);
    expect(ids.get(other)!.thread).not.toBe(thread);
    expect(new Set([...ids.values()].map((id) => id.email)).size).toBe(4);

    // UID FETCH with CHANGEDSINCE: MODSEQ is added as before (after the `* OK [HIGHESTMODSEQ]`
    // of enabling CONDSTORE), the ids come along.
    const changed = await client.command('g', `UID FETCH ${reply} (EMAILID) (CHANGEDSINCE 1)`);
    expect(changed.find((line) => / FETCH /.test(line))).toMatch(
      new RegExp(`^\\* 2 FETCH \\(UID ${reply} EMAILID \\(${ids.get(reply)!.email}\\) MODSEQ`),
    );

    // SEARCH EMAILID and THREADID, alone and combined, with and without UID.
    const uidSearch = async (criteria: string) =>
      searchHits(await client.command('q', `UID SEARCH ${criteria}`));
    expect(await uidSearch(`THREADID ${thread}`)).toEqual([root, reply, second]);
    expect(await uidSearch(`EMAILID ${ids.get(reply)!.email}`)).toEqual([reply]);
    expect(await uidSearch(`NOT THREADID ${thread}`)).toEqual([other]);
    expect(await uidSearch(`THREADID ${thread} NOT EMAILID ${ids.get(root)!.email}`)).toEqual([
      reply,
      second,
    ]);
    expect(await uidSearch(`THREADID T${'0'.repeat(24)}`)).toEqual([]);
    // An EMAILID is not a THREADID: the kinds never mix.
    expect(await uidSearch(`THREADID ${ids.get(root)!.email}`)).toEqual([]);
    // Objectids are compared exactly, case included.
    expect(await uidSearch(`EMAILID ${ids.get(root)!.email.toUpperCase()}`)).toEqual([]);
    const sequences = searchHits(await client.command('q', `SEARCH THREADID ${thread}`));
    expect(sequences).toEqual([1, 2, 4]);

    // COPY keeps both ids.
    const copied = await client.command('c', `UID COPY ${root} Archive`);
    const copyUid = Number(/\[COPYUID \d+ \d+ (\d+)\]/.exec(copied.at(-1)!)?.[1]);
    expect(copyUid).toBeGreaterThan(0);
    // MOVE keeps both ids.
    const moved = await client.command('m', `UID MOVE ${other} Trash`);
    const movedUid = Number(/\[COPYUID \d+ \d+ (\d+)\]/.exec(moved.join(' '))?.[1]);
    expect(movedUid).toBeGreaterThan(0);
    expect(await uidSearch(`EMAILID ${ids.get(other)!.email}`)).toEqual([]);

    await client.command('s', 'SELECT Archive');
    const archived = idsByUid(await client.command('f', `UID FETCH ${copyUid} (EMAILID THREADID)`));
    expect(archived.get(copyUid)).toEqual(ids.get(root));
    expect(await uidSearch(`EMAILID ${ids.get(root)!.email}`)).toEqual([copyUid]);
    expect(await uidSearch(`THREADID ${thread}`)).toEqual([copyUid]);

    await client.command('s', 'SELECT Trash');
    const trashed = idsByUid(await client.command('f', `UID FETCH ${movedUid} (THREADID EMAILID)`));
    expect(trashed.get(movedUid)).toEqual(ids.get(other));
    expect(await uidSearch(`EMAILID ${ids.get(other)!.email}`)).toEqual([movedUid]);
  });

  it.each([
    ['SEARCH EMAILID', 'no objectid'],
    ['SEARCH EMAILID "Mabc"', 'a quoted string'],
    ['SEARCH EMAILID M.abc', 'a dot'],
    ['SEARCH THREADID T:1', 'a colon'],
    [`SEARCH THREADID T${'0'.repeat(255)}`, '256 characters'],
    ['UID SEARCH OR EMAILID Ma THREADID T+b', 'a plus sign'],
    ['FETCH 1 (EMAILID[])', 'a section'],
    ['STATUS INBOX (EMAILID)', 'a message item in STATUS'],
  ])('refuses %s (%s) with BAD', async (command) => {
    const client = await loggedIn('tam');
    await client.command('s', 'SELECT INBOX');
    const reply = await client.command('z', command);
    expect(reply).toEqual([expect.stringMatching(/^z BAD /)]);
    // The session goes on.
    expect((await client.command('n', 'NOOP')).at(-1)).toMatch(/^n OK /);
  });
});

describe('OBJECTID with imapflow', () => {
  it('reads mailboxId, emailId and threadId, and searches by them', async () => {
    const seed = await loggedIn('uma');
    await append(seed, 'INBOX', ['Message-ID: <a@flow.test>', 'Subject: Plans']);
    await append(seed, 'INBOX', [
      'Message-ID: <b@flow.test>',
      'In-Reply-To: <a@flow.test>',
      'Subject: Re: Plans',
    ]);
    await append(seed, 'INBOX', ['Message-ID: <c@flow.test>', 'Subject: Other']);

    const flow = imapflow(harness.port, 'uma', 'secret');
    await flow.connect();
    try {
      const raw = await seed.command('t', 'STATUS INBOX (MAILBOXID)');
      const inboxId = /MAILBOXID \(([^)]*)\)/.exec(raw[0]!)?.[1];
      const mailbox = await flow.mailboxOpen('INBOX');
      expect(mailbox.mailboxId).toBe(inboxId);

      const messages = [];
      for await (const message of flow.fetch('1:*', { uid: true, emailId: true, threadId: true })) {
        messages.push(message);
      }
      expect(messages.map((message) => message.emailId)).toEqual([
        expect.stringMatching(EMAIL_ID),
        expect.stringMatching(EMAIL_ID),
        expect.stringMatching(EMAIL_ID),
      ]);
      const [first, reply, other] = messages;
      expect(reply!.threadId).toBe(first!.threadId);
      expect(other!.threadId).not.toBe(first!.threadId);

      expect(await flow.search({ threadId: first!.threadId! }, { uid: true })).toEqual([
        first!.uid,
        reply!.uid,
      ]);
      expect(await flow.search({ emailId: other!.emailId! }, { uid: true })).toEqual([other!.uid]);
    } finally {
      await flow.logout();
    }
  });
});
