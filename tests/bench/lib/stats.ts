// Median and spread of repeated measurements, and the order runs interleave in.

export type Stats = { median: number; min: number; max: number; q1: number; q3: number; n: number; samples: number[] }

/** The value at fraction p (0..1) of the sorted samples, interpolated. */
export function quantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  const at = (sorted.length - 1) * p
  const lo = Math.floor(at)
  const hi = Math.ceil(at)
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo)
}

export function stats(samples: readonly number[]): Stats {
  const sorted = [...samples].filter((x) => Number.isFinite(x)).sort((a, b) => a - b)
  return {
    median: quantile(sorted, 0.5),
    min: sorted[0] ?? Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
    q1: quantile(sorted, 0.25),
    q3: quantile(sorted, 0.75),
    n: sorted.length,
    samples: [...samples],
  }
}

/** The 95th percentile of one run's latencies. */
export const p95 = (latencies: readonly number[]) => quantile([...latencies].sort((a, b) => a - b), 0.95)

/**
 * Runs each measurement `repeats` times, interleaved (A B A B …, or A B C A B C …),
 * so that a change in the machine's load falls on all of them alike.
 */
export async function interleaved<K extends string>(repeats: number, runs: Record<K, () => Promise<number>>): Promise<Record<K, Stats>> {
  const keys = Object.keys(runs) as K[]
  const samples = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<K, number[]>
  for (let i = 0; i < repeats; i++) for (const k of keys) samples[k].push(await runs[k]())
  return Object.fromEntries(keys.map((k) => [k, stats(samples[k])])) as Record<K, Stats>
}
