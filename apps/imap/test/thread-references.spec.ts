// The REFERENCES and ORDEREDSUBJECT algorithms of RFC 5256 section 3 on synthetic messages:
// cases a mailbox spec would need many messages for, and mailbox-sized chains.
import { describe, expect, it } from 'vitest';
import { threadResponse } from '@mailstore/imap-proto';
import type { ThreadMessage } from '../src/commands/thread-message.js';
import { orderedSubjectThreads } from '../src/commands/thread-ordered-subject.js';
import { referencesThreads } from '../src/commands/thread-references.js';

/** Message n: sent n minutes after the epoch unless `sentDate` says otherwise. */
function msg(sequence: number, fields: Partial<ThreadMessage> = {}): ThreadMessage {
  return {
    sequence,
    number: sequence,
    sentDate: sequence * 60_000,
    subject: `SUBJECT ${sequence}`,
    replyOrForward: false,
    messageId: `<${sequence}@x>`,
    references: [],
    ...fields,
  };
}

function references(messages: ThreadMessage[]): string {
  return threadResponse(referencesThreads(messages)).toString().trimEnd();
}

describe('REFERENCES (RFC 5256 section 3)', () => {
  it('merges two dummies of one subject into one (step 5.C)', () => {
    const reply = { subject: 'TOPIC', replyOrForward: true };
    const messages = [
      msg(1, { ...reply, references: ['<x@x>'] }),
      msg(2, { ...reply, references: ['<y@x>'] }),
      msg(3, { ...reply, references: ['<x@x>'] }),
      msg(4, { ...reply, references: ['<y@x>'] }),
    ];
    expect(references(messages)).toBe('* THREAD ((1)(2)(3)(4))');
  });

  it('puts a message under a dummy of its subject, and a reply under a message', () => {
    const messages = [
      msg(1, { subject: 'TOPIC', replyOrForward: true, references: ['<x@x>'] }),
      msg(2, { subject: 'TOPIC', replyOrForward: true, references: ['<x@x>'] }),
      msg(3, { subject: 'TOPIC' }),
      msg(4, { subject: 'OTHER' }),
      msg(5, { subject: 'OTHER', replyOrForward: true }),
    ];
    expect(references(messages)).toBe('* THREAD ((1)(2)(3))(4 5)');
  });

  it('leaves messages with an empty subject apart', () => {
    const messages = [msg(1, { subject: '' }), msg(2, { subject: '' })];
    expect(references(messages)).toBe('* THREAD (1)(2)');
  });

  it('keeps the first link a reference made (step 1.A); siblings go by sent date', () => {
    // 3 says <1> is the parent of <2>; 4 says <9> is: the first link stands (step 1.A).
    const messages = [
      msg(1),
      msg(2, { references: ['<1@x>'] }),
      msg(3, { references: ['<1@x>', '<2@x>'] }),
      msg(4, { references: ['<9@x>', '<2@x>', '<3@x>'] }),
      msg(5, { references: ['<1@x>'], sentDate: 0 }),
    ];
    expect(references(messages)).toBe('* THREAD (1 (5)(2 3 4))');
  });

  it('threads a chain of 100,000 replies, delivered newest first, in a few seconds', () => {
    const count = 100_000;
    const messages = Array.from({ length: count }, (_, i) => {
      const n = count - i;
      const parents = Array.from({ length: Math.min(n - 1, 20) }, (_, k) => `<${n - 1 - k}@x>`);
      return msg(i + 1, {
        number: n,
        sentDate: n,
        messageId: `<${n}@x>`,
        references: parents.reverse(),
      });
    });
    const started = performance.now();
    const line = references(messages);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(line).toBe(`* THREAD (${Array.from({ length: count }, (_, i) => i + 1).join(' ')})`);
  });
});

describe('ORDEREDSUBJECT (RFC 5256 section 3)', () => {
  it('makes the first message of a subject the parent of the rest, ties by sequence', () => {
    const messages = [
      msg(1, { subject: 'B', sentDate: 5 }),
      msg(2, { subject: 'A', sentDate: 7 }),
      msg(3, { subject: 'B', sentDate: 5 }),
      msg(4, { subject: 'A', sentDate: 6 }),
      msg(5, { subject: 'B', sentDate: 1 }),
      msg(6, { subject: 'C', sentDate: 6 }),
    ];
    expect(threadResponse(orderedSubjectThreads(messages)).toString()).toBe(
      '* THREAD (5 (1)(3))(4 2)(6)\r\n',
    );
  });
});
