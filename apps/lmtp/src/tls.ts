import { readFile } from 'node:fs/promises';
import type { Config } from '@mailstore/config';

/** The lowest TLS version accepted (RFC 8996 deprecates TLS 1.0 and 1.1). */
export const MIN_TLS_VERSION = 'TLSv1.2';

/** Loads TLS_KEY_FILE and TLS_CERT_FILE for STARTTLS, or null when TLS is not configured. */
export async function loadTls(tls: Config['tls']): Promise<{ key: Buffer; cert: Buffer } | null> {
  if (!tls.keyFile || !tls.certFile) return null;
  const [key, cert] = await Promise.all([readFile(tls.keyFile), readFile(tls.certFile)]);
  return { key, cert };
}
