import { describe, expect, inject, test } from 'vitest'
import { CASES, parseArgs, runBench } from './bench/run'
import { stats } from './bench/lib/stats'
import { exitCode, markdownTable, textTable, verdict, type Row } from './bench/lib/table'
import { builtServer } from './support/build'

// The benchmark suite cannot rot: its verdicts are checked on made-up rows,
// and every case runs in smoke mode (a few hundred requests, one short run
// each) against the test run's production build, the portal started as the
// benchmarks start it (tests/bench/lib/portal.ts: the command of tests/support/server-process.ts). Speed
// is not asserted here: only that every figure is measured.

const row = (over: Partial<Row> = {}): Row => ({
  case: 'made-up',
  figure: 'start page',
  unit: 'req/s',
  portal: stats([300, 280, 320]),
  baseline: stats([400, 390, 410]),
  baselineName: 'stub tree',
  targets: [{ on: 'ratio', op: '>=', limit: 0.7 }],
  ...over,
})

describe('verdicts and the exit code', () => {
  test('a row meeting its targets passes; one target missed is a miss, and the run exits 1', () => {
    expect(verdict(row(), { enforce: true })).toBe('pass')
    const missed = row({ targets: [{ on: 'ratio', op: '>=', limit: 0.7 }, { on: 'value', op: '>=', limit: 400 }] })
    expect(verdict(missed, { enforce: true })).toBe('miss')
    expect(exitCode([row(), missed], { enforce: true })).toBe(1)
    expect(exitCode([row()], { enforce: true })).toBe(0)
    expect(textTable([row(), missed], { enforce: true })).toMatch(/start page .*0\.75× .*>= 0\.70× .*pass[\s\S]*start page .*miss/)
  })

  test('latency targets read the other way: a p95 above its limit is a miss', () => {
    const slow = row({ unit: 'ms', portal: stats([51, 60, 55]), baseline: stats([25, 30, 20]), targets: [{ on: 'value', op: '<', limit: 50 }, { on: 'ratio', op: '<=', limit: 2 }] })
    expect(verdict(slow, { enforce: true })).toBe('miss')
    expect(verdict({ ...slow, portal: stats([40, 45, 49]) }, { enforce: true })).toBe('pass')
  })

  test('a target the same run proves out of reach (the stub tree alone falls short) is shown so, with the proof, and does not fail the run; without the proof it is a miss', () => {
    const portal = stats([250, 240, 260])
    const proven = row({ portal, baseline: stats([1000, 990, 1010]), baselineName: 'one-page app', targets: [{ on: 'ratio', op: '>=', limit: 0.5 }], outOfReach: { proof: 'the stub tree alone reaches 0.31×', holds: true } })
    expect(verdict(proven, { enforce: true })).toBe('out of reach')
    expect(exitCode([row(), proven], { enforce: true })).toBe(0)
    expect(textTable([proven], { enforce: true })).toContain('out of reach: the stub tree alone reaches 0.31×')
    const unproven = { ...proven, outOfReach: { proof: 'the stub tree alone reaches 0.62×', holds: false } }
    expect(verdict(unproven, { enforce: true })).toBe('miss')
    expect(exitCode([unproven], { enforce: true })).toBe(1)
    // Reached anyway, it is a pass.
    expect(verdict({ ...proven, portal: stats([600, 590, 610]) }, { enforce: true })).toBe('pass')
  })

  test('a smoke run does not enforce speed, but a row without a number, an error or a broken check fails it', () => {
    const missed = row({ targets: [{ on: 'value', op: '>=', limit: 10_000 }] })
    expect(verdict(missed, { enforce: false })).toBe('ran')
    expect(exitCode([missed], { enforce: false })).toBe(0)
    for (const bad of [row({ portal: null }), row({ portal: stats([Number.NaN]) }), row({ baseline: null }), row({ error: 'server did not start' }), row({ checks: [{ what: 'filed requests present: 9/10', ok: false }] })]) {
      expect(exitCode([bad], { enforce: false }), JSON.stringify(bad.error ?? bad.checks ?? bad.portal)).toBe(1)
    }
    expect(exitCode([], { enforce: false })).toBe(1)
  })

  test('a target-check (the export streamed) fails only a full run', () => {
    const unstreamed = row({ checks: [{ what: 'not streamed', ok: false, target: true }] })
    expect(verdict(unstreamed, { enforce: false })).toBe('ran')
    expect(verdict(unstreamed, { enforce: true })).toBe('miss')
    expect(exitCode([unstreamed], { enforce: false })).toBe(0)
    expect(exitCode([unstreamed], { enforce: true })).toBe(1)
    expect(textTable([unstreamed], { enforce: true })).toContain('not streamed')
  })

  test('the Markdown table has a row per figure, with the pipes in a figure escaped', () => {
    const md = markdownTable([row(), row({ figure: 'a | b' })], { enforce: true, when: new Date('2026-12-05T22:00:00Z'), mode: 'made up' })
    expect(md).toContain('2026-12-05 22:00 UTC')
    expect(md.split('\n').filter((l) => l.startsWith('| '))).toHaveLength(3)
    expect(md).toContain('a \\| b')
  })

  test('options: an unknown case or option is refused, naming the choices', () => {
    expect(parseArgs(['--smoke', '--only', 'pages,jobs'])).toMatchObject({ smoke: true, only: ['pages', 'jobs'] })
    expect(() => parseArgs(['--only', 'nope'])).toThrow(/unknown case nope; cases: pages, /)
    expect(() => parseArgs(['--fast'])).toThrow(/unknown option --fast/)
  })
})

describe('npm run bench -- --smoke', () => {
  test('every case runs and gives every figure a number', { timeout: 600_000 }, async () => {
    // The test run's build, once complete (tests/support/build.ts); the baselines and the database are made meanwhile.
    const buildDir = inject('buildDir')
    const result = await runBench({ smoke: true, portalBuild: builtServer(buildDir).then(() => buildDir), log: () => {} })
    expect(new Set(result.rows.map((r) => r.case))).toEqual(new Set(CASES.map((c) => c.name)))
    for (const r of result.rows) {
      expect(r.error, r.figure).toBeUndefined()
      expect(Number.isFinite(r.portal?.median), r.figure).toBe(true)
      if (r.baseline !== undefined) expect(Number.isFinite(r.baseline?.median), `${r.figure}: baseline`).toBe(true)
      expect(['ran', 'not yet measurable'], `${r.figure}: ${verdict(r, { enforce: false })}`).toContain(verdict(r, { enforce: false }))
    }
    expect(result.code, result.text).toBe(0)
  })
})
