import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// The layer rules (.dependency-cruiser.cjs) run against a small copy of the
// project's shape: a route that imports app/data directly must fail them, the
// same route going through the domain must pass. `npm test` runs the same
// rules over the whole code first.

const run = promisify(execFile)
const root = path.resolve(__dirname, '..')
let dir: string

function file(name: string, text: string) {
  mkdirSync(path.dirname(path.join(dir, name)), { recursive: true })
  writeFileSync(path.join(dir, name), text)
}

type Violation = { from: string; to: string; rule: { name: string } }

/** The rules' violations over the whole fixture, in one run (a run costs seconds). */
async function violations(): Promise<Violation[]> {
  const bin = path.join(root, 'node_modules', '.bin', 'depcruise')
  const args = ['--config', path.join(root, '.dependency-cruiser.cjs'), '--output-type', 'json', 'app']
  const stdout = await run(bin, args, { cwd: dir }).then(
    (r) => r.stdout,
    (e: { stdout?: string }) => e.stdout ?? '',
  )
  return (JSON.parse(stdout) as { summary: { violations: Violation[] } }).summary.violations
}

let found: Violation[]

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'layers-'))
  file('tsconfig.json', JSON.stringify({ compilerOptions: { baseUrl: '.', moduleResolution: 'Bundler', module: 'ESNext', paths: { '~/*': ['./app/*'] } } }))
  file('app/data/drafts.server.ts', 'export const readDraftRow = () => 1\n')
  file('app/domain/intake.server.ts', "import { readDraftRow } from '~/data/drafts.server'\nexport const readDraft = () => readDraftRow()\n")
  file('app/routes/direct.tsx', "import { readDraftRow } from '~/data/drafts.server'\nexport const loader = () => readDraftRow()\n")
  file('app/routes/through-domain.tsx', "import { readDraft } from '~/domain/intake.server'\nexport const loader = () => readDraft()\n")
  file('app/web/direct.server.ts', "import { readDraftRow } from '~/data/drafts.server'\nexport const read = () => readDraftRow()\n")
  return violations().then((v) => {
    found = v
  })
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('routes reach the data only through the domain', () => {
  const broken = (from: string) => found.filter((v) => v.from === from).map((v) => `${v.rule.name}: ${v.to}`)

  it('fails a route that imports app/data', () => {
    expect(broken('app/routes/direct.tsx')).toEqual(['routes-through-domain: app/data/drafts.server.ts'])
  })

  it('fails the web layer importing app/data', () => {
    expect(broken('app/web/direct.server.ts')).toEqual(['routes-through-domain: app/data/drafts.server.ts'])
  })

  it('passes the same route calling the domain, and the domain calling the data', () => {
    expect(broken('app/routes/through-domain.tsx')).toEqual([])
    expect(broken('app/domain/intake.server.ts')).toEqual([])
  })
})
