import path from 'node:path'
import { count } from 'drizzle-orm'
import { getDb } from '#db/client.server'
import { organisations } from '#db/schema'
import { importOrganisations, readOrganisationFiles } from '~/data/organisations.server'
import { createMailer, deliverDueEmails } from '~/jobs/outbox.server'
import { env } from '~/utils/env.server'

// The operator's command line: npm run portal -- <command> [options]

const DEMO_DIR = path.resolve('db/organisations')

type Command = { usage: string; help: string; run: (args: string[]) => Promise<void> | void }

export const commands: Record<string, Command> = {
  migrate: {
    usage: 'migrate',
    help: 'Create the database if needed and apply every pending migration.',
    run() {
      getDb(env().DATABASE_PATH)
      console.log(`Database ${env().DATABASE_PATH} is up to date.`)
    },
  },
  'import-organisations': {
    usage: 'import-organisations <folder>',
    help: 'Validate every organisation file (YAML or JSON) in a folder and create or update those organisations. Requests are kept.',
    run([dir]) {
      if (!dir) throw new UsageError('import-organisations needs a folder')
      const db = getDb(env().DATABASE_PATH)
      const { created, updated } = importOrganisations(db, readOrganisationFiles(path.resolve(dir)))
      console.log(`Created ${created.length} and updated ${updated.length} organisations.`)
    },
  },
  'load-demo': {
    usage: 'load-demo',
    help: `Import the demo organisations in ${path.relative(process.cwd(), DEMO_DIR)}.`,
    async run() {
      await loadDemo()
    },
  },
  'setup-demo': {
    usage: 'setup-demo',
    help: 'Migrate, and load the demo data when the database has no organisations yet.',
    async run() {
      const db = getDb(env().DATABASE_PATH)
      const existing = db.select({ n: count() }).from(organisations).get()?.n ?? 0
      if (existing > 0) {
        console.log(`The database already has ${existing} organisations; demo data not loaded.`)
        return
      }
      await loadDemo()
    },
  },
  'deliver-email': {
    usage: 'deliver-email',
    help: 'Deliver the email that is due now, once (needs SMTP_URL).',
    async run() {
      const config = env()
      if (!config.SMTP_URL) throw new UsageError('SMTP_URL is not set: email stays in the outbox (see /en/dev/mailbox)')
      const result = await deliverDueEmails(getDb(config.DATABASE_PATH), createMailer(config.SMTP_URL), config.MAIL_FROM)
      console.log(`Sent ${result.sent}, failed ${result.failed} (failed ones are retried later).`)
    },
  },
}

/** Extra steps after the organisations are in, registered by other modules (e.g. demo officers). */
export const demoSteps: Array<() => Promise<void> | void> = []

async function loadDemo() {
  const db = getDb(env().DATABASE_PATH)
  const { created, updated } = importOrganisations(db, readOrganisationFiles(DEMO_DIR))
  console.log(`Demo organisations: created ${created.length}, updated ${updated.length}.`)
  for (const step of demoSteps) await step()
}

class UsageError extends Error {}

function help() {
  const width = Math.max(...Object.values(commands).map((c) => c.usage.length))
  return [
    'Usage: npm run portal -- <command> [options]',
    '',
    'Commands:',
    ...Object.values(commands).map((c) => `  ${c.usage.padEnd(width)}  ${c.help}`),
    '',
    'Configuration comes from environment variables (see README.md): DATABASE_PATH, SMTP_URL, PUBLIC_URL, …',
  ].join('\n')
}

export async function main(argv: string[]) {
  const [name, ...args] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(help())
    return 0
  }
  const command = commands[name]
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${help()}`)
    return 2
  }
  if (args.includes('--help')) {
    console.log(`Usage: npm run portal -- ${command.usage}\n\n${command.help}`)
    return 0
  }
  try {
    await command.run(args)
    return 0
  } catch (error) {
    console.error(error instanceof Error ? error.message : error)
    return error instanceof UsageError ? 2 : 1
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2))
}
