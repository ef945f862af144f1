import type { IndexDefinition } from '@mailstore/db';
import type { Store } from '@mailstore/storage';
import { ObjectId, type Collection } from 'mongodb';
import { DeliveryError } from '../errors.js';
import {
  filterInputSchema,
  MAX_FILTERS_PER_USER,
  type FilterDoc,
  type FilterInput,
} from './model.js';

/** Collection of per-user filters. */
export const FILTERS = 'filters';

/** Indexes of {@link FILTERS}: a user's filters in evaluation order. */
export const FILTER_INDEXES: IndexDefinition[] = [
  {
    collection: FILTERS,
    key: { user: 1, order: 1, createdAt: 1 },
    options: { name: 'user_order' },
  },
];

function filtersOf(store: Store): Collection<FilterDoc> {
  return store.db.collection<FilterDoc>(FILTERS);
}

/** Validates and stores a filter; throws `DELIVERY_INVALID_FILTER` with the first problem. */
export async function createFilter(
  store: Store,
  user: ObjectId,
  input: FilterInput,
): Promise<FilterDoc> {
  const parsed = filterInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || 'filter';
    throw new DeliveryError('DELIVERY_INVALID_FILTER', `${where}: ${issue?.message ?? 'invalid'}`);
  }
  const count = await filtersOf(store).countDocuments({ user });
  if (count >= MAX_FILTERS_PER_USER) {
    throw new DeliveryError('DELIVERY_TOO_MANY_FILTERS', `at most ${MAX_FILTERS_PER_USER} filters`);
  }
  const doc: FilterDoc = { ...parsed.data, _id: new ObjectId(), user, createdAt: new Date() };
  await filtersOf(store).insertOne(doc);
  return doc;
}

/** A user's filters in evaluation order (disabled ones included). */
export async function listFilters(store: Store, user: ObjectId): Promise<FilterDoc[]> {
  return filtersOf(store)
    .find({ user })
    .sort({ order: 1, createdAt: 1 })
    .limit(MAX_FILTERS_PER_USER)
    .toArray();
}

/** Deletes one of the user's filters; false when it did not exist. */
export async function deleteFilter(store: Store, user: ObjectId, id: ObjectId): Promise<boolean> {
  const result = await filtersOf(store).deleteOne({ _id: id, user });
  return result.deletedCount === 1;
}
