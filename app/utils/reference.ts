import { randomInt } from 'node:crypto'

// Reference numbers are read aloud on the phone and typed from letters, so the
// alphabet leaves out look-alikes (0/O, 1/I/L, 5/S, 2/Z, 8/B) and U/V.
// Eight symbols of 23, shown as two groups of four: 23^8 ≈ 7.8e10 numbers.
const ALPHABET = '34679ACDEFGHJKMNPQRTWXY'

export function generateReference(pick: (n: number) => number = randomInt): string {
  let s = ''
  for (let i = 0; i < 8; i++) s += ALPHABET[pick(ALPHABET.length)]
  return `${s.slice(0, 4)}-${s.slice(4)}`
}

/** Accepts what people type: lower case, spaces, missing or extra dashes. */
export function normaliseReference(input: string): string | null {
  const compact = input.toUpperCase().replace(/[\s-]/g, '')
  if (compact.length !== 8 || [...compact].some((c) => !ALPHABET.includes(c))) return null
  return `${compact.slice(0, 4)}-${compact.slice(4)}`
}
