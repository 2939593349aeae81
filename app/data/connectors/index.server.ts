import type { ConnectorConfig } from '#db/organisation-file'
import type { Collected } from './collected'
import { runSqliteConnector } from './sqlite.server'
import { runWebhookConnector } from './webhook.server'

// Fetches what an organisation holds about a person through one of the
// connectors its organisation file names, in the shape an uploaded export
// gives (app/domain/collected-data.ts), for the officer to preview and attach.

export type { Collected, CollectedCategory, CollectionError } from './collected'

export type ConnectorQuery = {
  reference: string
  /**
   * The person's verified identifiers: email, name, phone and every key of
   * the organisation's `identifiers:`, with '' for those the person did not
   * give. A query may use any of them; one naming anything else is refused
   * with `sqlite.missingParameter`, which is how a typo in a query shows.
   */
  identifiers: Record<string, string>
}

export async function runConnector(config: ConnectorConfig, q: ConnectorQuery, opts: { baseDir?: string } = {}): Promise<Collected> {
  const identifiers = knownIdentifiers(q.identifiers)
  switch (config.kind) {
    case 'sqlite':
      return runSqliteConnector(config, identifiers, opts)
    case 'webhook':
      return runWebhookConnector(config, { reference: q.reference, identifiers }, opts)
  }
}

/**
 * An identifier the person did not give is null, never '': bound to
 * `phone = :phone`, an empty string would match everyone whose phone is
 * empty and attach other people's data to this person's answer, while NULL
 * matches nothing, so `phone = :phone OR email = :email` still finds them.
 */
function knownIdentifiers(identifiers: Record<string, string>): Record<string, string | null> {
  const given = Object.entries(identifiers).map(([key, value]) => [key, value.trim() || null] as const)
  return { email: null, name: null, phone: null, ...Object.fromEntries(given) }
}
