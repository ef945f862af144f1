/** Stable codes of the errors this lib throws (listed in its README). */
export type DeliveryErrorCode =
  | 'DELIVERY_INVALID_FILTER'
  | 'DELIVERY_INVALID_VACATION'
  | 'DELIVERY_LOOP'
  | 'DELIVERY_TOO_MANY_FILTERS';

/** An error of the delivery lib: a stable code and a message safe to show to the caller. */
export class DeliveryError extends Error {
  constructor(
    readonly code: DeliveryErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}
