import fs from 'node:fs'
import { createRequire } from 'node:module'
import type PDFDocument from 'pdfkit'
import { lazyRequire } from '~/utils/lazy-require'
import type { Block, LetterDocument, Section } from './model'

// Draws a letter (app/documents/model.ts) as an A4 PDF. Full DejaVu Sans TTFs
// are embedded, because the built-in Helvetica garbles Ŋ and Č and subsetted
// web fonts lose æ ø å Á: every Nordic and Sámi letter must come back from
// copy and paste (and pdftotext) exactly as it was written.
//
// The PDF is tagged: headings, paragraphs, lists and tables are in its
// structure tree, so a screen reader can move through the letter by them,
// and the running head, foot and rules are marked as artifacts, not text of
// the letter. Pages are buffered so that every page's head and foot are
// drawn at the end, when the number of pages is known ("page 2 of 7").

declare global {
  namespace PDFKit.Mixins {
    // pdfkit 0.20 reads a table header cell's scope; @types/pdfkit 0.17 does not know it yet.
    interface StructureElementOptions {
      scope?: 'Row' | 'Column'
    }
  }
}

const require = createRequire(import.meta.url)
const FONT_FILE = {
  regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
}
/** The names the fonts are registered under in each document. */
const FONT = { regular: 'DejaVuSans', bold: 'DejaVuSans-Bold' } as const

// pdfkit reads and parses a font file anew for every document, and decoding
// its tables and glyphs again was a fifth of the time a long letter took.
// Parsed once here, with the fontkit pdfkit itself uses, each document only
// subsets them. One thing in a parsed font must not pass from one document to
// the next: fontkit keeps each glyph it has met with the characters it was
// met for, which become the PDF's text of that glyph (what a copy or a screen
// reader gets). A glyph first met as part of another (the c of č, while a
// document's fonts are subset) is kept with none, and every c of a later
// document would be lost. So before each document the glyphs kept without
// characters are forgotten; the rest are kept, as they would be met again.
type Glyph = { codePoints?: number[] }
type ParsedFont = { _glyphs: Record<number, Glyph | undefined> }
type Fontkit = { create: (data: Buffer) => ParsedFont }
let parsedFonts: Record<keyof typeof FONT_FILE, ParsedFont> | undefined

// pdfkit and fontkit are loaded with the first letter, not with the portal: loading them
// (and the Unicode tables they unpack) was a tenth of its start-up, and most processes
// that import this module (the server, the command line) draw no letter for a long time.
const pdfkit = lazyRequire<typeof PDFDocument>('pdfkit')
let fontkit: Fontkit | undefined
const pdfkitsFontkit = () => (fontkit ??= createRequire(require.resolve('pdfkit'))('fontkit') as Fontkit)

/** The fonts for a new document. Everything a document does with them happens in renderLetter's one synchronous run, so no two documents use them at once. */
function sharedFonts(fontkit: Fontkit) {
  parsedFonts ??= { regular: fontkit.create(fs.readFileSync(FONT_FILE.regular)), bold: fontkit.create(fs.readFileSync(FONT_FILE.bold)) }
  for (const font of Object.values(parsedFonts)) {
    if (typeof font._glyphs !== 'object') throw new Error('fontkit no longer keeps its glyphs in _glyphs: the shared fonts cannot be checked')
    for (const [id, glyph] of Object.entries(font._glyphs)) if (!glyph?.codePoints?.length) delete font._glyphs[Number(id)]
  }
  return parsedFonts
}

const MARGIN = { top: 78, bottom: 70, left: 60, right: 60 }
const SIZE = { title: 17, heading: 12.5, subheading: 10.5, body: 10, small: 8.5, table: 8.5, running: 8 }
const COLOR = { text: '#1a1a1a', muted: '#505050', rule: '#a0a0a0', strongRule: '#404040', headerFill: '#ececec', link: '#1d4f91' }
const GAP = { paragraph: 7, beforeSubheading: 8, afterHeading: 5, beforeHeading: 12, section: 8 }
const LINE_GAP = 2
const CELL = { padX: 4, padY: 3, lineGap: 1.5 }
/** More columns than this do not fit side by side on A4 portrait in a readable size. */
const MAX_COLUMNS = 8
const MIN_LINK_SIZE = 6.5
/** Widths are sums of measured glyphs: without a little slack, a word exactly as wide as its column would not fit it. */
const SLACK = 0.01

export async function renderLetter(letter: LetterDocument): Promise<Buffer> {
  const PDFDocument = pdfkit()
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    // A standard font, never used nor embedded: the letter's own are registered below, already parsed.
    font: 'Helvetica',
    lang: letter.lang,
    displayTitle: true,
    tagged: true,
    pdfVersion: '1.7',
    info: {
      Title: letter.title,
      Author: letter.organisation,
      Subject: letter.summary,
      Creator: letter.organisation,
      // The answer's own date, never the wall clock: the same answer renders the same metadata.
      CreationDate: letter.date,
      ModDate: letter.date,
    },
  })
  const chunks: Buffer[] = []
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })

  const parsed = sharedFonts(pdfkitsFontkit())
  doc.registerFont(FONT.regular, parsed.regular as unknown as string).registerFont(FONT.bold, parsed.bold as unknown as string)
  doc.font(FONT.regular)

  const root = doc.struct('Document')
  doc.addStructure(root)
  writeText(doc, root, 'H1', letter.title, MARGIN.left, contentWidth(doc), { font: FONT.bold, size: SIZE.title })
  doc.y += GAP.section
  for (const section of letter.sections) writeSection(doc, root, section)
  root.end()
  writeRunningHeadAndFoot(doc, letter)
  doc.end()
  return finished
}

type Doc = PDFKit.PDFDocument
type Struct = PDFKit.PDFStructureElement

const contentWidth = (doc: Doc) => doc.page.width - MARGIN.left - MARGIN.right
const contentBottom = (doc: Doc) => doc.page.height - MARGIN.bottom

/** Marked content carries over to the next page only through continueOnNewPage, never through addPage. */
const newPage = (doc: Doc) => doc.continueOnNewPage()

/** Starts a new page unless `height` still fits on this one (or this page is still empty). */
function ensureSpace(doc: Doc, height: number) {
  if (doc.y + height > contentBottom(doc) && doc.y > MARGIN.top) newPage(doc)
}

function lineHeight(doc: Doc, font: string, size: number, gap = LINE_GAP) {
  return doc.font(font).fontSize(size).currentLineHeight(true) + gap
}

/** Structure elements hold the letter; everything else drawn (rules, fills, repeated headers) is an artifact. */
function container(doc: Doc, parent: Struct, type: string): Struct {
  const element = doc.struct(type)
  parent.add(element)
  return element
}

function artifact(doc: Doc, draw: () => void, type?: 'Pagination') {
  doc.markContent('Artifact', type ? { type } : undefined)
  draw()
  doc.endMarkedContent()
}

type TextStyle = { font: string; size: number; color?: string; link?: string }

/**
 * Flowing text, wrapped here at spaces only: pdfkit would also break after a
 * hyphen or a slash, splitting an email address or a web address over two
 * lines, and a person copying it would get a broken one. A paragraph never
 * leaves a single line at the foot of a page.
 */
function writeText(doc: Doc, parent: Struct, tag: string, text: string, x: number, width: number, style: TextStyle) {
  doc.font(style.font).fontSize(style.size)
  const lines = wrapText(doc, text, width)
  const lh = doc.currentLineHeight(true) + LINE_GAP
  ensureSpace(doc, Math.min(lines.length, 2) * lh)
  parent.add(
    doc.struct(tag, {}, () => {
      lines.forEach((line, i) => {
        if (i > 0 && doc.y + lh > contentBottom(doc)) newPage(doc)
        doc.font(style.font).fontSize(style.size).fillColor(style.color ?? COLOR.text)
        doc.text(line, x, doc.y, { lineBreak: false, ...(style.link ? { link: style.link, underline: true } : {}) })
        doc.y += lh
      })
    }),
  )
  doc.fillColor(COLOR.text)
}

/** A web address is shown whole on one line, smaller if it must be, so that it can be copied as it is. */
function linkSize(doc: Doc, url: string, width: number) {
  doc.font(FONT.regular).fontSize(SIZE.body)
  const natural = doc.widthOfString(url)
  return natural <= width ? SIZE.body : Math.max(MIN_LINK_SIZE, (SIZE.body * width) / natural)
}

/** Headings become the PDF's bookmarks: a section's heading, and below it its sub-headings and table captions. */
function writeSection(doc: Doc, root: Struct, section: Section) {
  const element = container(doc, root, 'Sect')
  let outline = doc.outline
  if (section.heading) {
    doc.y += GAP.beforeHeading
    // A heading never ends a page: it stays with the first lines of what it introduces.
    ensureSpace(doc, lineHeight(doc, FONT.bold, SIZE.heading) * 2 + lineHeight(doc, FONT.regular, SIZE.body) * 3)
    outline = doc.outline.addItem(section.heading)
    writeText(doc, element, 'H2', section.heading, MARGIN.left, contentWidth(doc), { font: FONT.bold, size: SIZE.heading })
    doc.y += GAP.afterHeading
  }
  for (const block of section.blocks) writeBlock(doc, element, block, outline)
  element.end()
  doc.y += GAP.section
}

function writeSubheading(doc: Doc, parent: Struct, text: string, outline: PDFKit.PDFOutline, keepWith: number) {
  doc.y += GAP.beforeSubheading
  ensureSpace(doc, lineHeight(doc, FONT.bold, SIZE.subheading) + keepWith)
  outline.addItem(text)
  writeText(doc, parent, 'H3', text, MARGIN.left, contentWidth(doc), { font: FONT.bold, size: SIZE.subheading })
  doc.y += 3
}

function writeBlock(doc: Doc, parent: Struct, block: Block, outline: PDFKit.PDFOutline) {
  const left = MARGIN.left
  const width = contentWidth(doc)
  switch (block.kind) {
    case 'heading':
      writeSubheading(doc, parent, block.text, outline, lineHeight(doc, FONT.regular, SIZE.body) * 3)
      return
    case 'paragraph': {
      const style: TextStyle = block.link
        ? { font: FONT.regular, size: linkSize(doc, block.text, width), color: COLOR.link, link: block.link }
        : block.style === 'small'
          ? { font: FONT.regular, size: SIZE.small, color: COLOR.muted }
          : { font: block.style === 'strong' ? FONT.bold : FONT.regular, size: SIZE.body }
      writeText(doc, parent, 'P', block.text, left, width, style)
      doc.y += GAP.paragraph
      return
    }
    case 'bullets': {
      const list = container(doc, parent, 'L')
      const indent = 14
      for (const text of block.items) {
        const item = container(doc, list, 'LI')
        // Room for two lines, so that the bullet never stays behind when its text moves to the next page.
        ensureSpace(doc, lineHeight(doc, FONT.regular, SIZE.body) * 2)
        const y = doc.y
        writeText(doc, item, 'Lbl', '•', left + 3, indent, { font: FONT.regular, size: SIZE.body })
        doc.y = y
        writeText(doc, item, 'LBody', text, left + indent, width - indent, { font: FONT.regular, size: SIZE.body })
        item.end()
        doc.y += 3
      }
      list.end()
      doc.y += GAP.paragraph - 3
      return
    }
    case 'facts': {
      const table = container(doc, parent, 'Table')
      writeGrid(doc, table, { widths: labelWidths(doc, block.rows.map((r) => r.label), width), rows: block.rows.map((r) => [r.label, r.value]), rowHeaders: true, ruled: false })
      table.end()
      doc.y += GAP.paragraph
      return
    }
    case 'table': {
      if (block.caption) writeSubheading(doc, parent, block.caption, outline, lineHeight(doc, FONT.regular, SIZE.table) * 5)
      const proportions = block.widths
      const widths = proportions ? proportions.map((w) => (width * w) / sum(proportions)) : columnWidths(doc, block.columns, block.rows, width)
      const table = container(doc, parent, 'Table')
      if (widths) writeGrid(doc, table, { widths, header: block.columns, rows: block.rows, rowHeaders: false, ruled: true })
      else writeRecords(doc, table, block.columns, block.rows, width)
      table.end()
      doc.y += GAP.paragraph + 3
      return
    }
  }
}

type Grid = { widths: number[]; header?: string[]; rows: string[][]; rowHeaders: boolean; ruled: boolean }

/**
 * Rows of wrapped cells. A row is never split across pages unless it is
 * taller than a whole page; a table's header row starts every page it is on
 * (in the structure tree once, as the table's header). Cells are wrapped
 * here rather than by pdfkit so that a row's height is known before it is
 * drawn.
 */
function writeGrid(doc: Doc, table: Struct, grid: Grid) {
  const lh = lineHeight(doc, FONT.regular, SIZE.table, CELL.lineGap)
  const padY = grid.ruled ? CELL.padY : 1.5
  const width = sum(grid.widths)
  const bold = grid.widths.map((_, i) => grid.rowHeaders && i === 0)
  const headerLines = grid.header ? wrapCells(doc, grid.header, grid.widths, grid.widths.map(() => true)) : null
  const headerHeight = headerLines ? rowHeight(headerLines, lh, padY) : 0
  const linesPerPage = Math.floor((contentBottom(doc) - MARGIN.top - headerHeight - 2 * padY) / lh)

  const drawHeader = (tagged: boolean) => {
    if (!headerLines) return
    artifact(doc, () => doc.rect(MARGIN.left, doc.y, width, headerHeight).fill(COLOR.headerFill))
    const cells = () => drawCells(doc, headerLines, grid.widths, grid.widths.map(() => true), lh, padY, tagged ? { row: container(doc, table, 'TR'), type: 'TH' } : null)
    if (tagged) cells()
    else artifact(doc, cells)
    artifact(doc, () => rule(doc, doc.y, width, 0.8, COLOR.strongRule))
  }
  const continueTable = () => {
    newPage(doc)
    drawHeader(false)
  }

  const firstRow = grid.rows[0] ? wrapCells(doc, grid.rows[0], grid.widths, bold) : []
  ensureSpace(doc, headerHeight + Math.min(rowHeight(firstRow, lh, padY), lh * 3 + 2 * padY))
  drawHeader(true)

  for (const row of grid.rows) {
    let cells = wrapCells(doc, row, grid.widths, bold)
    for (;;) {
      const needed = Math.max(1, ...cells.map((c) => c.length))
      const fitting = Math.floor((contentBottom(doc) - doc.y - 2 * padY) / lh)
      const tags = (): RowTags => ({ row: container(doc, table, 'TR'), type: 'TD' })
      if (needed <= fitting) {
        drawCells(doc, cells, grid.widths, bold, lh, padY, tags())
        break
      }
      const pageIsEmpty = doc.y <= MARGIN.top + headerHeight + 0.5
      if (fitting < 1 || (!pageIsEmpty && needed <= linesPerPage)) {
        continueTable()
        continue
      }
      // Taller than a page: the only row that may continue on the next one.
      drawCells(doc, cells.map((c) => c.slice(0, fitting)), grid.widths, bold, lh, padY, tags())
      cells = cells.map((c) => c.slice(fitting))
      continueTable()
    }
    if (grid.ruled) artifact(doc, () => rule(doc, doc.y, width, 0.3, COLOR.rule))
  }
  doc.x = MARGIN.left
}

function rowHeight(cells: string[][], lh: number, padY: number) {
  return Math.max(1, ...cells.map((c) => c.length)) * lh + 2 * padY
}

function wrapCells(doc: Doc, row: string[], widths: number[], bold: boolean[]): string[][] {
  return widths.map((w, i) => {
    doc.font(bold[i] ? FONT.bold : FONT.regular).fontSize(SIZE.table)
    return wrapText(doc, row[i] ?? '', w - 2 * CELL.padX)
  })
}

type RowTags = { row: Struct; type: 'TH' | 'TD' }

/**
 * Draws one row (or the part of a tall row that fits) at doc.y and moves
 * below it; with `tags`, each cell becomes a TH or TD of the row (a bold
 * first cell of a TD row is the row's header).
 */
function drawCells(doc: Doc, cells: string[][], widths: number[], bold: boolean[], lh: number, padY: number, tags: RowTags | null) {
  const top = doc.y
  let x = MARGIN.left
  // Once for the row (a row never spans a page break): each cell sets only its font.
  doc.fillColor(COLOR.text)
  cells.forEach((lines, i) => {
    const cellX = x
    const draw = () => {
      doc.font(bold[i] ? FONT.bold : FONT.regular).fontSize(SIZE.table)
      lines.forEach((line, n) => doc.text(line, cellX + CELL.padX, top + padY + n * lh, { lineBreak: false }))
    }
    if (!tags) draw()
    else if (tags.type === 'TH' || bold[i]) tags.row.add(doc.struct('TH', { scope: tags.type === 'TH' ? 'Column' : 'Row' }, draw))
    else tags.row.add(doc.struct('TD', {}, draw))
    x += widths[i] ?? 0
  })
  tags?.row.end()
  doc.y = top + rowHeight(cells, lh, padY)
}

function rule(doc: Doc, y: number, width: number, thickness: number, color: string) {
  doc.save().moveTo(MARGIN.left, y).lineTo(MARGIN.left + width, y).lineWidth(thickness).strokeColor(color).stroke().restore()
}

/**
 * Greedy word wrap with the current font; a word wider than the line is
 * broken between characters. A line that ends at a space or a line break
 * keeps a trailing space: text is read from the PDF line by line, and
 * without it a screen reader or a copy would run the last word of one line
 * into the first of the next.
 */
function wrapText(doc: Doc, text: string, width: number): string[] {
  const lines: string[] = []
  const space = doc.widthOfString(' ')
  const paragraphs = text.split(/\r\n|\r|\n/)
  paragraphs.forEach((paragraph, p) => {
    let line: string | null = null
    let lineWidth = 0
    const words = paragraph.split(' ')
    const lastOfText = p === paragraphs.length - 1 ? words.length - 1 : -1
    words.forEach((word, w) => {
      const wordWidth = measureWord(doc, word, w === lastOfText, space)
      if (line !== null && lineWidth + space + wordWidth <= width + SLACK) {
        line += ` ${word}`
        lineWidth += space + wordWidth
        return
      }
      if (line !== null) lines.push(`${line} `)
      if (wordWidth <= width + SLACK) {
        line = word
        lineWidth = wordWidth
        return
      }
      const pieces = breakWord(doc, word, width)
      const last = pieces.pop() ?? ''
      lines.push(...pieces)
      line = last
      lineWidth = doc.widthOfString(last)
    })
    lines.push(p < paragraphs.length - 1 ? `${line ?? ''} ` : (line ?? ''))
  })
  return lines
}

/**
 * A word's width as drawn. pdfkit lays text out (the costly part of drawing
 * it) a space-ended run at a time and keeps each run's layout: "a b c" is
 * "a ", "b " and "c". Measuring "b " (less the space: DejaVu kerns nothing
 * against a space, so it is exact) lays out what drawing the line will
 * reuse, where measuring "b" would lay the word out a second time. Only the
 * text's last word is drawn without a space after it.
 */
function measureWord(doc: Doc, word: string, lastOfText: boolean, space: number): number {
  return lastOfText ? doc.widthOfString(word) : doc.widthOfString(`${word} `) - space
}

function breakWord(doc: Doc, word: string, width: number): string[] {
  const pieces: string[] = []
  let piece = ''
  for (const char of word) {
    if (piece && doc.widthOfString(piece + char) > width + SLACK) {
      pieces.push(piece)
      piece = ''
    }
    piece += char
  }
  pieces.push(piece)
  return pieces
}

/**
 * Column widths as browsers lay out an automatic table: each column gets at
 * least its longest word (its whole heading where the line allows), and the
 * rest of the line is shared in proportion to how much more each column's
 * text needs. Null when the columns cannot fit side by side without
 * breaking words: such a table is better read one row at a time.
 */
function columnWidths(doc: Doc, columns: string[], rows: string[][], total: number): number[] | null {
  if (columns.length > MAX_COLUMNS) return null
  const pad = 2 * CELL.padX
  const least = columns.map(() => 0)
  const most = columns.map(() => 0)
  const measure = (text: string, i: number) => {
    const lines = text.split(/\r\n|\r|\n/)
    lines.forEach((line, l) => {
      most[i] = Math.max(most[i] ?? 0, doc.widthOfString(line) + pad)
      const space = doc.widthOfString(' ')
      const words = line.split(' ')
      words.forEach((word, w) => (least[i] = Math.max(least[i] ?? 0, measureWord(doc, word, l === lines.length - 1 && w === words.length - 1, space) + pad)))
    })
  }
  doc.font(FONT.bold).fontSize(SIZE.table)
  columns.forEach(measure)
  const headings = columns.map((c) => doc.widthOfString(c) + pad)
  doc.font(FONT.regular).fontSize(SIZE.table)
  for (const row of rows) columns.forEach((_, i) => measure(row[i] ?? '', i))
  if (sum(least) > total) return null
  const max = most.map((w) => Math.min(w, total))
  const withHeadings = least.map((w, i) => Math.max(w, headings[i] ?? 0))
  const min = sum(withHeadings) <= total ? withHeadings : least
  const sumMin = sum(min)
  const sumMax = sum(max)
  if (sumMax <= total) return max.map((w) => w + ((total - sumMax) * w) / sumMax)
  const spread = sumMax - sumMin
  return min.map((w, i) => w + ((total - sumMin) * ((max[i] ?? 0) - w)) / spread)
}

/** A table too wide for the page, one row at a time: each row a block of "column: value" lines, kept on one page where it fits. */
function writeRecords(doc: Doc, table: Struct, columns: string[], rows: string[][], total: number) {
  const widths = labelWidths(doc, columns, total)
  const lh = lineHeight(doc, FONT.regular, SIZE.table, CELL.lineGap)
  const pageHeight = contentBottom(doc) - MARGIN.top
  for (const row of rows) {
    const fields = columns.map((column, i) => [column, row[i] ?? ''])
    const height = sum(fields.map((field) => rowHeight(wrapCells(doc, field, widths, [true, false]), lh, CELL.padY)))
    if (height < pageHeight) ensureSpace(doc, height + 1)
    artifact(doc, () => rule(doc, doc.y, total, 0.8, COLOR.strongRule))
    writeGrid(doc, table, { widths, rows: fields, rowHeaders: true, ruled: true })
    doc.y += 8
  }
}

/** A label column as wide as its longest label, up to 38 % of the line. */
function labelWidths(doc: Doc, labels: string[], total: number): number[] {
  doc.font(FONT.bold).fontSize(SIZE.table)
  const widest = Math.max(0, ...labels.map((label) => doc.widthOfString(label))) + 2 * CELL.padX + 8
  const label = Math.min(widest, total * 0.38)
  return [label, total - label]
}

function writeRunningHeadAndFoot(doc: Doc, letter: LetterDocument) {
  const { start, count } = doc.bufferedPageRange()
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i)
    const right = doc.page.width - MARGIN.right
    const width = right - MARGIN.left
    const headY = 36
    const footY = doc.page.height - 46
    const page = letter.running.page(i - start + 1, count)
    artifact(
      doc,
      () => {
        // lineBreak: false keeps pdfkit from starting a new page for text in the margins.
        doc.font(FONT.bold).fontSize(SIZE.running).fillColor(COLOR.muted)
        doc.text(letter.organisation, MARGIN.left, headY, { lineBreak: false })
        doc.font(FONT.regular)
        doc.text(letter.running.reference, right - doc.widthOfString(letter.running.reference), headY, { lineBreak: false })
        doc.text(letter.running.date, MARGIN.left, footY, { lineBreak: false })
        doc.text(page, right - doc.widthOfString(page), footY, { lineBreak: false })
        rule(doc, headY + 14, width, 0.5, COLOR.rule)
        rule(doc, footY - 6, width, 0.5, COLOR.rule)
      },
      'Pagination',
    )
  }
  doc.fillColor(COLOR.text)
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0)
