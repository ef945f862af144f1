import type { ObjectId } from 'mongodb';
import { z } from 'zod';

/** Longest text a condition compares against, in characters: keeps matching cheap. */
export const MAX_CONDITION_VALUE_CHARS = 1_000;
/** Most conditions or actions in one filter. */
export const MAX_FILTER_PARTS = 50;
/** Most filters one user may keep: all of them are read at every delivery. */
export const MAX_FILTERS_PER_USER = 200;

const text = z.string().min(1).max(MAX_CONDITION_VALUE_CHARS);
const textOp = z.enum(['contains', 'is', 'starts-with', 'ends-with', 'exists']);

/** One test on the message; `not` inverts it. Text comparisons ignore case. */
export const conditionSchema = z.discriminatedUnion('field', [
  z.object({
    field: z.enum(['from', 'to', 'subject', 'list-id']),
    op: textOp,
    value: text.optional(),
    not: z.boolean().optional(),
  }),
  z.object({
    field: z.literal('header'),
    name: z.string().regex(/^[\x21-\x39\x3b-\x7e]{1,100}$/, 'must be a header field name'),
    op: textOp,
    value: text.optional(),
    not: z.boolean().optional(),
  }),
  z.object({
    field: z.literal('size'),
    op: z.enum(['over', 'under']),
    bytes: z.number().int().nonnegative(),
    not: z.boolean().optional(),
  }),
  z.object({ field: z.literal('has-attachment'), not: z.boolean().optional() }),
  z.object({ field: z.literal('spam'), not: z.boolean().optional() }),
]);

/** One thing a matching filter does. */
export const actionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('move'), mailbox: z.string().min(1).max(1_000) }),
  z.object({
    type: z.literal('flag'),
    flags: z
      .array(z.string().regex(/^\\?[\x21-\x7e]{1,100}$/, 'must be a flag or keyword'))
      .min(1)
      .max(MAX_FILTER_PARTS),
  }),
  z.object({ type: z.literal('seen') }),
  z.object({ type: z.literal('discard') }),
  z.object({ type: z.literal('forward'), to: z.array(z.string().min(3).max(320)).min(1).max(10) }),
  z.object({ type: z.literal('stop') }),
]);

/** What a caller gives to create a filter. */
export const filterInputSchema = z.object({
  name: z.string().min(1).max(200),
  enabled: z.boolean().default(true),
  /** Filters run in ascending order; ties by creation. */
  order: z.number().int().default(0),
  /** `all`: every condition must hold; `any`: one is enough. No conditions always match. */
  match: z.enum(['all', 'any']).default('all'),
  conditions: z.array(conditionSchema).max(MAX_FILTER_PARTS),
  actions: z.array(actionSchema).min(1).max(MAX_FILTER_PARTS),
});

/** A condition of a filter. */
export type FilterCondition = z.infer<typeof conditionSchema>;
/** An action of a filter. */
export type FilterAction = z.infer<typeof actionSchema>;
/** A filter as a caller writes it (defaults not yet applied). */
export type FilterInput = z.input<typeof filterInputSchema>;

/** One filter as stored in {@link FILTERS}. */
export interface FilterDoc extends z.output<typeof filterInputSchema> {
  _id: ObjectId;
  user: ObjectId;
  createdAt: Date;
}
