import { decodeCharset } from './charset.js';
import { MAX_STRUCTURED_VALUE_BYTES } from './limits.js';

/** A structured field value split into its leading value and its parameters. @internal */
export interface StructuredValue {
  /** The value before the first ';', comments removed, lowercased. */
  value: string;
  /** Parameters by lowercased name, RFC 2231 decoded. */
  params: Record<string, string>;
}

/** Splits at ';' outside quoted strings and comments (RFC 2045 section 5.1). */
function splitSegments(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  let quoted = false;
  let comment = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && (quoted || comment > 0)) i++;
    else if (quoted) quoted = c !== '"';
    else if (c === '(') comment++;
    else if (c === ')' && comment > 0) comment--;
    else if (comment === 0 && c === '"') quoted = true;
    else if (comment === 0 && c === ';') {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out;
}

/** Removes RFC 5322 comments outside quoted strings. */
function stripComments(text: string): string {
  if (!text.includes('(')) return text;
  let out = '';
  let quoted = false;
  let comment = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (comment > 0) {
      if (c === '\\') i++;
      else if (c === '(') comment++;
      else if (c === ')') comment--;
      continue;
    }
    if (quoted && c === '\\') {
      out += c + (text[i + 1] ?? '');
      i++;
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === '(' && !quoted) comment = 1;
    else out += c;
  }
  return out;
}

/** Reads a parameter value: a quoted-string (unescaped) or a token (comments removed). */
function paramValue(raw: string): string {
  const text = raw.trim();
  if (!text.startsWith('"')) return stripComments(text).trim();
  let out = '';
  for (let i = 1; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\') out += text[++i] ?? '';
    else if (c === '"') return out;
    else out += c;
  }
  return out;
}

interface Section {
  index: number;
  encoded: boolean;
  value: string;
}

/** Joins RFC 2231 continuations (`name*0*=`, `name*1=`) and decodes `charset'lang'%XX` values. */
function joinRfc2231(sections: Section[]): string {
  sections.sort((a, b) => a.index - b.index);
  let charset = '';
  const bytes: number[] = [];
  sections.forEach((s, n) => {
    let value = s.value;
    if (s.encoded && n === 0) {
      const parts = value.split("'");
      if (parts.length >= 3) {
        charset = parts[0]!;
        value = parts.slice(2).join("'");
      }
    }
    pushBytes(bytes, value, s.encoded);
  });
  return decodeCharset(Buffer.from(bytes), charset || 'utf-8');
}

function pushBytes(bytes: number[], value: string, encoded: boolean): void {
  const buf = Buffer.from(value, 'utf8');
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i]!;
    const hex = encoded && c === 0x25 ? buf.toString('latin1', i + 1, i + 3) : '';
    if (/^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(c);
  }
}

/**
 * Parses a Content-Type or Content-Disposition value (RFC 2045 section 5.1, RFC 2183) with
 * RFC 2231 parameter continuations, charsets and languages. Lenient: never throws.
 * @internal
 */
export function parseStructured(input: string): StructuredValue {
  const segments = splitSegments(input.slice(0, MAX_STRUCTURED_VALUE_BYTES));
  const value = stripComments(segments[0] ?? '')
    .trim()
    .toLowerCase();
  const params: Record<string, string> = {};
  const extended = new Map<string, Section[]>();
  for (const segment of segments.slice(1)) {
    const eq = segment.indexOf('=');
    if (eq < 0) continue;
    const name = segment.slice(0, eq).trim().toLowerCase();
    // `__proto__` would replace the object's prototype instead of adding a key.
    if (!name || name === '__proto__') continue;
    const val = paramValue(segment.slice(eq + 1));
    const m = /^(.+?)\*(?:(\d+)(\*)?)?$/.exec(name);
    if (!m) {
      if (!Object.hasOwn(params, name)) params[name] = val;
      continue;
    }
    const base = m[1]!;
    if (base === '__proto__') continue;
    const list = extended.get(base) ?? [];
    list.push({ index: m[2] ? Number(m[2]) : 0, encoded: m[2] ? !!m[3] : true, value: val });
    extended.set(base, list);
  }
  // RFC 2231 section 4: the extended form carries the real value; it wins over a plain one.
  for (const [base, sections] of extended) params[base] = joinRfc2231(sections);
  return { value, params };
}
