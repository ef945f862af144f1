import type { IndexDefinition } from '@mailstore/db';
import { DEDUP_INDEX } from './deliver/dedup.js';
import { FILTER_INDEXES } from './filters/store.js';

export { confirmDelivery, DEDUP_INDEX, findDuplicate, storeOnce } from './deliver/dedup.js';
export {
  deliverToRecipient,
  type DeliveryDeps,
  type DeliveryRecipient,
  type DeliveryResult,
  type SrsReturnRecipient,
} from './deliver/deliver.js';
export { readIncoming, type IncomingMessage } from './deliver/incoming.js';
export { DeliveryError, type DeliveryErrorCode } from './errors.js';
export { evaluateFilters, type EvaluationInput, type FilterOutcome } from './filters/evaluate.js';
export {
  actionSchema,
  conditionSchema,
  filterInputSchema,
  MAX_CONDITION_VALUE_CHARS,
  MAX_FILTER_PARTS,
  MAX_FILTERS_PER_USER,
  type FilterAction,
  type FilterCondition,
  type FilterDoc,
  type FilterInput,
} from './filters/model.js';
export {
  createFilter,
  deleteFilter,
  FILTER_INDEXES,
  FILTERS,
  listFilters,
} from './filters/store.js';
export { bullPrefix, OutboundQueues } from './jobs/queues.js';
export {
  AUTOREPLY_QUEUE,
  FORWARD_QUEUE,
  MAX_JOB_BACKOFF_MS,
  retryDelayMs,
  type AutoreplyJob,
  type ForwardJob,
  type JobRetryOptions,
} from './jobs/types.js';
export {
  startOutboundWorkers,
  type OutboundWorkerOptions,
  type OutboundWorkers,
} from './jobs/worker.js';
export { readFacts, type MessageFacts } from './message/facts.js';
export { isSpam, type SpamOptions } from './message/spam.js';
export {
  SRS_HASH_CHARS,
  SRS_TIMESTAMP_SLOTS,
  srsForward,
  srsReverse,
  type SrsOptions,
  type SrsRefusal,
  type SrsReverse,
} from './srs/srs.js';
export { deliveredTo, prepend, returnPath } from './message/trace.js';
export {
  MAX_VACATION_INTERVAL_DAYS,
  MAX_VACATION_TEXT_CHARS,
  vacationActive,
  vacationInputSchema,
  type VacationDoc,
  type VacationInput,
} from './vacation/model.js';
export { claimAutoreply, releaseAutoreply } from './vacation/once.js';
export { autoreplyBlock, type AutoreplyBlock } from './vacation/rfc3834.js';
export { clearVacation, getVacation, setVacation, VACATIONS } from './vacation/store.js';

/** Every index the delivery lib reads: filters in order, messages by Message-ID. */
export const DELIVERY_INDEXES: IndexDefinition[] = [...FILTER_INDEXES, DEDUP_INDEX];
