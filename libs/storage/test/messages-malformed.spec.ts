import { randomBytes } from 'node:crypto';
import type { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestMessage, MESSAGES, type MessageDoc } from '../src/index.js';
import { wrapBase64 } from './messages/build.js';
import { expectExactSections } from './messages/roundtrip.js';
import { insertMailbox, insertUser, openTestStore, type TestStore } from './messages/support.js';

let t: TestStore;
let user: ObjectId;
let mailbox: ObjectId;
beforeAll(async () => {
  t = await openTestStore('messages-malformed');
  user = await insertUser(t.store);
  mailbox = await insertMailbox(t.store, user);
});
afterAll(async () => t.close());

const attachment = randomBytes(40_000);

function nested(depth: number): string {
  let body = `Content-Type: text/plain\r\n\r\ninnermost ${'x'.repeat(5_000)}\r\n`;
  for (let level = depth; level > 0; level--) {
    const b = `level${level}`;
    body = `Content-Type: multipart/mixed; boundary="${b}"\r\n\r\n--${b}\r\n${body}--${b}--\r\n`;
  }
  return `From: a@example.com\r\nSubject: deep\r\n${body}`;
}

const CASES: Record<string, Buffer> = {
  'broken boundaries': Buffer.from(
    'From: a@example.com\r\nContent-Type: multipart/mixed; boundary="outer"\r\n\r\n' +
      '--outer\r\nContent-Type: text/plain\r\n\r\nfirst\r\n--wrong\r\nnot a part\r\n' +
      '--outer\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n' +
      `${wrapBase64(attachment, 76, '\r\n')}\r\n--outer\r\nContent-Type: multipart/alternative; boundary="inner"\r\n\r\n` +
      '--inner\r\nunterminated inner part\r\n',
  ),
  'deep nesting past the parser limit': Buffer.from(nested(40)),
  'huge headers': Buffer.from(
    `${Array.from({ length: 20_000 }, (_, i) => `Received: from host${i}.example.com by mx.example.com; Thu, 3 Dec 2026`).join('\r\n')}\r\n` +
      `X-Long: ${'a'.repeat(1_000_000)}\r\nSubject: many headers\r\n\r\nbody\r\n`,
  ),
  'NUL bytes': Buffer.concat([
    Buffer.from('From: a@exam\0ple.com\r\nSubject: nul\0here\r\n\r\n'),
    Buffer.alloc(50_000, 0),
    Buffer.from('text after zeros\0\r\n'),
  ]),
  'bare LF and bare CR': Buffer.from(
    'From: a@example.com\nSubject: mixed\rX-Odd: yes\r\nContent-Type: multipart/mixed; boundary=b\n\n' +
      `--b\rContent-Type: text/plain\n\nline one\rline two\nline three\r\n--b\nContent-Transfer-Encoding: base64\n\n${wrapBase64(attachment, 72, '\n')}\n--b--\r`,
  ),
  '8-bit headers': Buffer.concat([
    Buffer.from('From: "Jürgen Müller" <jürgen@exämple.de>\r\nSubject: Grüße 日本語 ', 'utf8'),
    Buffer.from([0xe9, 0xe8, 0xff, 0x0d, 0x0a]),
    Buffer.from('To: =?utf-8?q?M=C3=BCller?= <m@example.de>\r\n\r\nBody with 8-bit: é\r\n', 'utf8'),
  ]),
  'irregular base64 kept as it arrived': Buffer.from(
    'From: a@example.com\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n' +
      attachment
        .toString('base64')
        .replace(/(.{50})/g, '$1\r\n')
        .replace(/(.{300})/, '$1  \r\n!!junk!!\r\n'),
  ),
  'embedded message with an attachment': Buffer.from(
    'From: a@example.com\r\nContent-Type: multipart/mixed; boundary="m"\r\n\r\n--m\r\n' +
      'Content-Type: message/rfc822\r\n\r\nFrom: b@example.com\r\nSubject: inner\r\n' +
      'Content-Type: multipart/mixed; boundary="n"\r\n\r\n--n\r\nContent-Type: text/plain\r\n\r\ninner text\r\n' +
      `--n\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\n${wrapBase64(attachment, 76, '\r\n')}\r\n--n--\r\n` +
      '\r\n--m--\r\n',
  ),
  'empty message': Buffer.alloc(0),
  'header without body or blank line': Buffer.from('Subject: only a header'),
};

describe('malformed messages', () => {
  it.each(Object.entries(CASES))(
    'stores "%s" and rebuilds it byte for byte',
    async (_, raw) => {
      const stored = await ingestMessage(t.store, { user, mailbox, message: raw });
      expect(stored.size).toBe(raw.length);
      const doc = await t.store.db.collection<MessageDoc>(MESSAGES).findOne({ _id: stored.id });
      expect(await expectExactSections(t.store, doc!, raw)).toBeGreaterThan(2);
    },
    60_000,
  );
});
