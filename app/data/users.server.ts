import { and, asc, eq, isNotNull, isNull, lt, or } from 'drizzle-orm'
import type { DB, Tx } from '#db/client.server'
import { users, type User } from '#db/schema'
import { keyedHash } from '~/utils/crypto.server'
import { normaliseEmail } from '~/utils/search-terms'

// Staff accounts. Addresses and names are sealed; an account is found by its
// address's keyed hash.

export function userEmailHash(email: string): string {
  return keyedHash('email', normaliseEmail(email))
}

export function getUser(db: DB | Tx, id: number): User | undefined {
  return db.select().from(users).where(eq(users.id, id)).get()
}

export function getUserByEmail(db: DB | Tx, email: string): User | undefined {
  return db.select().from(users).where(eq(users.emailHash, userEmailHash(email))).get()
}

/** Members of one organisation, removed ones left out, by name. */
export function listTeam(db: DB | Tx, orgId: number): User[] {
  return db
    .select()
    .from(users)
    .where(and(eq(users.orgId, orgId), isNull(users.removedAt)))
    .orderBy(asc(users.id))
    .all()
    .sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id)
}

/**
 * Who looks after an organisation's accounts: its admins, or, for the
 * operator's account (orgId null), the operators. Only accounts in use: not
 * removed, with a password set.
 */
export function listAdmins(db: DB | Tx, orgId: number | null): User[] {
  const whose = orgId === null ? and(isNull(users.orgId), eq(users.role, 'operator')) : and(eq(users.orgId, orgId), eq(users.role, 'admin'))
  return db
    .select()
    .from(users)
    .where(and(whose, isNull(users.removedAt), isNotNull(users.passwordHash)))
    .orderBy(asc(users.id))
    .all()
}

/** Every account of an organisation, removed ones too. */
export function orgAccounts(db: DB | Tx, orgId: number): User[] {
  return db.select().from(users).where(eq(users.orgId, orgId)).all()
}

export function insertUser(tx: Tx, values: Omit<typeof users.$inferInsert, 'emailHash'>): User {
  return tx
    .insert(users)
    .values({ ...values, email: normaliseEmail(values.email), emailHash: userEmailHash(values.email) })
    .returning()
    .get()
}

export function updateUser(tx: Tx | DB, id: number, set: Partial<Omit<typeof users.$inferInsert, 'email' | 'emailHash'>>): void {
  tx.update(users).set(set).where(eq(users.id, id)).run()
}

/** Claims a TOTP time step for a user, once: false when that step (or a later one) was used. */
export function claimTotpStep(tx: Tx | DB, userId: number, step: number): boolean {
  return (
    tx
      .update(users)
      .set({ totpLastStep: step })
      .where(and(eq(users.id, userId), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
      .run().changes === 1
  )
}
