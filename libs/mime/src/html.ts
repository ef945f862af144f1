/** Named character references common in mail; others are left as written. */
const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  copy: '©',
  reg: '®',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  laquo: '«',
  raquo: '»',
  euro: '€',
};

function decodeEntity(match: string, body: string): string {
  if (body[0] === '#') {
    const code =
      body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : Number(body.slice(1));
    return Number.isInteger(code) && code > 0 && code <= 0x10ffff
      ? String.fromCodePoint(code)
      : match;
  }
  return ENTITIES[body.toLowerCase()] ?? match;
}

/** Elements whose content is not text. */
const SKIPPED = new Set(['script', 'style', 'head', 'title']);
/** Elements that break lines. */
const BLOCKS = new Set(['p', 'div', 'br', 'tr', 'li', 'h1', 'h2', 'h3', 'table', 'blockquote']);

/** Where scanning resumes after the tag that starts at `lt` and ends at `gt`. */
function skipElement(html: string, name: string, gt: number): number {
  if (!SKIPPED.has(name)) return gt + 1;
  const close = new RegExp(`</${name}\\s*>`, 'gi');
  close.lastIndex = gt + 1;
  const m = close.exec(html);
  return m ? m.index + m[0].length : html.length;
}

/**
 * Plain text of an HTML document for search and previews: scripts, styles and comments dropped,
 * block-level tags turned into line breaks, other tags removed, character references decoded.
 * One pass over the input, so hostile markup costs linear time.
 * @internal
 */
export function htmlToText(html: string): string {
  const out: string[] = [];
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      out.push(html.slice(i));
      break;
    }
    out.push(html.slice(i, lt));
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      out.push(' ');
      i = end < 0 ? html.length : end + 3;
      continue;
    }
    const gt = html.indexOf('>', lt + 1);
    if (gt < 0) {
      out.push(html.slice(lt));
      break;
    }
    const name = (
      /^\/?([a-z][a-z0-9]*)/i.exec(html.slice(lt + 1, Math.min(gt, lt + 12)))?.[1] ?? ''
    ).toLowerCase();
    out.push(BLOCKS.has(name) ? '\n' : ' ');
    i = html[lt + 1] === '/' ? gt + 1 : skipElement(html, name, gt);
  }
  return out.join('').replace(/&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,8});/gi, decodeEntity);
}
