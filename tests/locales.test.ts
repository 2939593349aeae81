import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import YAML from 'yaml'
import { LANGUAGES } from '~/domain/languages'

// Every text a person sees exists in all four languages, and every key the
// code asks for exists. A missing key would show the key itself on the page.

type Tree = { [key: string]: string | Tree }

const NAMESPACES = fs
  .readdirSync('locales/en')
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''))
  .sort()

function load(lang: string, ns: string): Tree {
  return JSON.parse(fs.readFileSync(path.join('locales', lang, `${ns}.json`), 'utf8')) as Tree
}

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [key, value] of Object.entries(tree)) {
    const full = prefix ? `${prefix}.${key}` : key
    if (typeof value === 'string') out.set(full, value)
    else if (value && typeof value === 'object') for (const [k, v] of flatten(value, full)) out.set(k, v)
    else out.set(full, String(value))
  }
  return out
}

const english = new Map(NAMESPACES.map((ns) => [ns, flatten(load('en', ns))]))

/** {{name}} placeholders, sorted. */
const placeholders = (s: string) => [...s.matchAll(/\{\{\s*([\w.]+)\s*(?:,[^}]*)?\}\}/g)].map((m) => m[1]).sort()

describe.each(NAMESPACES)('locales/*/%s.json', (ns) => {
  const en = english.get(ns)!

  test.each(LANGUAGES.filter((l) => l !== 'en'))('%s has exactly the English keys', (lang) => {
    const file = path.join('locales', lang, `${ns}.json`)
    expect(fs.existsSync(file), `${file} exists`).toBe(true)
    const other = flatten(load(lang, ns))
    const missing = [...en.keys()].filter((k) => !other.has(k))
    const extra = [...other.keys()].filter((k) => !en.has(k))
    expect({ missing, extra }, `${file} against locales/en/${ns}.json`).toEqual({ missing: [], extra: [] })
  })

  test.each(LANGUAGES)('%s has no empty texts and the same {{placeholders}} as English', (lang) => {
    const texts = flatten(load(lang, ns))
    const empty = [...texts].filter(([, v]) => typeof v !== 'string' || v.trim() === '').map(([k]) => k)
    expect(empty, `empty texts in locales/${lang}/${ns}.json`).toEqual([])
    const mismatched = [...texts]
      .filter(([k, v]) => en.has(k) && placeholders(v).join() !== placeholders(en.get(k)!).join())
      .map(([k, v]) => `${k}: ${JSON.stringify(v)} uses {{${placeholders(v).join('}}, {{')}}} but English uses {{${placeholders(en.get(k)!).join('}}, {{')}}}`)
    expect(mismatched, `placeholders in locales/${lang}/${ns}.json`).toEqual([])
  })
})

// ---------------------------------------------------------------------------
// Keys used in the code.

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(full)
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : []
  })
}

const PLURAL_SUFFIXES = ['_zero', '_one', '_two', '_few', '_many', '_other']

function exists(ns: string, key: string): boolean {
  const keys = english.get(ns)
  if (!keys) return false
  return keys.has(key) || PLURAL_SUFFIXES.some((s) => keys.has(key + s))
}

function existsAsPrefix(ns: string, prefix: string): boolean {
  return [...(english.get(ns)?.keys() ?? [])].some((k) => k.startsWith(prefix))
}

/** The namespaces a file's unprefixed keys can come from: what it passes to useTranslation, pageT, fixedT or getFixedT, and the default. */
function namespacesOf(source: string): string[] {
  const found = new Set(['common'])
  // A module that names its keys' namespace in a comment ("keys of locales/*/officer.json").
  for (const named of source.matchAll(/keys of locales\/\*\/([a-z]+)\.json/g)) if (NAMESPACES.includes(named[1]!)) found.add(named[1]!)
  for (const call of source.matchAll(/\b(?:useTranslation|pageT|fixedT|getFixedT)\(([^)]*)\)/g)) {
    for (const literal of call[1]!.matchAll(/['"]([a-z]+)['"]/g)) if (NAMESPACES.includes(literal[1]!)) found.add(literal[1]!)
  }
  return [...found]
}

type Use = { file: string; key: string; dynamic: boolean }

function keysUsedIn(file: string): Use[] {
  const source = fs.readFileSync(file, 'utf8')
  const uses: Use[] = []
  // t('ns:key'), t("key"), t(`prefix.${x}.rest`); k(...) is the action catalogue's key (officer namespace).
  for (const m of source.matchAll(/\b[tk]\(\s*(['"])([^'"\n]+)\1/g)) uses.push({ file, key: m[2]!, dynamic: false })
  for (const m of source.matchAll(/\b[tk]\(\s*`([^`\n]+)`/g)) {
    const template = m[1]!
    const dynamic = template.includes('${')
    uses.push({ file, key: dynamic ? template.slice(0, template.indexOf('${')) : template, dynamic })
  }
  // Messages in schemas and elsewhere that are translated later: 'errors:identity.emailInvalid'.
  for (const m of source.matchAll(/['"`](errors:[A-Za-z0-9_.]+)['"`]/g)) uses.push({ file, key: m[1]!, dynamic: false })
  return uses
}

test('every translation key used in app/ and emails/ exists in English', () => {
  const files = [...sourceFiles('app'), ...sourceFiles('emails')]
  const problems: string[] = []
  let checked = 0
  for (const file of files) {
    const fileNamespaces = namespacesOf(fs.readFileSync(file, 'utf8'))
    for (const use of keysUsedIn(file)) {
      checked++
      const colon = use.key.indexOf(':')
      const candidates = colon > 0 && NAMESPACES.includes(use.key.slice(0, colon)) ? [[use.key.slice(0, colon), use.key.slice(colon + 1)] as const] : fileNamespaces.map((ns) => [ns, use.key] as const)
      const ok = candidates.some(([ns, key]) => (use.dynamic ? key === '' || existsAsPrefix(ns, key) : exists(ns, key)))
      if (!ok) problems.push(`${file}: ${use.dynamic ? `no key starts with "${use.key}"` : `"${use.key}" is not in locales/en/${candidates.map(([ns]) => ns).join('|')}.json`}`)
    }
  }
  // The scan must actually find the keys, or this test proves nothing.
  expect(checked).toBeGreaterThan(200)
  expect(problems).toEqual([])
})

// The people who work the queue are not necessarily the organisation's data
// protection officer (Art. 37–39, a role with legal duties): the staff-facing
// texts call them by their work, and keep the legal title for the real DPO.
test.each([
  ['da', /databeskyttelsesrådgiver/i],
  ['no', /personvernombud/i],
  ['fi', /tietosuojavastaav/i],
] as const)('%s: the staff-facing texts never call the people who work requests the data protection officer', (lang, title) => {
  const found = ['auth', 'common', 'emails', 'officer', 'oversight'].flatMap((ns) =>
    [...flatten(load(lang, ns))].filter(([, text]) => title.test(text)).map(([key]) => `${ns}:${key}`),
  )
  expect(found).toEqual([])
})

// ---------------------------------------------------------------------------
// The regulation's and the national laws' own words (issue #13).

const text = (lang: string, ns: string, key: string) => {
  const value = flatten(load(lang, ns)).get(key)
  if (value === undefined) throw new Error(`locales/${lang}/${ns}.json has no ${key}`)
  return value
}
const allTexts = (lang: string) => NAMESPACES.flatMap((ns) => [...flatten(load(lang, ns))].map(([key, value]) => [`${ns}:${key}`, value] as const))
const orgFile = (slug: string) => YAML.parse(fs.readFileSync(path.join('db/organisations', `${slug}.yaml`), 'utf8')) as Record<string, any>

describe('Norwegian uses the regulation’s Norwegian terms', () => {
  test('Art. 12(5): «åpenbart grunnløse eller overdrevne», never «urimelig»', () => {
    expect(text('no', 'documents', 'groundNames.manifestly_unfounded')).toBe('Kravet er åpenbart grunnløst')
    expect(text('no', 'documents', 'groundNames.excessive')).toBe('Kravet er overdrevent')
    expect(text('no', 'documents', 'groundNames.repetitive')).toBe('Kravet er overdrevent fordi det gjentas: det gjentar et tidligere krav')
    expect(allTexts('no').filter(([, v]) => /urimelig/i.test(v))).toEqual([])
  })

  test('Art. 21(1): «tvingende berettigede grunner», never «tungtveiende»', () => {
    expect(text('no', 'documents', 'groundNames.compelling_grounds')).toContain('tvingende berettigede grunner')
    expect(allTexts('no').filter(([, v]) => /tungtveiende/i.test(v))).toEqual([])
  })

  test('deadlines say «senest», not the ambiguous «innen»', () => {
    expect(text('no', 'request', 'confirmed.dueDate')).toContain('må svare deg senest {{dueDate}}')
    expect(text('no', 'emails', 'confirmed.next')).toContain('må svare deg senest {{dueDate}}')
    expect(text('no', 'request', 'start.lead')).toContain('senest én måned')
    // No date, and no count of days or months, follows «innen»; «innen fristen» (within the time limit) and timeouts are not deadlines.
    const deadlines = allTexts('no').filter(([, v]) => /innen (\{\{\s*(dueDate|date)|\d|én|en |to |den første)/i.test(v) && !/sekunder/.test(v))
    expect(deadlines).toEqual([])
  })
})

describe('Danish uses the statutory terms', () => {
  test('databeskyttelsesloven § 22: «afgørende hensyn til private interesser», the section cited once (by the ground, not again in its text)', () => {
    const [restriction] = orgFile('dyrevaernsringen').register.nationalRestrictions
    expect(restriction.key).toBe('dk_databeskyttelsesloven_22')
    expect(restriction.description.da).toContain('afgørende hensyn til private interesser')
    for (const lang of Object.keys(restriction.description)) expect(restriction.description[lang]).not.toMatch(/§\s*22|section 22/)
  })

  test('the processor’s page says «åbenbart grundløse eller overdrevne»', () => {
    const intro = orgFile('klartone-tm').intro.da as string
    expect(intro).toContain('åbenbart grundløse eller overdrevne')
    expect(intro).not.toMatch(/urimelig/)
    expect(text('da', 'documents', 'groundNames.excessive')).toMatch(/^Anmodningen er overdreven/)
  })
})

describe('Finnish: the people who work requests are not «käsittelijä» (the processor, Art. 4(8))', () => {
  const officerKeys = [
    'officer:queue.assigned', 'officer:queue.assignee', 'officer:request.assignee', 'officer:queue.assignTo', 'officer:queue.chooseAssignee',
    'officer:queue.csv.assignee', 'officer:errors.assigneeNotOfficer', 'officer:actions.assign.heading', 'officer:actions.assign.label',
    'officer:done.assign', 'officer:actor.officer', 'officer:timeline.assigned', 'oversight:digest.unassignedCount_one', 'oversight:digest.unassignedCount_other',
  ]
  test('assignee and officer texts say «vastuuhenkilö» or «asian käsittelijä»', () => {
    const fi = new Map(allTexts('fi'))
    const problems = [...fi].filter(([key, value]) => {
      const officerText = officerKeys.includes(key) || /Osoitettu|Siirretty|tiimistä|näkevät|ohitti varmennuksen|valitsevat viestipohjan/.test(value)
      return officerText && /(?<!asian |henkilötietojen )käsittelij/i.test(value)
    })
    expect(problems).toEqual([])
    expect(text('fi', 'officer', 'actions.assign.label')).toBe('Vastuuhenkilö')
  })
  test('the processor is still «käsittelijä»', () => {
    expect(text('fi', 'auth', 'organisations.kinds.processor')).toBe('Henkilötietojen käsittelijä')
    expect(text('fi', 'officer', 'assistance.instructLegend')).toContain('käsittelijän')
  })
})

describe('the "excessive" ground states the ground, not a fact (Art. 12(5))', () => {
  test.each(['da', 'no', 'fi', 'en'])('%s: only the "repetitive" ground says the request repeats an earlier one', (lang) => {
    const repeats = /gentag|gjenta|toist|repeat/i
    expect(text(lang, 'documents', 'groundNames.excessive')).not.toMatch(repeats)
    expect(text(lang, 'documents', 'groundNames.repetitive')).toMatch(repeats)
  })
})
