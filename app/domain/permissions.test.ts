import { expect, test } from 'vitest'
import { ROLES } from '~/vocabulary'
import { can, PERMISSIONS, worksRequests } from './permissions'

// Who may do what, written out by hand: a role gaining or losing a
// permission fails here until this copy changes with it.
const EXPECTED: Record<(typeof ROLES)[number], string[]> = {
  officer: ['requests.read', 'requests.work', 'requests.assign', 'requests.export', 'dashboard.read'],
  admin: ['requests.read', 'requests.work', 'requests.assign', 'requests.export', 'dashboard.read', 'team.manage', 'organisation.settings', 'templates.manage', 'apiKeys.manage'],
  operator: ['organisations.manage'],
}

test.each(ROLES)('%s', (role) => {
  expect(PERMISSIONS.filter((p) => can({ role }, p)).sort()).toEqual([...EXPECTED[role]].sort())
  expect(worksRequests(role)).toBe(EXPECTED[role].includes('requests.work'))
})
