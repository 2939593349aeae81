import fs from 'node:fs'
import YAML from 'yaml'
import { describe, expect, test } from 'vitest'
import { OrganisationFileError, parseOrganisationFile } from '#db/organisation-file'
import { cutoff, requestRetention } from './request-retention'

const FILE = 'db/organisations/dyrevaernsringen.yaml'
const demo = () => YAML.parse(fs.readFileSync(FILE, 'utf8')) as Record<string, unknown>

function problems(data: unknown): string[] {
  try {
    parseOrganisationFile(FILE, data)
    return []
  } catch (error) {
    if (error instanceof OrganisationFileError) return error.issues
    throw error
  }
}

describe('an organisation’s retention periods', () => {
  test('every demo organisation sets its own, and the file is valid', () => {
    for (const name of fs.readdirSync('db/organisations').filter((f) => f.endsWith('.yaml'))) {
      const org = parseOrganisationFile(name, YAML.parse(fs.readFileSync(`db/organisations/${name}`, 'utf8')))
      expect(requestRetention(org).own.length, name).toBeGreaterThan(0)
    }
    expect(requestRetention(parseOrganisationFile(FILE, demo())).closedRequests).toBe('P1Y')
  })

  test('a period left out takes the default, three years for a closed request', () => {
    const data = demo()
    delete data.requestRetention
    const r = requestRetention(parseOrganisationFile(FILE, data))
    expect(r).toMatchObject({ closedRequests: 'P3Y', unconfirmedRequests: 'P14D', documentsGrace: 'P7D', own: [] })
  })

  test('a broken block is refused naming the file and the field', () => {
    expect(problems({ ...demo(), requestRetention: { closedRequests: '3 years' } })).toEqual([`requestRetention.closedRequests: expected a duration such as P90D, P6W, P12M or P10Y`])
    expect(problems({ ...demo(), requestRetention: { closedRequest: 'P3Y' } })[0]).toMatch(/^requestRetention: Unrecognized key/)
    expect(problems({ ...demo(), requestRetention: { closedRequests: 'P7D' } })).toEqual([
      'requestRetention.closedRequests: a closed request is kept at least as long as its answer can be downloaded (answerDownloadDays: 30 days)',
    ])
    expect(problems({ ...demo(), requestRetention: { sentEmails: 'P11Y' } })).toEqual(['requestRetention.sentEmails: at most 10 years (P10Y)'])
  })

  test('a period is counted in the organisation’s calendar', () => {
    // 12:00 in summer time: a month earlier it is 12:00 in winter time, an hour later in UTC.
    const at = Date.parse('2029-03-31T10:00:00Z')
    expect(new Date(cutoff(at, 'P1M', 'Europe/Copenhagen')).toISOString()).toBe('2029-02-28T11:00:00.000Z')
    expect(new Date(cutoff(at, 'P3Y', 'Europe/Oslo')).toISOString()).toBe('2026-03-31T10:00:00.000Z')
    expect(new Date(cutoff(at, 'P2W', 'Europe/Helsinki')).toISOString()).toBe('2029-03-17T11:00:00.000Z')
  })
})
