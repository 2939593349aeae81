import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { COUNTRIES } from '../../app/vocabulary'
import type { OrganisationProfile } from '../organisation-file'

export const organisations = sqliteTable('organisations', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  country: text('country', { enum: COUNTRIES }).notNull(),
  timeZone: text('time_zone').notNull(),
  kind: text('kind', { enum: ['controller', 'processor'] }).notNull(),
  privacyEmail: text('privacy_email').notNull(),
  slaDays: integer('sla_days').notNull().default(30),
  /** May the deadline pause while the organisation waits for identity or a necessary clarification? The organisation decides. */
  pauseClockOnInfoRequest: integer('pause_clock_on_info_request', { mode: 'boolean' }).notNull().default(false),
  /** Everything else the organisation file says: languages, authority, identifiers, register, texts, connectors. */
  profile: text('profile', { mode: 'json' }).$type<OrganisationProfile>().notNull(),
  isDemo: integer('is_demo', { mode: 'boolean' }).notNull().default(false),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  /**
   * Raised by a trigger (db/migrations, "organisations_version") on every
   * change of the row, by whoever writes it: the pages keep an organisation
   * as read and read it again only when this has moved (app/data/organisations.server.ts).
   */
  version: integer('version').notNull().default(0),
})

/** A processor acts for these controllers (e.g. a telemarketing agency's clients). */
export const processorClients = sqliteTable(
  'processor_clients',
  {
    processorId: integer('processor_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    controllerId: integer('controller_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.processorId, t.controllerId] })],
)

export type Organisation = typeof organisations.$inferSelect
