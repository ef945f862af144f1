import type { EncodingRecipe } from './types.js';
import type { BodyEncoder } from './body-encoder.js';

/** Characters held back so that a non-canonical final quantum can replace the last four. */
const FINAL_QUANTUM_CHARS = 4;

/** Hands out the recipe's line lengths one by one; null once a run list is used up. */
function lineLengths(recipe: EncodingRecipe): () => number | null {
  if (!recipe.lineRuns) {
    const width = recipe.lineLength > 0 ? recipe.lineLength : Infinity;
    return () => width;
  }
  const runs = recipe.lineRuns;
  let run = 0;
  let left = runs[0]?.count ?? 0;
  return () => {
    while (run < runs.length && left === 0) left = runs[++run]?.count ?? 0;
    if (run >= runs.length) return null;
    left--;
    return runs[run]!.length;
  };
}

/** Cuts a stream of base64 text into lines; the line ending goes only before a new line's text. */
function lineCutter(recipe: EncodingRecipe): {
  cut: (text: string) => string;
  finish: () => string;
} {
  const next = lineLengths(recipe);
  let room = next() ?? Infinity;
  return {
    cut(text) {
      const out: string[] = [];
      let i = 0;
      while (i < text.length) {
        if (room === 0) {
          const length = next();
          // Text beyond the run list (decoded bytes that do not match it) is written unbroken.
          if (length === null) room = Infinity;
          else {
            out.push(recipe.lineEnding);
            room = length;
          }
          continue;
        }
        const take = Math.min(room, text.length - i);
        out.push(text.slice(i, i + take));
        room -= take;
        i += take;
      }
      return out.join('');
    },
    finish() {
      // Lines the run list still holds (blank lines, or a shorter body) keep their line endings.
      let out = '';
      if (recipe.lineRuns) while (next() !== null) out += recipe.lineEnding;
      return out;
    },
  };
}

/**
 * A streaming base64 encoder (RFC 2045 section 6.8) laid out by the recipe: line lengths or
 * runs, line ending, prefix, suffix and final quantum. Output equals one-shot encoding.
 * @internal
 */
export function createBase64Encoder(recipe: EncodingRecipe): BodyEncoder {
  const lines = lineCutter(recipe);
  const hold = recipe.finalQuantum === undefined ? 0 : FINAL_QUANTUM_CHARS;
  let carry = Buffer.alloc(0);
  let held = '';
  let started = false;
  const prefix = (): string => {
    if (started) return '';
    started = true;
    return recipe.prefix;
  };
  return {
    write(decoded) {
      const data = carry.length ? Buffer.concat([carry, decoded]) : decoded;
      // Only whole 3-byte groups encode alike alone and inside the whole body.
      const usable = data.length - (data.length % 3);
      carry = Buffer.from(data.subarray(usable));
      const text = held + data.toString('base64', 0, usable);
      const emit = Math.max(0, text.length - hold);
      held = text.slice(emit);
      return Buffer.from(prefix() + lines.cut(text.slice(0, emit)), 'latin1');
    },
    end() {
      let text = held + carry.toString('base64');
      if (recipe.finalQuantum !== undefined) {
        text = text.slice(0, Math.max(0, text.length - FINAL_QUANTUM_CHARS)) + recipe.finalQuantum;
      }
      const out = prefix() + lines.cut(text) + lines.finish() + recipe.suffix;
      return Buffer.from(out, 'latin1');
    },
  };
}
