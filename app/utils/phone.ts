// Telephone numbers in E.164 form (+, country code, subscriber number; at most
// 15 digits), so a number typed with spaces, hyphens or a 00 prefix compares
// equal to the one in a processor's campaign register. No numbering plan is
// checked: the portal only compares numbers, it never dials them.

const E164 = /^\+[1-9]\d{5,14}$/

/** The number in E.164 form, or null when it cannot be one. A number without a country code is read in `defaultCallingCode` (e.g. "45"). */
export function toE164(input: string, defaultCallingCode?: string): string | null {
  const compact = input.trim().replace(/[\s\u00a0().-]/g, '')
  if (compact.startsWith('+')) return E164.test(compact) ? compact : null
  if (!/^\d+$/.test(compact)) return null
  // 00 starts an international number in the Nordic countries; the demo's
  // invented numbers (+45 00 00 …) typed without their code start with it too.
  const international = compact.startsWith('00') ? `+${compact.slice(2)}` : null
  if (international && E164.test(international)) return international
  if (!defaultCallingCode) return null
  // Finland dials a trunk 0 before the area code at home; Denmark and Norway have none.
  const national = defaultCallingCode === '358' ? compact.replace(/^0/, '') : compact
  const number = `+${defaultCallingCode}${national}`
  return E164.test(number) ? number : null
}

/** The calling code of each country the portal serves. */
export const CALLING_CODES = { DK: '45', NO: '47', FI: '358' } as const
