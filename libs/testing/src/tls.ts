import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** PEM files of a throwaway certificate for localhost, and how to delete them. */
export interface TestCertificate {
  key: string;
  cert: string;
  remove(): Promise<void>;
}

/** Creates a self-signed RSA certificate for CN=localhost, valid one day, with `openssl req`. */
export async function createSelfSignedCertificate(name: string): Promise<TestCertificate> {
  const dir = await mkdtemp(join(tmpdir(), `${name}-tls-`));
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  const args = ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1'];
  await promisify(execFile)('openssl', [
    ...args,
    '-subj',
    '/CN=localhost',
    '-keyout',
    key,
    '-out',
    cert,
  ]);
  return { key, cert, remove: () => rm(dir, { recursive: true, force: true }) };
}
