import type { parsePhoneNumberFromString } from 'libphonenumber-js'
import { lazyRequire } from '~/utils/lazy-require'
import type { CALLING_CODES } from '~/utils/phone'

// libphonenumber-js and its metadata take about 80 ms to load: the server
// loads them the first time a number is read, not at start-up (decision 027).
const libphonenumber = lazyRequire<{ parsePhoneNumberFromString: typeof parsePhoneNumberFromString }>('libphonenumber-js')

/**
 * A phone number as one key however it is written ("+45 31 41 59 26",
 * "0045 31415926", "31 41 59 26", "tel:+4531415926"), read with libphonenumber-js
 * in the organisation's country when it has no country code: the number in
 * E.164 form, or null when it cannot be a phone number at all (letters, too
 * few or too many digits for the country). A number the numbering plan does
 * not assign (the demo's invented +45 00 00 10 01) is still a number: it is
 * kept as written, never shortened.
 */
export function phoneE164(input: string, country: keyof typeof CALLING_CODES): string | null {
  if (input.length > 64) return null
  const parsed = libphonenumber().parsePhoneNumberFromString(input.trim(), country)
  return parsed?.isPossible() ? parsed.number : null
}
