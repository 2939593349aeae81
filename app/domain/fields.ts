import { z } from 'zod'
import { cleanLine, cleanText } from '~/utils/text'

// Field schemas shared by the forms (through the routes) and the domain
// functions, which check their input again: a rule lives here once. Messages
// are locale keys.

/** Free text, normalised (app/utils/text.ts), required. */
export function requiredText(requiredKey: string, max = 5000, tooLongKey = 'officer:errors.tooLong') {
  return z
    .string({ required_error: requiredKey, invalid_type_error: requiredKey })
    .transform(cleanText)
    // Conform reads a value cleaned to '' as missing: it is the same error, not zod's "Required".
    .pipe(z.string({ required_error: requiredKey }).min(1, requiredKey).max(max, tooLongKey))
}

export function optionalText(max = 5000, tooLongKey = 'officer:errors.tooLong') {
  return z
    .string()
    .optional()
    .transform((v) => (v === undefined ? undefined : cleanText(v)))
    .pipe(z.string().max(max, tooLongKey).optional())
    .transform((v) => (v ? v : undefined))
}

/** One line (a name), normalised, required. */
export function requiredLine(requiredKey: string, max: number, tooLongKey: string) {
  return z
    .string({ required_error: requiredKey, invalid_type_error: requiredKey })
    .transform(cleanLine)
    .pipe(z.string({ required_error: requiredKey }).min(1, requiredKey).max(max, tooLongKey))
}

export function optionalLine(max: number, tooLongKey: string) {
  return z
    .string()
    .optional()
    .transform((v) => (v === undefined ? undefined : cleanLine(v)))
    .pipe(z.string().max(max, tooLongKey).optional())
    .transform((v) => (v ? v : undefined))
}
