import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core'

// Debian's Chromium, headless, never reaching for the network on its own.
const ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-gpu', '--no-first-run']

let current: Browser | null = null

export async function launchBrowser(): Promise<Browser> {
  current = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS })
  return current
}

/** A page in a fresh context (its own cookies), with or without JavaScript. */
export async function newPage(opts: { javaScriptEnabled?: boolean; browser?: Browser } & Pick<BrowserContextOptions, 'locale' | 'extraHTTPHeaders'> = {}): Promise<Page> {
  const browser = opts.browser ?? current
  if (!browser) throw new Error('launchBrowser() first')
  const context = await browser.newContext({
    javaScriptEnabled: opts.javaScriptEnabled ?? true,
    locale: opts.locale,
    extraHTTPHeaders: opts.extraHTTPHeaders,
  })
  // Fail sooner than playwright's default 30 s when something never appears, with room for a busy machine.
  context.setDefaultTimeout(20_000)
  const page = await context.newPage()
  if (opts.javaScriptEnabled ?? true) {
    // A click or a keystroke while React is still hydrating a new document
    // forces hydration to finish at once, which fails while Remix is still
    // decoding the page's data (React error #345). People rarely act within
    // those milliseconds; a test does, so it waits until the page has hydrated.
    const goto = page.goto.bind(page)
    page.goto = async (url, options) => {
      const response = await goto(url, options)
      await page.locator('html[data-hydrated]').waitFor({ state: 'attached' })
      return response
    }
  }
  return page
}

/** A page in a fresh context signed in as an officer, with the cookie signedInCookie() makes (its value, or the whole `__officer=…`). */
export async function officerPage(appUrl: string, cookie: string, opts: Parameters<typeof newPage>[0] & { viewport?: { width: number; height: number } } = {}): Promise<Page> {
  const { viewport, ...rest } = opts
  const page = await newPage(rest)
  if (viewport) await page.setViewportSize(viewport)
  await page.context().addCookies([{ name: '__officer', value: cookie.replace(/^__officer=/, ''), url: appUrl }])
  return page
}
