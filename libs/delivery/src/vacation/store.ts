import type { Store } from '@mailstore/storage';
import type { Collection, ObjectId } from 'mongodb';
import { DeliveryError } from '../errors.js';
import { vacationInputSchema, type VacationDoc, type VacationInput } from './model.js';

/** Collection of vacation autoreplies, one document per user. */
export const VACATIONS = 'vacations';

function vacationsOf(store: Store): Collection<VacationDoc> {
  return store.db.collection<VacationDoc>(VACATIONS);
}

/** Validates and stores the user's vacation autoreply, replacing any earlier one. */
export async function setVacation(
  store: Store,
  user: ObjectId,
  input: VacationInput,
): Promise<VacationDoc> {
  const parsed = vacationInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || 'vacation';
    throw new DeliveryError(
      'DELIVERY_INVALID_VACATION',
      `${where}: ${issue?.message ?? 'invalid'}`,
    );
  }
  const doc: VacationDoc = { ...parsed.data, _id: user, updatedAt: new Date() };
  await vacationsOf(store).replaceOne({ _id: user }, doc, { upsert: true });
  return doc;
}

/** The user's vacation autoreply, or null. */
export async function getVacation(store: Store, user: ObjectId): Promise<VacationDoc | null> {
  return vacationsOf(store).findOne({ _id: user });
}

/** Removes the user's vacation autoreply. */
export async function clearVacation(store: Store, user: ObjectId): Promise<void> {
  await vacationsOf(store).deleteOne({ _id: user });
}
