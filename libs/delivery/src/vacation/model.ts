import type { ObjectId } from 'mongodb';
import { z } from 'zod';

/** Longest autoreply body, in characters. */
export const MAX_VACATION_TEXT_CHARS = 20_000;
/** Longest autoreply days interval a user may choose (RFC 3834 suggests days, not years). */
export const MAX_VACATION_INTERVAL_DAYS = 365;

/** What a caller gives to set a vacation autoreply. */
export const vacationInputSchema = z
  .object({
    enabled: z.boolean().default(true),
    subject: z.string().min(1).max(500).optional(),
    text: z.string().min(1).max(MAX_VACATION_TEXT_CHARS),
    /** First and last moment the autoreply is active; open-ended when absent. */
    start: z.coerce.date().optional(),
    end: z.coerce.date().optional(),
    /** Days before the same sender gets another reply; the deployment default when absent. */
    intervalDays: z.number().int().min(1).max(MAX_VACATION_INTERVAL_DAYS).optional(),
  })
  .refine((v) => !v.start || !v.end || v.start <= v.end, 'start must not be after end');

/** A vacation autoreply as a caller writes it. */
export type VacationInput = z.input<typeof vacationInputSchema>;

/** A user's vacation autoreply as stored in {@link VACATIONS} (one per user, `_id` = user). */
export interface VacationDoc extends z.output<typeof vacationInputSchema> {
  _id: ObjectId;
  updatedAt: Date;
}

/** True when the autoreply is enabled and `now` lies within its date range. */
export function vacationActive(doc: VacationDoc, now: Date): boolean {
  if (!doc.enabled) return false;
  if (doc.start && now < doc.start) return false;
  if (doc.end && now > doc.end) return false;
  return true;
}
