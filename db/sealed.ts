import { customType } from 'drizzle-orm/sqlite-core'
import { seal, sealBytes, unseal, unsealBytes } from '../app/utils/crypto.server'

// Columns that hold personal data are sealed on the way into the database and
// opened on the way out (app/utils/crypto.server.ts), so the data layer reads
// and writes plain values while the file holds only ciphertext. The context is
// the column's place ("requests.subject_name"), bound into each value, and
// every sealed column is listed in SEALED_COLUMNS for key rotation.

export type SealedColumn = { table: string; column: string; context: string; kind: 'text' | 'json' | 'blob' }
export const SEALED_COLUMNS: SealedColumn[] = []

function register(context: string, kind: SealedColumn['kind']) {
  const [table, column] = context.split('.') as [string, string]
  if (!SEALED_COLUMNS.some((c) => c.context === context)) SEALED_COLUMNS.push({ table, column, context, kind })
}

/** Text sealed at rest. */
export function sealedText(name: string, context: string) {
  register(context, 'text')
  return customType<{ data: string; driverData: string }>({
    dataType: () => 'text',
    toDriver: (value) => seal(value, context),
    fromDriver: (value) => unseal(value, context),
  })(name)
}

/** A JSON value sealed at rest. */
export function sealedJson<T>(name: string, context: string) {
  register(context, 'json')
  return customType<{ data: T; driverData: string }>({
    dataType: () => 'text',
    toDriver: (value) => seal(JSON.stringify(value), context),
    fromDriver: (value) => JSON.parse(unseal(value, context)) as T,
  })(name)
}

/** Bytes (a generated document) sealed at rest. */
export function sealedBlob(name: string, context: string) {
  register(context, 'blob')
  return customType<{ data: Buffer; driverData: Buffer }>({
    dataType: () => 'blob',
    toDriver: (value) => sealBytes(value, context),
    fromDriver: (value) => unsealBytes(Buffer.from(value), context),
  })(name)
}
