import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, redactUrl } from './logger.js';

function capture(): { lines: Array<Record<string, unknown>>; stream: Writable } {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { lines, stream };
}

describe('createLogger', () => {
  it('binds the service and a child context to every line', () => {
    const { lines, stream } = capture();
    const logger = createLogger({ service: 'imap', level: 'info', destination: stream });
    logger.child({ sessionId: 's1', remoteAddress: '127.0.0.1' }).info('connected');
    expect(lines[0]).toMatchObject({
      service: 'imap',
      sessionId: 's1',
      remoteAddress: '127.0.0.1',
      level: 'info',
      msg: 'connected',
    });
  });

  it('redacts passwords and tokens wherever they appear', () => {
    const { lines, stream } = capture();
    const logger = createLogger({ service: 'auth', level: 'info', destination: stream });
    logger.info({ password: 'hunter2', user: { token: 'abc' } }, 'login');
    const text = JSON.stringify(lines[0]);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('"abc"');
    expect(lines[0]).toMatchObject({ password: '[redacted]', user: { token: '[redacted]' } });
  });
});

describe('redactUrl', () => {
  it('drops credentials from connection strings', () => {
    expect(redactUrl('mongodb://admin:s3cret@db:27017/x')).toBe('mongodb://***@db:27017/x');
    expect(redactUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
  });
});
