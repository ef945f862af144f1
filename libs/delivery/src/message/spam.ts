import type { DeliveryConfig } from '@mailstore/config';
import type { MessageFacts } from './facts.js';

/** How the upstream spam filter's verdict is read from the message header. */
export type SpamOptions = DeliveryConfig['spam'];

/**
 * True when the configured verdict header matches its pattern (e.g. `X-Spam-Status: Yes,
 * score=7.1`) or the score header holds a number at or above the threshold.
 */
export function isSpam(facts: MessageFacts, options: SpamOptions): boolean {
  const pattern = new RegExp(options.pattern, 'i');
  if (facts.header(options.header).some((value) => pattern.test(value))) return true;
  if (!options.scoreHeader) return false;
  return facts.header(options.scoreHeader).some((value) => {
    const score = Number.parseFloat(value);
    return Number.isFinite(score) && score >= options.scoreThreshold;
  });
}
