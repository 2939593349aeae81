import AxeBuilder from '@axe-core/playwright'
import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import type { Language } from '~/domain/languages'
import { fixedT } from '~/i18n/i18n'

// One axe scan for WCAG 2.2 AA, as every accessibility test runs it.

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']

/**
 * Scans the page with axe and returns each violation, named and located (up
 * to five elements each), for the test to collect and assert empty at the end.
 * axe runs in the page itself (its "legacy" mode): the same rules on the same
 * document, without the blank page the default mode opens to merge results
 * from other origins' frames, which the portal's pages do not have.
 */
export async function axeViolations(page: Page, name: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(WCAG_TAGS).setLegacyMode().analyze()
  // An empty page would pass too: make sure axe really looked at this one.
  expect(result.passes.length, `axe checked ${name}`).toBeGreaterThan(10)
  return result.violations.map((v) => {
    const where = v.nodes.slice(0, 5).map((n) => `      ${n.target.join(' ')}: ${n.failureSummary?.replace(/\s+/g, ' ') ?? ''}`)
    return `${name} (${page.url()}): ${v.id} [${v.impact}] ${v.help}\n${where.join('\n')}`
  })
}

/**
 * WCAG 2.4.2 and 1.3.1 as a person meets them: one level-one heading, and a
 * page title that says what it says, after "Error:" when the form has errors
 * and before the service's name, in the page's language (from its address).
 */
export async function titleProblems(page: Page, name: string): Promise<string[]> {
  const lang = new URL(page.url()).pathname.split('/')[1] as Language
  const t = fixedT(lang, ['common'])
  const problems: string[] = []
  const heading = (await page.getByRole('heading', { level: 1 }).allTextContents()).map((h) => h.trim())
  if (heading.length !== 1) problems.push(`${name}: ${heading.length} level-one headings`)
  const errorPrefix = (await page.getByRole('alert').count()) > 0 ? `${t('common:errorPrefix')} ` : ''
  const title = await page.title()
  if (title !== `${errorPrefix}${heading[0]} – ${t('common:serviceName')}`) problems.push(`${name}: the title "${title}" does not match the heading "${heading[0]}"`)
  return problems
}
