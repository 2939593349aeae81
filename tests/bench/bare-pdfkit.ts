import { createRequire } from 'node:module'
import PDFDocument from 'pdfkit'

// The baseline of the access PDF benchmark: bare pdfkit drawing the same
// table (the same rows and columns, the same DejaVu Sans TTF at the same
// size, on A4 with the same margins, a header row repeated on every page),
// the way pdfkit's own documentation draws one: each cell measured with
// heightOfString and drawn with text() at its width. No structure tree, no
// running head and foot: what any PDF of this table must at least cost.

const require = createRequire(import.meta.url)
const REGULAR = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')
const BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')
const MARGIN = { top: 78, bottom: 70, left: 60, right: 60 }

export async function barePdfTable(columns: readonly string[], rows: string[][]): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margins: MARGIN, font: REGULAR })
  const chunks: Buffer[] = []
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  const width = doc.page.width - MARGIN.left - MARGIN.right
  const colWidth = width / columns.length
  const bottom = doc.page.height - MARGIN.bottom
  doc.fontSize(8.5)
  const drawRow = (cells: readonly string[], font: string) => {
    doc.font(font)
    const height = Math.max(...cells.map((c) => doc.heightOfString(c, { width: colWidth - 8 }))) + 6
    if (doc.y + height > bottom) {
      doc.addPage()
      drawRow(columns, BOLD)
      doc.font(font)
    }
    const y = doc.y
    cells.forEach((c, i) => doc.text(c, MARGIN.left + i * colWidth + 4, y + 3, { width: colWidth - 8 }))
    doc.y = y + height
    doc.moveTo(MARGIN.left, doc.y).lineTo(MARGIN.left + width, doc.y).lineWidth(0.3).stroke()
  }
  drawRow(columns, BOLD)
  for (const row of rows) drawRow(row, REGULAR)
  doc.end()
  return finished
}
