import type { MessageFacts } from '../message/facts.js';
import type { FilterAction, FilterCondition, FilterDoc } from './model.js';

/** What the filters decided for one delivery. */
export interface FilterOutcome {
  /** Mailbox named by the last `move` that ran; the default place when undefined. */
  mailbox?: string;
  /** Flags and keywords to set on the stored copy (`\Seen` for `seen`). */
  flags: string[];
  /** True when a `discard` ran: no copy is stored (forwards still go out). */
  discard: boolean;
  /** Addresses that `forward` actions named, without duplicates. */
  forward: string[];
  /** Names of the filters that matched, in order (for the delivery log). */
  matched: string[];
}

/** What a condition may look at besides the message itself. */
export interface EvaluationInput {
  facts: MessageFacts;
  spam: boolean;
}

/**
 * Runs the enabled filters in order: each matching filter's actions apply in turn, and a `stop`
 * action ends the evaluation (later filters do not run).
 */
export function evaluateFilters(
  filters: readonly FilterDoc[],
  input: EvaluationInput,
): FilterOutcome {
  const outcome: FilterOutcome = { flags: [], discard: false, forward: [], matched: [] };
  for (const filter of filters) {
    if (!filter.enabled || !matches(filter, input)) continue;
    outcome.matched.push(filter.name);
    if (applyActions(filter.actions, outcome) === 'stop') break;
  }
  return outcome;
}

function matches(filter: FilterDoc, input: EvaluationInput): boolean {
  if (filter.conditions.length === 0) return true;
  const test = (condition: FilterCondition) => holds(condition, input) !== (condition.not === true);
  return filter.match === 'any' ? filter.conditions.some(test) : filter.conditions.every(test);
}

function holds(condition: FilterCondition, { facts, spam }: EvaluationInput): boolean {
  switch (condition.field) {
    case 'from':
      return compareText([facts.from], condition.op, condition.value);
    case 'to':
      return compareText([facts.to, facts.cc], condition.op, condition.value);
    case 'subject':
      return compareText(facts.header('subject'), condition.op, condition.value);
    case 'list-id':
      return compareText(facts.header('list-id'), condition.op, condition.value);
    case 'header':
      return compareText(facts.header(condition.name), condition.op, condition.value);
    case 'size':
      return condition.op === 'over' ? facts.size > condition.bytes : facts.size < condition.bytes;
    case 'has-attachment':
      return facts.hasAttachment;
    case 'spam':
      return spam;
  }
}

function compareText(values: string[], op: string, expected = ''): boolean {
  const present = values.filter((value) => value !== '');
  if (op === 'exists') return present.length > 0;
  const wanted = expected.toLowerCase();
  return present.some((value) => {
    const actual = value.toLowerCase();
    if (op === 'is') return actual === wanted;
    if (op === 'starts-with') return actual.startsWith(wanted);
    if (op === 'ends-with') return actual.endsWith(wanted);
    return actual.includes(wanted);
  });
}

function applyActions(actions: readonly FilterAction[], outcome: FilterOutcome): 'stop' | 'next' {
  for (const action of actions) {
    switch (action.type) {
      case 'move':
        outcome.mailbox = action.mailbox;
        break;
      case 'flag':
        outcome.flags.push(...action.flags);
        break;
      case 'seen':
        outcome.flags.push('\\Seen');
        break;
      case 'discard':
        outcome.discard = true;
        break;
      case 'forward':
        for (const to of action.to) if (!outcome.forward.includes(to)) outcome.forward.push(to);
        break;
      case 'stop':
        return 'stop';
    }
  }
  return 'next';
}
