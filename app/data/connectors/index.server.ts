import type { ConnectorConfig } from '#db/organisation-file'
import { env } from '~/utils/env.server'
import type { Collected } from './collected'
import { runSqliteConnector } from './sqlite.server'
import { runWebhookConnector, type WebhookContext } from './webhook.server'

// Fetches what an organisation holds about a person through one of the
// connectors its organisation file names, in the shape an uploaded export
// gives (app/domain/collected-data.ts), for the officer to preview and attach.
// The organisation file is untrusted input: what a connector may read and
// reach is decided by the portal's configuration, checked on every run
// (docs/decisions/012).

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

/**
 * The organisation the connector belongs to, and anything a test sets
 * instead of the portal's configuration (CONNECTOR_DIR, DATABASE_PATH,
 * CONNECTOR_ALLOWED_HOSTS).
 */
export type ConnectorContext = Pick<WebhookContext, 'orgSlug'> & Partial<WebhookContext>

export async function runConnector(config: ConnectorConfig, q: ConnectorQuery, context: ConnectorContext): Promise<Collected> {
  const configured = env()
  const ctx: WebhookContext = {
    connectorDir: configured.CONNECTOR_DIR,
    databasePath: configured.DATABASE_PATH,
    allowedHosts: configured.CONNECTOR_ALLOWED_HOSTS,
    ...context,
  }
  const identifiers = knownIdentifiers(q.identifiers)
  switch (config.kind) {
    case 'sqlite':
      return runSqliteConnector(config, identifiers, ctx)
    case 'webhook':
      return runWebhookConnector(config, { reference: q.reference, identifiers }, ctx)
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
