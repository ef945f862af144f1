import { syntaxError, type Cursor } from './cursor.js';

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

function month(name: string): number {
  const index = MONTHS.indexOf(name.toUpperCase());
  if (index < 0) syntaxError('bad month in date');
  return index + 1;
}

function validDay(year: number, monthNumber: number, day: number): boolean {
  const date = new Date(Date.UTC(year, monthNumber - 1, day));
  return date.getUTCMonth() === monthNumber - 1 && date.getUTCDate() === day;
}

/** date (RFC 3501 section 9): `1-Feb-1994`, optionally quoted; returned as `YYYY-MM-DD`. */
export function searchDate(cursor: Cursor): string {
  const quoted = cursor.accept(0x22);
  const text = cursor.takeWhile((byte) => byte === 0x2d || isAlnum(byte)).toString('latin1');
  if (quoted) cursor.expect(0x22, 'closing quote of date');
  const match = /^(\d{1,2})-([A-Za-z]{3})-(\d{4})$/.exec(text);
  if (!match) return syntaxError('expected a date like 1-Feb-1994');
  const [, dayText, monthText, yearText] = match as unknown as [string, string, string, string];
  const monthNumber = month(monthText);
  if (!validDay(Number(yearText), monthNumber, Number(dayText))) syntaxError('no such day');
  return `${yearText}-${String(monthNumber).padStart(2, '0')}-${dayText.padStart(2, '0')}`;
}

/** date-time (RFC 3501 section 9): `"17-Jul-1996 02:44:25 -0700"`, as a Date. */
export function dateTime(cursor: Cursor): Date {
  const text = cursor.quoted().toString('latin1');
  const match = /^([ \d]\d)-([A-Za-z]{3})-(\d{4}) (\d\d):(\d\d):(\d\d) ([+-])(\d\d)(\d\d)$/.exec(
    text,
  );
  if (!match) return syntaxError('expected a date-time like "17-Jul-1996 02:44:25 -0700"');
  const [, day, mon, year, hh, mm, ss, sign, zh, zm] = match.map((part) => part.trim());
  const monthNumber = month(mon as string);
  if (!validDay(Number(year), monthNumber, Number(day))) syntaxError('no such day');
  if (Number(hh) > 23 || Number(mm) > 59 || Number(ss) > 60) syntaxError('bad time of day');
  const offsetMinutes = (sign === '-' ? -1 : 1) * (Number(zh) * 60 + Number(zm));
  const utc = Date.UTC(
    Number(year),
    monthNumber - 1,
    Number(day),
    Number(hh),
    Number(mm),
    Number(ss),
  );
  return new Date(utc - offsetMinutes * 60_000);
}

function isAlnum(byte: number): boolean {
  return (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7a);
}
