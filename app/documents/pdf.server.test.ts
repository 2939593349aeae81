import { describe, expect, test } from 'vitest'
import type { LetterDocument, Section } from './model'
import { renderLetter } from './pdf.server'
import { flat, pdfFonts, pdfInfo, pdfPages, pdfStructure, pdfText, previewPages } from './test-support'

const NORDIC = 'æøåÆØÅäöÄÖ ÁáČčĐđŊŋŠšŦŧŽž'
const NAME = 'Áile Ŋuollaš Čiekču'

function letter(sections: Section[]): LetterDocument {
  return {
    lang: 'nb',
    title: 'Svar på kravet ditt om innsyn',
    summary: 'Svar på et krav om innsyn, referansenummer FJ-2026-0042',
    organisation: 'Fjordkanten Dyreklinikk',
    date: new Date('2026-03-02T10:00:00Z'),
    running: { reference: 'Referansenummer: FJ-2026-0042', date: '2. mars 2026', page: (page, pages) => `Side ${page} av ${pages}` },
    sections,
  }
}

describe('renderLetter', () => {
  test('every Nordic and Sámi letter comes back from the PDF exactly, in every kind of block', async () => {
    const pdf = await renderLetter(
      letter([
        { heading: `Overskrift ${NORDIC}`, blocks: [{ kind: 'heading', text: `Underoverskrift ${NAME}` }, { kind: 'paragraph', text: `Avsnitt ${NORDIC} ${NAME}` }] },
        {
          blocks: [
            { kind: 'bullets', items: [`Punkt ${NAME}`] },
            { kind: 'facts', rows: [{ label: 'Navn', value: NAME }] },
            { kind: 'table', caption: `Tabell ${NORDIC}`, columns: ['Navn', NORDIC], rows: [[NAME, NORDIC]] },
          ],
        },
      ]),
    )
    const text = pdfText(pdf)
    for (const expected of [`Overskrift ${NORDIC}`, `Underoverskrift ${NAME}`, `Avsnitt ${NORDIC} ${NAME}`, `Punkt ${NAME}`, `Tabell ${NORDIC}`]) {
      expect(text).toContain(expected)
    }
    expect(text.split(NAME).length - 1).toBeGreaterThanOrEqual(5)
    const fonts = pdfFonts(pdf)
    expect(fonts).toMatch(/\+DejaVuSans\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/)
    expect(fonts).toMatch(/\+DejaVuSans-Bold\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/)
    expect(fonts).not.toMatch(/Helvetica|Times|Courier/)
  })

  test('a letter drawn after others still gives back every letter: the fonts the documents share carry the text of each glyph', async () => {
    // č and å are drawn from c and a with an accent; a letter of plain c and a after them must not lose those.
    await renderLetter(letter([{ blocks: [{ kind: 'paragraph', text: `Først ${NORDIC} ${NAME}` }] }]))
    const plain = 'abc acca cab ABC Caca'
    const pdf = await renderLetter(letter([{ blocks: [{ kind: 'paragraph', text: plain }, { kind: 'table', columns: ['a', 'c'], rows: [['cc', 'aa']] }] }]))
    const text = pdfText(pdf)
    expect(text).toContain(plain)
    expect(text).toContain('cc aa')
  })

  test('writes title, author, subject, language and the answer’s date into the metadata', async () => {
    const pdf = await renderLetter(letter([{ blocks: [{ kind: 'paragraph', text: 'Hei' }] }]))
    const info = pdfInfo(pdf)
    expect(info.CreationDate).toBe('2026-03-02T10:00:00Z')
    expect(info.ModDate).toBe('2026-03-02T10:00:00Z')
    expect(info.Title).toBe('Svar på kravet ditt om innsyn')
    expect(info.Author).toBe('Fjordkanten Dyreklinikk')
    expect(info.Subject).toBe('Svar på et krav om innsyn, referansenummer FJ-2026-0042')
    expect(info['Page size']).toContain('A4')
    const raw = pdf.toString('latin1')
    expect(raw).toContain('/Lang (nb)')
    expect(raw).toContain('/DisplayDocTitle true')
  })

  test('a 2,000-row table spans many pages, each with the header row, the page header and "page N of M", and never splits a row', async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => [
      String(i + 1),
      `start-${i + 1}`,
      i % 13 === 0 ? `${NAME} har skrevet en lang beskrivelse som må brytes over flere linjer i cellen sin, ${'og den fortsetter '.repeat(6)}til slutt.` : 'Kort tekst',
      `end-${i + 1}`,
    ])
    const started = performance.now()
    const pdf = await renderLetter(letter([{ heading: 'Journaler for dyret', blocks: [{ kind: 'table', columns: ['Nr.', 'Første kolonne', 'Beskrivelse', 'Siste kolonne'], rows }] }]))
    expect(performance.now() - started).toBeLessThan(20_000)
    const pages = pdfPages(pdf)
    expect(pages.length).toBeGreaterThan(20)
    expect(Number(pdfInfo(pdf).Pages)).toBe(pages.length)

    const pageOf = { start: new Map<number, number>(), end: new Map<number, number>() }
    pages.forEach((page, index) => {
      const text = flat(page)
      expect(text, `page ${index + 1}`).toContain('Fjordkanten Dyreklinikk')
      expect(text, `page ${index + 1}`).toContain('Referansenummer: FJ-2026-0042')
      expect(text, `page ${index + 1}`).toContain(`Side ${index + 1} av ${pages.length}`)
      expect(text, `page ${index + 1}`).toContain('Nr. Første kolonne Beskrivelse Siste kolonne')
      for (const kind of ['start', 'end'] as const) {
        for (const m of page.matchAll(new RegExp(`\\b${kind}-(\\d+)\\b`, 'g'))) {
          expect(pageOf[kind].has(Number(m[1])), `${kind}-${m[1]} once`).toBe(false)
          pageOf[kind].set(Number(m[1]), index)
        }
      }
    })
    expect(pageOf.start.size).toBe(2000)
    expect(pageOf.end.size).toBe(2000)
    const split = [...pageOf.start].filter(([row, page]) => pageOf.end.get(row) !== page)
    expect(split, 'rows whose first and last cells are on different pages').toEqual([])
    previewPages(pdf, 'table-2000-rows', [1, 2, pages.length])
  }, 60_000)

  test('a cell taller than a page continues on the next page, with every word in order', async () => {
    const words = Array.from({ length: 2500 }, (_, i) => `ord${i}`)
    const pdf = await renderLetter(letter([{ blocks: [{ kind: 'table', columns: ['Nr.', 'Notat'], rows: [['1', words.join(' ')], ['2', 'etter']] }] }]))
    const pages = pdfPages(pdf)
    expect(pages.length).toBeGreaterThan(1)
    const found = [...pdfText(pdf).matchAll(/\bord(\d+)\b/g)].map((m) => Number(m[1]))
    expect(found).toEqual(words.map((_, i) => i))
    expect(flat(pages.at(-1) ?? '')).toContain('etter')
  })

  test('a word too long for its column is broken between characters, and nothing of it is lost', async () => {
    const token = `${'https://example.no/'}${'a1b2c3'.repeat(60)}`
    const pdf = await renderLetter(letter([{ blocks: [{ kind: 'table', columns: ['Nr.', 'Adresse', 'Merknad'], rows: [['1', token, 'kort'.repeat(30)]] }] }]))
    expect(pdfText(pdf).replace(/\s/g, '')).toContain(token)
  })

  test('a table with more columns than fit side by side is written one row at a time, every heading beside its value', async () => {
    const columns = Array.from({ length: 14 }, (_, i) => `Felt ${i + 1}`)
    const rows = Array.from({ length: 30 }, (_, r) => columns.map((_, c) => `verdi-${r + 1}-${c + 1}`))
    const pdf = await renderLetter(letter([{ heading: 'Bred tabell', blocks: [{ kind: 'table', columns, rows }] }]))
    const text = pdfText(pdf)
    for (let r = 1; r <= 30; r++) for (let c = 1; c <= 14; c++) expect(text).toContain(`Felt ${c} verdi-${r}-${c}`)
    previewPages(pdf, 'table-wide', [1])
  })

  test('is tagged for screen readers: headings, lists and tables are in the structure tree; running heads and repeated table headers are not', async () => {
    const rows = Array.from({ length: 150 }, (_, i) => [String(i + 1), `rad ${i + 1}`])
    const pdf = await renderLetter(
      letter([
        { blocks: [{ kind: 'facts', rows: [{ label: 'Til', value: `${NAME}\naile@example.no` }] }, { kind: 'paragraph', text: 'Hei' }] },
        { heading: 'Kategorier', blocks: [{ kind: 'heading', text: 'Underoverskrift' }, { kind: 'bullets', items: ['Navn', 'Adresse'] }, { kind: 'table', caption: 'Journaler', columns: ['Nr.', 'Tekst'], rows }] },
      ]),
    )
    expect(pdfInfo(pdf).Tagged).toBe('yes')
    const structure = pdfStructure(pdf)
    expect(structure).toMatch(/^Document\n {2}H1 \(block\)\n {4}"Svar på kravet ditt om innsyn"/)
    expect(structure).toMatch(/TH:\n\s+\/Scope \/Row\n\s+"Til"\n\s+TD\n\s+"Áile Ŋuollaš Čiekču aile@example.no"/)
    expect(structure).toMatch(/H2 \(block\)\n\s+"Kategorier"/)
    expect(structure).toMatch(/H3 \(block\)\n\s+"Underoverskrift"/)
    expect(structure).toMatch(/L \(block\)\n\s+LI \(block\)\n\s+Lbl \(block\)\n\s+"•"\n\s+LBody \(block\)\n\s+"Navn"/)
    expect(structure).toMatch(/H3 \(block\)\n\s+"Journaler"\n\s+Table \(block\)\n\s+TR\n\s+TH:\n\s+\/Scope \/Column\n\s+"Nr\."/)
    expect(pdfPages(pdf).length).toBeGreaterThan(2)
    expect(structure.match(/\/Scope \/Column/g)).toHaveLength(2)
    expect(structure.match(/\bTD\b/g)).toHaveLength(1 + 2 * 150)
    expect(structure).not.toContain('Side 1 av')
    expect(structure).not.toContain('Referansenummer: FJ-2026-0042')
  })
})
