import { MESSAGES } from '@mailstore/storage';
import {
  createSelfSignedCertificate,
  hostAndPort,
  TcpProxy,
  type TestCertificate,
} from '@mailstore/testing';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, sampleMessage, startHarness, type LmtpHarness } from './harness.js';
import { RawLmtpClient } from './lmtp-client.js';

let certificate: TestCertificate | undefined;
let redisProxy: TcpProxy;
let h: LmtpHarness;

beforeAll(async () => {
  certificate = await createSelfSignedCertificate('lmtp');
  const { key, cert } = certificate;
  const target = hostAndPort(process.env.REDIS_URL!);
  redisProxy = new TcpProxy(target.host, target.port);
  const port = await redisProxy.start();
  h = await startHarness('lmtp-tls-redis', (config) => ({
    ...config,
    tls: { keyFile: key, certFile: cert },
    redis: { ...config.redis, url: `redis://127.0.0.1:${port}` },
  }));
  await addUser(h.store, 'alice', ['alice@example.com']);
});

afterAll(async () => {
  await redisProxy.restore().catch(() => undefined);
  await h?.close();
  await redisProxy.cut();
  await certificate?.remove();
});

describe('STARTTLS', () => {
  it('is announced when a certificate is configured and carries a delivery', async () => {
    const { client } = await RawLmtpClient.connect(h.port);
    expect(await client.command('LHLO mta.example')).toContain('STARTTLS');
    await client.quit();

    const transport = nodemailer.createTransport({
      lmtp: true,
      host: '127.0.0.1',
      port: h.port,
      requireTLS: true,
      tls: { rejectUnauthorized: false },
    });
    const info = await transport.sendMail({
      envelope: { from: 'sender@example.org', to: ['alice@example.com'] },
      raw: sampleMessage('tls-1@example.org'),
    });
    transport.close();
    expect(info.accepted).toEqual(['alice@example.com']);
    expect(
      await h.store.db.collection(MESSAGES).countDocuments({ messageId: '<tls-1@example.org>' }),
    ).toBe(1);
  });
});

describe('Redis outage', () => {
  it('answers 451 4.3.0 while Redis is unreachable and delivers once it is back', async () => {
    await redisProxy.cut();
    const { client } = await RawLmtpClient.connect(h.port);
    await client.command('LHLO mta.example');
    await client.command('MAIL FROM:<sender@example.org>');
    expect(await client.command('RCPT TO:<alice@example.com>')).toMatch(/^250 /);
    const [down] = await client.data(sampleMessage('redis-1@example.org'), 1);
    expect(down).toMatch(/^451 4\.3\.0 /);
    await client.quit();

    await redisProxy.restore();
    // The clients reconnect by themselves (REDIS_RECONNECT_MAX_DELAY_MS at most between tries).
    let reply = '';
    for (let attempt = 0; attempt < 20 && !reply.startsWith('250'); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const retry = await RawLmtpClient.connect(h.port);
      await retry.client.command('LHLO mta.example');
      await retry.client.command('MAIL FROM:<sender@example.org>');
      await retry.client.command('RCPT TO:<alice@example.com>');
      [reply = ''] = await retry.client.data(sampleMessage('redis-1@example.org'), 1);
      await retry.client.quit();
    }
    expect(reply).toMatch(/^250 /);
    const count = await h.store.db
      .collection(MESSAGES)
      .countDocuments({ messageId: '<redis-1@example.org>' });
    expect(count).toBe(1);
  });
});
