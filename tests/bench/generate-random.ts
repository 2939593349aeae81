// A small, fast, seeded pseudo-random generator (sfc32, seeded through
// splitmix32), so the same seed gives the same benchmark database.

export type Random = {
  /** [0, 1) */
  next(): number
  /** An integer in [0, n). */
  int(n: number): number
  /** An integer in [min, max]. */
  between(min: number, max: number): number
  chance(p: number): boolean
  pick<T>(items: readonly T[]): T
  /** One of the items, by weight (a table made once with weighted()). */
  weighted<T>(table: Weighted<T>): T
}

export type Weighted<T> = { items: T[]; cumulative: Float64Array; total: number }

export function weighted<T>(pairs: ReadonlyArray<readonly [T, number]>): Weighted<T> {
  const cumulative = new Float64Array(pairs.length)
  let total = 0
  pairs.forEach(([, w], i) => {
    total += w
    cumulative[i] = total
  })
  return { items: pairs.map(([item]) => item), cumulative, total }
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x9e3779b9) >>> 0
    let z = s
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
    return (z ^ (z >>> 16)) >>> 0
  }
}

export function seededRandom(seed: number, stream = 0): Random {
  const init = splitmix32((seed * 0x27d4eb2d + stream * 0x165667b1) >>> 0)
  let a = init()
  let b = init()
  let c = init()
  let d = init()
  const u32 = () => {
    const t = (((a + b) >>> 0) + d) >>> 0
    d = (d + 1) >>> 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) >>> 0
    c = ((c << 21) | (c >>> 11)) >>> 0
    c = (c + t) >>> 0
    return t
  }
  for (let i = 0; i < 12; i++) u32()
  const next = () => u32() / 4294967296
  const random: Random = {
    next,
    int: (n) => Math.floor(next() * n),
    between: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)]!,
    weighted: (table) => {
      const x = next() * table.total
      const cum = table.cumulative
      let lo = 0
      let hi = cum.length - 1
      while (lo < hi) {
        const mid = (lo + hi) >> 1
        if (cum[mid]! > x) hi = mid
        else lo = mid + 1
      }
      return table.items[lo]!
    },
  }
  return random
}
