import { createRequire } from 'node:module'

// One measurement in a process of its own, so its peak memory is its own:
// `node <compiled child.js> <task> '<json options>'` (lib/child.ts compiles
// it; `tsx tests/bench/child.ts` runs the source) prints one JSON line,
// { ms, peakMb, ...what the task tells }. The environment carries BENCH_ENV
// and DATABASE_PATH for the tasks that open a database.

type Options = { rows?: number; db?: string; day?: number; max?: number }
type Result = { ms: number; peakMb: number; [k: string]: number | string | boolean }

const require = createRequire(import.meta.url)
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')

/** The rows of one data category: what an access answer with `n` rows holds. */
function clinicRows(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    date: `20${String(10 + (i % 16)).padStart(2, '0')}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
    veterinarian: ['Kari Ødegård', 'Áile Ŋuollaš', 'Jens Sørensen'][i % 3]!,
    note: `Kontroll nr. ${i + 1}: vaksinert, vekt målt, ingen anmerkninger.`,
    weightKg: 20 + (i % 50) / 10,
  }))
}

function messageRows(n: number) {
  return Array.from({ length: n }, (_, i) => ({ date: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(), subject: `Spørsmål ${i + 1}`, body: `Hei! Dette er melding nummer ${i + 1} om Bávvál.` }))
}

async function time(fn: () => Promise<Record<string, number | string | boolean>>): Promise<Result> {
  const t = performance.now()
  const extra = await fn()
  return { ms: performance.now() - t, peakMb: process.resourceUsage().maxRSS / 1024, ...extra }
}

/** The table drawn with bare pdfkit: the same font, size and columns, a header row, new pages as needed; no tagging, no running head. */
async function barePdf(rows: Array<Record<string, string | number>>): Promise<Buffer> {
  const PDFDocument = (await import('pdfkit')).default
  const doc = new PDFDocument({ size: 'A4', margins: { top: 78, bottom: 70, left: 60, right: 60 }, font: FONT })
  const chunks: Buffer[] = []
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))))
  doc.on('data', (c: Buffer) => chunks.push(c))
  const columns = Object.keys(rows[0] ?? {})
  const width = (doc.page.width - 120) / columns.length
  const draw = (cells: string[]) => {
    const height = Math.max(...cells.map((c) => doc.heightOfString(c, { width: width - 8 }))) + 6
    if (doc.y + height > doc.page.height - 70) doc.addPage()
    const y = doc.y
    cells.forEach((c, i) => doc.text(c, 60 + i * width + 4, y + 3, { width: width - 8 }))
    doc.y = y + height
  }
  doc.fontSize(8.5)
  draw(columns)
  for (const row of rows) draw(columns.map((c) => String(row[c])))
  doc.end()
  return done
}

const TASKS: Record<string, (o: Options) => Promise<Result>> = {
  async 'access-pdf'(o) {
    const { renderAnswer } = await import('~/domain/render-answer.server')
    const { answerInput } = await import('~/domain/answer-input.test-support')
    const input = (n: number) => answerInput('fjordkanten-dyreklinikk', { collected: [{ category: 'medical-records', rows: clinicRows(n) }] })
    await renderAnswer(input(10))
    return time(async () => ({ bytes: (await renderAnswer(input(o.rows!)))[0]!.content.length }))
  },
  async 'bare-pdfkit'(o) {
    await barePdf(clinicRows(10))
    return time(async () => ({ bytes: (await barePdf(clinicRows(o.rows!))).length }))
  },
  async 'portability-zip'(o) {
    const { renderAnswer } = await import('~/domain/render-answer.server')
    const { answerInput } = await import('~/domain/answer-input.test-support')
    const input = (n: number) => answerInput('fjordkanten-dyreklinikk', { request: { type: 'portability' }, collected: [{ category: 'consents', rows: messageRows(n) }] })
    await renderAnswer(input(10))
    return time(async () => ({ bytes: (await renderAnswer(input(o.rows!)))[0]!.content.length }))
  },
  /**
   * The rows a portability ZIP of `rows` is given, built and held, and
   * nothing else: `heldMb` is what the process holds more once they are
   * built (its peak is the loading's, whatever the rows).
   */
  async 'zip-input'(o) {
    const before = process.memoryUsage().rss
    return time(async () => {
      const rows = messageRows(o.rows!)
      return { rows: rows.length, heldMb: (process.memoryUsage().rss - before) / 1024 / 1024 }
    })
  },
  async 'bare-zip'(o) {
    const yazl = (await import('yazl')).default
    return time(async () => {
      const rows = messageRows(o.rows!)
      const zip = new yazl.ZipFile()
      zip.addBuffer(Buffer.from(JSON.stringify(rows)), 'data.json')
      zip.addBuffer(Buffer.from([Object.keys(rows[0]!).join(','), ...rows.map((r) => Object.values(r).join(','))].join('\n')), 'consents.csv')
      zip.end()
      const chunks: Buffer[] = []
      for await (const c of zip.outputStream) chunks.push(c as Buffer)
      return { bytes: Buffer.concat(chunks).length }
    })
  },
  async digest(o) {
    const { getDb } = await import('#db/client.server')
    const { setClock } = await import('~/utils/clock')
    const { sendDailyDigests } = await import('~/jobs/digest.server')
    const db = getDb(o.db)
    // Each repetition is another day, so the digest is due again.
    setClock(Date.now() + (o.day ?? 0) * 86_400_000)
    return time(async () => {
      const outcomes = sendDailyDigests(db)
      return { organisations: outcomes.length, sent: outcomes.filter((x) => x.result === 'sent').length, failed: outcomes.filter((x) => x.result === 'failed').length }
    })
  },
  async purge(o) {
    const { getDb } = await import('#db/client.server')
    const { purge } = await import('~/domain/purge.server')
    const db = getDb(o.db)
    return time(async () => ({ purged: (await purge(db, o.max ? { max: o.max } : {})).requests }))
  },
  async 'verify-audit'(o) {
    const { getDb } = await import('#db/client.server')
    const { verifyChain } = await import('~/data/audit.server')
    const db = getDb(o.db)
    return time(async () => {
      const check = verifyChain(db)
      return { ok: check.ok, checked: check.checked }
    })
  },
  /**
   * The check from the last verified anchor, as the nightly check makes it: the
   * chain is verified in full once, a checkpoint is recorded a day's entries
   * (DAY_OF_ENTRIES) before its head, as yesterday's check would have left it,
   * and what is timed is the check of the entries after it.
   */
  async 'verify-audit-incremental'(o) {
    const { getDb } = await import('#db/client.server')
    const { lastCheckpoint, recordCheckpoint, verifyChain, verifySinceCheckpoint } = await import('~/data/audit.server')
    const db = getDb(o.db)
    if (!lastCheckpoint(db)) {
      const full = verifyChain(db)
      if (!full.ok) return { ms: 0, peakMb: 0, ok: false, checked: full.checked }
      const back = Math.min(DAY_OF_ENTRIES, full.checked - 1)
      const at = db.$client.prepare('select id, hash from events order by id desc limit 1 offset ?').get(back) as { id: number; hash: string }
      recordCheckpoint(db, { ...full, lastId: at.id, head: { entries: full.checked - back, hash: at.hash } }, new Date())
    }
    return time(async () => {
      const check = verifySinceCheckpoint(db)
      return { ok: check.ok, checked: check.checked - (check.ok && check.since ? check.since.entries : 0) }
    })
  },
}

/** About a day of audit entries at a million requests (4.8 M entries over three years). */
const DAY_OF_ENTRIES = 5000

const [task = '', json = '{}'] = process.argv.slice(2)
const run = TASKS[task]
if (!run) throw new Error(`unknown task ${task}; one of ${Object.keys(TASKS).join(', ')}`)
const result = await run(JSON.parse(json) as Options)
console.log(JSON.stringify(result))
process.exit(0)
