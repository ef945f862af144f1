// Builds synthetic messages for the message-store tests.

/** Wraps base64 text at `lineLength` with `eol`, as a mail client would. */
export function wrapBase64(content: Buffer, lineLength: number, eol: string): string {
  const text = content.toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += lineLength) lines.push(text.slice(i, i + lineLength));
  return lines.join(eol);
}

/** A multipart/mixed message with a text part and one base64 attachment. */
export function messageWithAttachment(options: {
  subject: string;
  attachment: Buffer;
  lineLength?: number;
  eol?: string;
  messageId?: string;
}): Buffer {
  const eol = options.eol ?? '\r\n';
  const lines = [
    'From: Alice <alice@example.com>',
    'To: Bob <bob@example.com>',
    `Subject: ${options.subject}`,
    `Message-ID: ${options.messageId ?? `<${options.subject.replace(/\W/g, '')}@example.com>`}`,
    'Date: Thu, 03 Dec 2026 10:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Hello, this is ${options.subject}.`,
    '--b1',
    'Content-Type: application/octet-stream; name="data.bin"',
    'Content-Disposition: attachment; filename="data.bin"',
    'Content-Transfer-Encoding: base64',
    '',
    wrapBase64(options.attachment, options.lineLength ?? 76, eol),
    '--b1--',
    '',
  ];
  return Buffer.from(lines.join(eol), 'latin1');
}

/** A small text message of about `size` bytes. */
export function textMessage(subject: string, size = 2_000): Buffer {
  const header = [
    'From: Alice <alice@example.com>',
    'To: Bob <bob@example.com>',
    `Subject: ${subject}`,
    `Message-ID: <${subject.replace(/\W/g, '')}.${Math.random().toString(36).slice(2)}@example.com>`,
    'Date: Thu, 03 Dec 2026 10:00:00 +0000',
    '',
    '',
  ].join('\r\n');
  const line = 'The quick brown fox jumps over the lazy dog. ';
  let body = '';
  while (header.length + body.length < size) body += `${line}${body.length}\r\n`;
  return Buffer.from(header + body, 'latin1');
}
