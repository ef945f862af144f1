// Independent transfer decodings for BINARY tests: what BINARY answered when it decoded parts
// whole in memory, written here without the server's code.

/** Base64 as Node's decoder reads it (stray bytes skipped, the first `=` ends the data). */
export function referenceBase64(body: Buffer): Buffer {
  return Buffer.from(body.toString('latin1'), 'base64');
}

/**
 * Quoted-printable as RFC 2045 section 6.7 reads it: `=XX` is a byte, `=` before a line end is a
 * soft line break (CRLF, LF or CR), and any other `=` is kept as it is.
 */
export function referenceQp(body: Buffer): Buffer {
  const text = body.toString('latin1');
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const pair = text.slice(i + 1, i + 3);
    if (text[i] !== '=') out += text[i];
    else if (/^[0-9A-Fa-f]{2}$/.test(pair)) {
      out += String.fromCharCode(parseInt(pair, 16));
      i += 2;
    } else if (pair === '\r\n') i += 2;
    else if (pair[0] === '\n' || pair[0] === '\r') i += 1;
    else out += '=';
  }
  return Buffer.from(out, 'latin1');
}
