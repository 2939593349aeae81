import { closeDb, getDb } from '#db/client.server'
import { resetEnv } from '~/utils/env.server'
import { createOfficer, signedInCookie } from '../../support/officers'

// An officer of the organisation, signed in without the sign-in pages: a
// session row and its cookie, signed with the benchmark's SESSION_SECRET
// (this process's environment holds BENCH_ENV, as the portal's does).

export function officerCookie(env: Record<string, string>, dbFile: string, orgId: number): string {
  Object.assign(process.env, env)
  resetEnv()
  const db = getDb(dbFile)
  try {
    const officer = createOfficer(db, { orgId, role: 'admin' })
    return signedInCookie(db, officer)
  } finally {
    closeDb(dbFile)
  }
}
