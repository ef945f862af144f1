// Latency samples per command and the `metric: value unit` lines the benchmark prints.

/** Latencies in milliseconds, by command name. */
export type Samples = Map<string, number[]>;

/** Adds one latency sample. */
export function record(samples: Samples, name: string, ms: number): void {
  const list = samples.get(name);
  if (list) list.push(ms);
  else samples.set(name, [ms]);
}

/** The p-th percentile (nearest rank) of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] ?? Number.NaN;
}

/** Prints ops/s, p50 and p99 for every command in `order`, over `elapsedMs` of wall time. */
export function printCommandMetrics(
  samples: Samples,
  order: readonly string[],
  elapsedMs: number,
): void {
  for (const name of order) {
    const sorted = [...(samples.get(name) ?? [])].sort((a, b) => a - b);
    const metric = `imap_${name}`;
    console.log(`${metric}_ops_per_s: ${(sorted.length / (elapsedMs / 1000)).toFixed(1)} ops/s`);
    console.log(`${metric}_p50: ${percentile(sorted, 50).toFixed(1)} ms`);
    console.log(`${metric}_p99: ${percentile(sorted, 99).toFixed(1)} ms`);
  }
}
