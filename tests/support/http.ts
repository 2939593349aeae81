// A browser without JavaScript, reduced to what link tests need: real HTTP
// requests to the running portal, with cookies kept between them.

export type Reply = { status: number; location: string | null; html: string }

export class HttpClient {
  private cookies = new Map<string, string>()

  constructor(
    private readonly base: string,
    private readonly defaultHeaders: Record<string, string> = {},
  ) {}

  /** A cookie's value as the server set it. */
  cookie(name: string): string | undefined {
    return this.cookies.get(name)
  }

  async get(path: string): Promise<Reply> {
    return this.send(path, { method: 'GET' })
  }

  /** Posts a form, as a browser does without JavaScript; pairs for a field sent more than once (checkboxes). */
  async post(path: string, form: Record<string, string> | Array<[string, string]> = {}): Promise<Reply> {
    return this.send(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    })
  }

  private async send(path: string, init: RequestInit): Promise<Reply> {
    const url = path.startsWith('http') ? path : this.base + path
    const headers = new Headers({ ...this.defaultHeaders, ...Object.fromEntries(new Headers(init.headers)) })
    if (this.cookies.size) headers.set('Cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '))
    const response = await fetch(url, { ...init, headers, redirect: 'manual' })
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';')
      const eq = pair.indexOf('=')
      const name = pair.slice(0, eq).trim()
      const value = pair.slice(eq + 1).trim()
      if (value === '' || /max-age=0/i.test(cookie)) this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
    return { status: response.status, location: response.headers.get('location'), html: await response.text() }
  }
}

/** The text of a page with tags removed and entities decoded enough for assertions. */
export function textOf(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
}
