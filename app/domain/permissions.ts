import type { Role } from '~/vocabulary'

// Who may do what, as data: each role's permissions in one table, checked by
// one guard (app/web/auth.server.ts: requirePermission) and asked by the pages
// that offer an action (can). Nothing compares role names anywhere else.

export const PERMISSIONS = [
  /** See the organisation's queue and requests. */
  'requests.read',
  /** Act on a request: messages, notes, verification, extension, answers. */
  'requests.work',
  /** Give a request to another officer, or to nobody. */
  'requests.assign',
  /** Export the queue's view as CSV. */
  'requests.export',
  'team.manage',
  'organisation.settings',
  'templates.manage',
  'apiKeys.manage',
  'dashboard.read',
  /** The portal operator: add and edit organisations. */
  'organisations.manage',
] as const
export type Permission = (typeof PERMISSIONS)[number]

const OFFICER: Permission[] = ['requests.read', 'requests.work', 'requests.assign', 'requests.export', 'dashboard.read']

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  officer: OFFICER,
  admin: [...OFFICER, 'team.manage', 'organisation.settings', 'templates.manage', 'apiKeys.manage'],
  operator: ['organisations.manage'],
}

export function can(user: { role: Role }, permission: Permission): boolean {
  return ROLE_PERMISSIONS[user.role].includes(permission)
}

/** Roles that work an organisation's queue (and can be given requests). */
export function worksRequests(role: Role): boolean {
  return ROLE_PERMISSIONS[role].includes('requests.work')
}
