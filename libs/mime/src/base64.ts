import type { EncodingRecipe, LineRun } from './types.js';
import { MAX_RECIPE_AFFIX_BYTES, MAX_RECIPE_LINE_RUNS } from './limits.js';

// Byte values, declared per module: imported bindings cost a lookup in every scanning loop.
const CR = 0x0d;
const LF = 0x0a;
const SP = 0x20;
const TAB = 0x09;

/** Longest non-canonical ending kept verbatim (a quantum plus stray characters). */
const MAX_FINAL_QUANTUM_CHARS = 8;

function isSpace(c: number | undefined): boolean {
  return c === CR || c === LF || c === SP || c === TAB;
}

/** Splits a body into leading white space, encoded core and trailing white space. @internal */
export function trimSpace(body: Buffer): { prefix: string; core: Buffer; suffix: string } {
  let s = 0;
  let e = body.length;
  while (s < e && isSpace(body[s])) s++;
  while (e > s && isSpace(body[e - 1])) e--;
  return {
    prefix: body.toString('latin1', 0, s),
    core: body.subarray(s, e),
    suffix: body.toString('latin1', e),
  };
}

/** Line lengths of the core as runs, or null when line endings are mixed or bare CR. */
function lineRuns(core: Buffer): { runs: LineRun[]; eol: '\r\n' | '\n' | null } | null {
  const runs: LineRun[] = [];
  let eol: '\r\n' | '\n' | null = null;
  let start = 0;
  for (;;) {
    const lf = core.indexOf(LF, start);
    const stop = lf < 0 ? core.length : lf;
    const crlf = lf > 0 && core[lf - 1] === CR;
    if (lf >= 0) {
      const kind = crlf ? '\r\n' : '\n';
      if (eol !== null && eol !== kind) return null;
      eol = kind;
    }
    const length = stop - (crlf ? 1 : 0) - start;
    const last = runs[runs.length - 1];
    if (last && last.length === length) last.count++;
    else runs.push({ length, count: 1 });
    if (lf < 0) break;
    start = lf + 1;
  }
  return { runs, eol };
}

/** Whether every line but the last has one length and the last is not longer. */
function isRegular(runs: LineRun[]): boolean {
  if (runs.length === 1) return true;
  return runs.length === 2 && runs[1]!.count === 1 && runs[1]!.length <= runs[0]!.length;
}

/** The encoded characters of the core without line endings, read from its end. */
function lastChars(core: Buffer, n: number): string {
  let out = '';
  for (let i = core.length - 1; i >= 0 && out.length < n; i--) {
    if (core[i] !== CR && core[i] !== LF) out = String.fromCharCode(core[i]!) + out;
  }
  return out;
}

/**
 * Derives a base64 recipe from the original bytes (line lengths, line ending, white space
 * around the text, a non-canonical last quantum). The caller verifies it by re-encoding.
 * @internal
 */
export function base64Recipe(body: Buffer): { decoded: Buffer; recipe: EncodingRecipe } | null {
  const { prefix, core, suffix } = trimSpace(body);
  if (prefix.length > MAX_RECIPE_AFFIX_BYTES || suffix.length > MAX_RECIPE_AFFIX_BYTES) return null;
  if (core.includes(CR) && !core.includes(LF)) return null;
  const lines = lineRuns(core);
  if (!lines || lines.runs.length > MAX_RECIPE_LINE_RUNS) return null;
  const lineEnding = lines.eol ?? (suffix.startsWith('\r\n') ? '\r\n' : '\n');
  const decoded = Buffer.from(core.toString('latin1'), 'base64');
  const recipe: EncodingRecipe = { encoding: 'base64', lineLength: 0, lineEnding, prefix, suffix };
  const { runs } = lines;
  if (!isRegular(runs)) recipe.lineRuns = runs;
  else if (runs.length > 1 || runs[0]!.count > 1) recipe.lineLength = runs[0]!.length;
  // Encoders that leave stray bits or drop padding end in a non-canonical quantum (RFC 4648 3.5).
  const total = runs.reduce((sum, r) => sum + r.length * r.count, 0);
  const canonical = Math.ceil(decoded.length / 3) * 4;
  const keep = total - Math.max(0, canonical - 4);
  const tail = lastChars(core, MAX_FINAL_QUANTUM_CHARS + 1);
  if (keep > 0 && keep <= MAX_FINAL_QUANTUM_CHARS) {
    const expected = decoded.subarray(Math.max(0, canonical / 4 - 1) * 3).toString('base64');
    if (tail.slice(-keep) !== expected || total !== canonical)
      recipe.finalQuantum = tail.slice(-keep);
  }
  return { decoded, recipe };
}
