import type { Language } from '~/vocabulary'

// Articles of the GDPR cited as each language's official text cites them
// (docs/decisions/011): the grounds carry them in one short notation,
// "Art. 15(1)(a)" or "Art. 11(2), 12(2)", and a letter, an email or a page
// says them in its reader's language: "artikel 15, stk. 1, litra a" (da),
// "artikkel 15 nr. 1 bokstav a" (no), "15 artiklan 1 kohdan a alakohta" (fi),
// "Article 15(1)(a)" (en). Anything else (a national act's section, "databeskyttelsesloven § 22") is left as written.

type Ref = { article: string; paragraph?: string; point?: string }

/** An article, its paragraph, and a point only within a paragraph: 15, 15(1), 15(1)(a). */
const REF = /^(\d+)(?:\((\d+)\)(?:\(([a-z])\))?)?$/

function parse(citation: string): Ref[] | null {
  const match = /^Art\. (.+)$/.exec(citation.trim())
  if (!match) return null
  const refs: Ref[] = []
  for (const part of match[1]!.split(/,\s*/)) {
    const ref = REF.exec(part.replace(/^Art\. /, ''))
    if (!ref) return null
    refs.push({ article: ref[1]!, paragraph: ref[2], point: ref[3] })
  }
  return refs
}

const ONE: Record<Language, (r: Ref) => string> = {
  en: (r) => `${r.article}${r.paragraph ? `(${r.paragraph})` : ''}${r.point ? `(${r.point})` : ''}`,
  da: (r) => `artikel ${r.article}${r.paragraph ? `, stk. ${r.paragraph}` : ''}${r.point ? `, litra ${r.point}` : ''}`,
  no: (r) => `artikkel ${r.article}${r.paragraph ? ` nr. ${r.paragraph}` : ''}${r.point ? ` bokstav ${r.point}` : ''}`,
  // The last part in the nominative, those before it in the genitive: "15 artiklan 1 kohdan a alakohta".
  fi: (r) => (r.point ? `${r.article} artiklan ${r.paragraph} kohdan ${r.point} alakohta` : r.paragraph ? `${r.article} artiklan ${r.paragraph} kohta` : `${r.article} artikla`),
}

const AND: Record<Language, string> = { en: 'and', da: 'og', no: 'og', fi: 'ja' }

/** A citation in the short notation, in the reader's language's official style. */
export function citeArticle(citation: string, lang: Language): string {
  const refs = parse(citation)
  if (!refs) return citation
  const parts = refs.map(ONE[lang])
  const joined = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} ${AND[lang]} ${parts.at(-1)}` : parts[0]!
  if (lang === 'en') return `${parts.length > 1 ? 'Articles' : 'Article'} ${joined}`
  // Danish sets off a list's items that end in a paragraph or point with a comma before "og".
  if (lang === 'da' && parts.length > 1 && (refs.at(-2)!.paragraph || refs.at(-2)!.point)) return `${parts.slice(0, -1).join(', ')}, og ${parts.at(-1)}`
  return joined
}
