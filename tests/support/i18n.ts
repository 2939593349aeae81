import type { Page } from 'playwright-core'
import type { Language } from '~/domain/languages'
import { fixedT } from '~/i18n/i18n'

// Tests find things by the words a person sees, in the page's language, read
// from the same locale files the portal uses.

export function tFor(lang: Language) {
  return fixedT(lang, ['common', 'request', 'errors', 'emails', 'officer'])
}

/** Makes text safe to put in a RegExp. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** Fails the test on any uncaught error or console error in the page (hydration mismatches, failed scripts). */
export function watchPageErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`))
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console.error: ${message.text()}`)
  })
  return errors
}
