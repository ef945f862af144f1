import { readFile } from 'node:fs/promises';
import { createSecureContext, type SecureContext } from 'node:tls';
import type { Config } from '@mailstore/config';

/** Loads TLS_KEY_FILE and TLS_CERT_FILE, or returns null when TLS is not configured. */
export async function loadSecureContext(tls: Config['tls']): Promise<SecureContext | null> {
  if (!tls.keyFile || !tls.certFile) return null;
  const [key, cert] = await Promise.all([readFile(tls.keyFile), readFile(tls.certFile)]);
  return createSecureContext({ key, cert, minVersion: 'TLSv1.2' });
}
