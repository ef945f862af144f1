/**
 * UID ranges per VANISHED response: RFC 7162 section 4 asks for lines of at most 8192 octets,
 * and a range (`4294967000:4294967295,`) takes at most 22; longer sets go out as several lines.
 */
export const MAX_VANISHED_RANGES_PER_LINE = 300;

/** A UID, or an inclusive `[from, to]` range of UIDs. */
export type UidOrRange = number | readonly [from: number, to: number];

/**
 * Writes `* VANISHED [(EARLIER)] uid-set` (RFC 7162 section 3.2.10) for UIDs and UID ranges in
 * any order, merged into compact ranges (`1:3,7`) and split over several responses when the set
 * is long. Nothing to report gives no bytes.
 */
export function vanishedResponse(uids: Iterable<UidOrRange>, earlier: boolean): Buffer {
  const ranges = [...uids]
    .map((item): [number, number] => (typeof item === 'number' ? [item, item] : [item[0], item[1]]))
    .filter(([from, to]) => from <= to)
    .sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const range of ranges) {
    const last = merged.at(-1);
    if (last && range[0] <= last[1] + 1) last[1] = Math.max(last[1], range[1]);
    else merged.push(range);
  }
  const texts = merged.map(([from, to]) => (from === to ? String(from) : `${from}:${to}`));
  const prefix = earlier ? '* VANISHED (EARLIER) ' : '* VANISHED ';
  const lines: string[] = [];
  for (let start = 0; start < texts.length; start += MAX_VANISHED_RANGES_PER_LINE) {
    const chunk = texts.slice(start, start + MAX_VANISHED_RANGES_PER_LINE);
    lines.push(`${prefix}${chunk.join(',')}\r\n`);
  }
  return Buffer.from(lines.join(''), 'latin1');
}
