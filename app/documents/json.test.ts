import { describe, expect, test } from 'vitest'
import { prettyJsonParts } from './json'

describe('prettyJsonParts', () => {
  test('joined, the parts are exactly JSON.stringify(value, null, 2), at every depth', () => {
    const values: unknown[] = [
      null,
      'Áile "Ŋuollaš"\n\u2028',
      42.5,
      [],
      {},
      [[], {}, [1, [2, [3, { a: [] }]]]],
      { a: undefined, b: () => 1, c: [undefined, () => 1, null], d: new Date('2026-03-02T10:00:00Z'), e: { toJSON: () => ({ x: 1 }) } },
      {
        reference: 'KM7T-3QXH',
        organisation: { name: 'Fjordkanten Dyreklinikk', country: 'NO' },
        categories: [{ key: 'payments', fields: ['dato', 'beløb'], rows: Array.from({ length: 50 }, (_, i) => ({ dato: '2025-01-15', beløb: i * 1.5, note: i % 3 ? null : `=${i}`, ok: i % 2 === 0 })) }],
        notIncluded: [],
      },
    ]
    for (const value of values) for (const depth of [0, 1, 2, 4, 10]) expect([...prettyJsonParts(value, depth)].join('')).toBe(JSON.stringify(value, null, 2))
  })

  test('a long array comes in many parts, none of them the whole', () => {
    const rows = Array.from({ length: 1_000 }, (_, i) => ({ n: i }))
    const parts = [...prettyJsonParts({ rows })]
    expect(parts.length).toBeGreaterThan(1_000)
    expect(Math.max(...parts.map((p) => p.length))).toBeLessThan(100)
  })
})
