import type { EnvelopeAddress } from './types.js';

/** One lexical token of an address list (RFC 5322 section 3.2). */
interface Token {
  kind: 'atom' | 'quoted' | 'comment' | 'literal' | 'special';
  /** Token text: atoms and specials as written, quoted strings and comments unescaped. */
  text: string;
  /** The raw source text (quoted strings keep their quotes). */
  raw: string;
  /** White space or a comment came before the token. */
  spaceBefore: boolean;
}

const SPECIALS = '<>@,;:.[]';

/** Reads a delimited run (quoted string, comment, domain literal) starting at `i`. */
function readDelimited(
  s: string,
  i: number,
  open: string,
  close: string,
): { text: string; end: number } {
  let text = '';
  let depth = 1;
  let j = i + 1;
  for (; j < s.length; j++) {
    const c = s[j]!;
    if (c === '\\' && j + 1 < s.length) {
      text += s[++j];
      continue;
    }
    if (c === close && --depth === 0) return { text, end: j + 1 };
    if (c === open && open !== close) depth++;
    text += c;
  }
  return { text, end: j };
}

/** Character classes of the tokenizer, by char code below 128. */
const ATOM = 0;
const SPACE = 1;
const SPECIAL = 2;
const OPENER = 3;
const CLASSES = (() => {
  const table = new Uint8Array(128);
  for (const c of ' \t\r\n') table[c.charCodeAt(0)] = SPACE;
  for (const c of SPECIALS) table[c.charCodeAt(0)] = SPECIAL;
  for (const c of '"([') table[c.charCodeAt(0)] = OPENER;
  return table;
})();

function charClass(s: string, i: number): number {
  const code = s.charCodeAt(i);
  return code < 128 ? CLASSES[code]! : ATOM;
}

/** Splits an address list into tokens in one pass (object literals only: spreads are slow). */
function tokenize(s: string): Token[] {
  const tokens: Token[] = [];
  let space = false;
  let i = 0;
  while (i < s.length) {
    const cls = charClass(s, i);
    if (cls === SPACE) {
      space = true;
      i++;
      continue;
    }
    const c = s[i]!;
    let kind: Token['kind'] = 'atom';
    let text: string;
    let end = i + 1;
    if (cls === OPENER) {
      const read = readDelimited(s, i, c, c === '"' ? '"' : c === '(' ? ')' : ']');
      kind = c === '"' ? 'quoted' : c === '(' ? 'comment' : 'literal';
      text = read.text;
      end = read.end;
    } else if (cls === SPECIAL) {
      kind = 'special';
      text = c;
    } else {
      while (end < s.length && charClass(s, end) === ATOM) end++;
      text = s.slice(i, end);
    }
    tokens.push({ kind, text, raw: s.slice(i, end), spaceBefore: space });
    space = kind === 'comment';
    i = end;
  }
  return tokens;
}

/** Joins the words of a phrase, one space where the source had white space. */
function phrase(tokens: Token[]): string | null {
  let out = '';
  for (const t of tokens) {
    if (t.kind === 'comment') continue;
    if (out && t.spaceBefore) out += ' ';
    out += t.text;
  }
  return out ? out : null;
}

/** Joins tokens as written (quoted local parts keep their quotes), dropping comments. */
function verbatim(tokens: Token[]): string {
  return tokens
    .filter((t) => t.kind !== 'comment')
    .map((t) => t.raw)
    .join('');
}

/** Builds a mailbox from an addr-spec, optionally with a source route before a colon. */
function mailbox(name: string | null, spec: Token[]): EnvelopeAddress {
  let adl: string | null = null;
  let rest = spec;
  const colon = spec.findIndex((t) => t.kind === 'special' && t.text === ':');
  if (colon >= 0) {
    adl = verbatim(spec.slice(0, colon)) || null;
    rest = spec.slice(colon + 1);
  }
  let at = -1;
  rest.forEach((t, n) => {
    if (t.kind === 'special' && t.text === '@') at = n;
  });
  // A missing domain is written as an empty host: NIL would mark a group (RFC 3501 7.4.2).
  const local = verbatim(at >= 0 ? rest.slice(0, at) : rest);
  const host = at >= 0 ? verbatim(rest.slice(at + 1)) : '';
  return { name, adl, mailbox: local, host };
}

function toAddress(tokens: Token[]): EnvelopeAddress | null {
  if (!tokens.some((t) => t.kind !== 'comment')) return null;
  const open = tokens.findIndex((t) => t.kind === 'special' && t.text === '<');
  if (open >= 0) {
    const close = tokens.findIndex((t, n) => n > open && t.kind === 'special' && t.text === '>');
    const spec = tokens.slice(open + 1, close < 0 ? tokens.length : close);
    return mailbox(phrase(tokens.slice(0, open)), spec);
  }
  // Without angle brackets, a comment is the only name there is (RFC 5322 section 3.4).
  const comments = tokens.filter((t) => t.kind === 'comment' && t.text.trim());
  const name = comments.length ? comments[comments.length - 1]!.text.trim() : null;
  return mailbox(name, tokens);
}

/**
 * Parses an address-list (RFC 5322 section 3.4) into ENVELOPE addresses; a group becomes a start
 * marker (mailbox = group name, host NIL) and an end marker (all NIL), per RFC 3501 section 7.4.2.
 * Lenient: unbalanced brackets, missing domains and stray text still give addresses.
 * @internal
 */
export function parseAddressList(value: string): EnvelopeAddress[] {
  const out: EnvelopeAddress[] = [];
  let current: Token[] = [];
  let angle = 0;
  let inGroup = false;
  const flush = (): void => {
    const address = toAddress(current);
    if (address) out.push(address);
    current = [];
  };
  for (const t of tokenize(value)) {
    const special = t.kind === 'special' ? t.text : '';
    if (special === '<') angle++;
    else if (special === '>') angle = Math.max(0, angle - 1);
    if (angle === 0 && special === ':' && !inGroup && !current.some((x) => x.text === '@')) {
      out.push({ name: null, adl: null, mailbox: phrase(current) ?? '', host: null });
      current = [];
      inGroup = true;
    } else if (angle === 0 && special === ',') flush();
    else if (angle === 0 && special === ';') {
      // Outside a group, some mailers separate addresses with ';': read it as a comma.
      flush();
      if (inGroup) out.push({ name: null, adl: null, mailbox: null, host: null });
      inGroup = false;
    } else current.push(t);
  }
  flush();
  if (inGroup) out.push({ name: null, adl: null, mailbox: null, host: null });
  return out;
}
