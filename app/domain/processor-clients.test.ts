import { describe, expect, test } from 'vitest'
import type { ProcessorClient } from '#db/organisation-file'
import { isForController, routingsFor, suggestClients } from './processor-clients'

const client = (key: string, campaigns: ProcessorClient['campaigns']): ProcessorClient => ({
  key,
  name: key.toUpperCase(),
  privacyEmail: `privacy@${key}.example`,
  escalationEmail: `board@${key}.example`,
  language: 'da',
  country: 'DK',
  campaigns,
  reminderDays: [1, 3, 5],
})

// One number shared by two clients' campaigns in turn, as a calling agency does.
const register = [
  client('a', [{ name: 'A autumn', from: '2026-06-25', to: '2026-11-05', numbers: ['+4500003000', '+4500003001'], listCodes: [] }]),
  client('b', [{ name: 'B winter', from: '2026-11-06', numbers: ['+4500003000', '+4500003002'], listCodes: [] }]),
  client('c', [
    { name: 'C spring', from: '2026-03-01', to: '2026-03-31', numbers: ['+4500003003'], listCodes: [] },
    { name: 'C christmas', from: '2026-11-15', to: '2026-12-23', numbers: ['+4500003003'], listCodes: [] },
  ]),
]

describe('suggestClients', () => {
  test.each([
    // number, date, suggested keys (campaign of the first)
    ['+45 00 00 30 01', null, ['a'], 'A autumn'],
    ['00 00 30 01', null, ['a'], 'A autumn'], // read in the processor's country
    ['0045 0000 3002', '2026-12-01', ['b'], 'B winter'],
    ['+45 00 00 30 00', null, ['a', 'b'], 'A autumn'], // shared number, no date: both
    ['+45 00 00 30 00', '2026-08-01', ['a'], 'A autumn'], // the date picks the campaign
    ['+45 00 00 30 00', '2026-12-20', ['b'], 'B winter'],
    ['+45 00 00 30 00', '2026-11-10', ['a', 'b'], 'A autumn'], // within the slack of both
    ['+45 00 00 30 00', '2026-11-19', ['a', 'b'], 'A autumn'], // a's end + 14 days
    ['+45 00 00 30 00', '2026-11-20', ['b'], 'B winter'], // a's end + 15 days
    ['+45 00 00 30 03', '2026-12-24', ['c'], 'C christmas'],
    ['+45 00 00 30 03', '2026-03-10', ['c'], 'C spring'],
    ['+45 00 00 30 01', '2020-01-01', ['a'], 'A autumn'], // a date far off: the number alone
    ['+45 00 00 39 99', null, [], null], // not a number of ours
    ['+46 00 00 30 01', null, [], null], // another country's number
    ['not a number', '2026-08-01', [], null],
    ['', '2026-08-01', [], null],
    ['+45 00 00 30 01', 'yesterday', ['a'], 'A autumn'], // a date that is not one is ignored
  ])('%s on %s → %j', (number, on, keys, campaign) => {
    const suggested = suggestClients(register, { number, on }, 'DK')
    expect(suggested.map((s) => s.key)).toEqual(keys)
    expect(suggested[0]?.campaign ?? null).toBe(campaign)
  })
})

describe('routingsFor', () => {
  test.each([
    [undefined, [{ routing: null, clientKey: null }]],
    [{ about: 'own' as const }, [{ routing: null, clientKey: null }]],
    [{ about: 'client' as const, clients: 'unknown' as const }, [{ routing: 'needs_routing', clientKey: null }]],
    [{ about: 'client' as const, clients: ['a'] }, [{ routing: 'client', clientKey: 'a' }]],
    [
      { about: 'client' as const, clients: ['a', 'b', 'a'] },
      [
        { routing: 'client', clientKey: 'a' },
        { routing: 'client', clientKey: 'b' },
      ],
    ],
  ])('%j', (behalf, expected) => {
    expect(routingsFor(behalf)).toEqual(expected)
  })

  test('only requests the organisation answers itself are not the controller’s', () => {
    expect(isForController({ routing: null })).toBe(false)
    expect(isForController({ routing: 'client' })).toBe(true)
    expect(isForController({ routing: 'needs_routing' })).toBe(true)
  })
})
