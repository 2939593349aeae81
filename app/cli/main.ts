import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { count } from 'drizzle-orm'
import { getDb } from '#db/client.server'
import { organisations } from '#db/schema'
import { getOrganisationBySlug, readOrganisationFiles } from '~/data/organisations.server'
import { importOrganisations } from '~/domain/organisations.server'
import { createDemoOfficers, demoOfficerFor } from '~/domain/demo-officers.server'
import { inviteUser } from '~/domain/invitations.server'
import { isLanguage, type Language } from '~/domain/languages'
import { createMailer, deliverDueEmails } from '~/jobs/outbox.server'
import { auditHead, recordCheckpoint, verifyChain, verifySinceCheckpoint, type AuditAnchor, type ChainCheck } from '~/data/audit.server'
import { backupTo, checkBackup, databaseOpenElsewhere, pruneBackups, resealAll, sealedKeyCounts, serverHolding } from '~/data/maintenance.server'
import { purge } from '~/domain/purge.server'
import { recordEvent } from '~/domain/events'
import { now } from '~/utils/clock'
import { currentKeyId, newKey } from '~/utils/crypto.server'
import { env } from '~/utils/env.server'
import { buildSampleDatabases, sampleDatabaseFile, sampleSlugs } from '#db/samples'
import { createApiKey } from '~/domain/api-keys.server'
import { contactQuery, isListed, NotAContactError, removeFromList } from '~/domain/do-not-contact.server'

// The operator's command line: npm run portal -- <command> [options]

const DEMO_DIR = path.resolve('db/organisations')

/** `run` may return an exit code of its own (a check's answer); an error gives 1, a usage error 2. */
type Command = { usage: string; help: string; run: (args: string[]) => Promise<number | void> | number | void }

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
      // Demo organisations come only from load-demo.
      const { created, updated } = importOrganisations(db, readOrganisationFiles(path.resolve(dir)), undefined, { newDemo: 'refuse' })
      console.log(`Created ${created.length} and updated ${updated.length} organisations.`)
    },
  },
  'load-demo': {
    usage: 'load-demo',
    help: `Import the demo organisations in ${path.relative(process.cwd(), DEMO_DIR)} and build their sample databases in CONNECTOR_DIR/<slug>/.`,
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
        if (!sampleSlugs().every((slug) => fs.existsSync(sampleDatabaseFile(env().CONNECTOR_DIR, slug)))) buildSampleDatabases(env().CONNECTOR_DIR)
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
      const result = await deliverDueEmails(getDb(config.DATABASE_PATH), createMailer(config.SMTP_URL), { from: config.MAIL_FROM, publicUrl: config.PUBLIC_URL })
      console.log(`Sent ${result.sent}, failed ${result.failed} (failed ones are retried later).`)
    },
  },
  'send-digests': {
    usage: 'send-digests',
    help: "Queue today's digest email for each organisation's officers (new and unassigned requests, and those overdue or due within each officer's chosen days); once per organisation per local day.",
    async run() {
      const { sendDailyDigests } = await import('~/jobs/digest.server')
      const outcomes = sendDailyDigests(getDb(env().DATABASE_PATH))
      for (const o of outcomes) console.log(`${o.slug} (${o.date}): ${o.result}${o.emails ? `, ${o.emails} emails queued` : ''}${o.error ? `: ${o.error}` : ''}`)
      if (outcomes.some((o) => o.result === 'failed')) throw new Error('Some digests failed; see above.')
    },
  },
  'forwarding-reminders': {
    usage: 'forwarding-reminders',
    help: "Remind controllers that have not acknowledged a request passed on to them (after the client's reminderDays, default 1, 3 and 5 working days), then alert their second contact and the processor's officers; also escalate assistance tasks past their due date. Each step once; the server does this every 15 minutes from 07:00 local time.",
    async run() {
      const { remindAndEscalate } = await import('~/domain/forwarding-reminders.server')
      const round = remindAndEscalate(getDb(env().DATABASE_PATH))
      console.log(`Reminders queued: ${round.reminded.length}; forwardings escalated: ${round.escalated.length}; overdue tasks escalated: ${round.tasksEscalated.length}.`)
    },
  },
  'create-operator': {
    usage: 'create-operator <email> <name> [--language da|no|fi|en]',
    help: 'Invite the portal operator (who adds and edits organisations). Prints the invitation link and emails it.',
    run(args) {
      const { positional, language } = languageOption(args)
      const [email, ...name] = positional
      if (!email || name.length === 0) throw new UsageError('create-operator needs an email address and a name')
      const db = getDb(env().DATABASE_PATH)
      const result = inviteUser(db, null, { orgId: null, role: 'operator', email, name: name.join(' '), language: language ?? 'en' }, { printLink: true })
      if (!result.ok || result.userId === null) throw new Error(`${email} already has an account`)
      console.log(`Invitation for the operator ${email} (valid 7 days, also emailed):\n${result.link}`)
    },
  },
  'create-admin': {
    usage: 'create-admin <org-slug> <email> <name> [--language da|no|fi|en]',
    help: "Invite an admin of an organisation (who invites its officers). Prints the invitation link and emails it in the organisation's first language unless --language is given.",
    run(args) {
      const { positional, language } = languageOption(args)
      const [slug, email, ...name] = positional
      if (!slug || !email || name.length === 0) throw new UsageError('create-admin needs an organisation slug, an email address and a name')
      const db = getDb(env().DATABASE_PATH)
      const org = getOrganisationBySlug(db, slug)
      if (!org) throw new UsageError(`No organisation "${slug}"`)
      const lang = language ?? (org.profile.languages[0] as Language | undefined) ?? 'en'
      const result = inviteUser(db, null, { orgId: org.id, role: 'admin', email, name: name.join(' '), language: lang }, { printLink: true })
      if (!result.ok || result.userId === null) throw new Error(`${email} already has an account`)
      console.log(`Invitation for ${email} as admin of ${org.name} (valid 7 days, also emailed):\n${result.link}`)
    },
  },
  'demo-officer': {
    usage: 'demo-officer <org-slug>',
    help: 'Print the sign-in details (email, password, TOTP secret) of the demo officer of a demo organisation.',
    run([slug]) {
      if (!slug) throw new UsageError('demo-officer needs an organisation slug')
      const db = getDb(env().DATABASE_PATH)
      const org = getOrganisationBySlug(db, slug)
      if (!org) throw new UsageError(`No organisation "${slug}"`)
      if (!org.isDemo) throw new UsageError(`${slug} is not a demo organisation: only demo organisations have a demo officer`)
      createDemoOfficers(db, [org.slug])
      const demo = demoOfficerFor(org)
      // Where the running portal answers, as it recorded at start; this command's own PORT and PUBLIC_URL may differ.
      const serving = serverHolding(env().DATABASE_PATH)
      const signIn = `${serving?.publicUrl ?? env().PUBLIC_URL}/${org.profile.languages[0] ?? 'en'}/officer/sign-in`
      console.log(
        [
          `Demo officer (admin) of ${org.name}`,
          `  sign in:     ${signIn}${serving ? '' : ' (the portal is not running: the address follows PUBLIC_URL and PORT as this command sees them)'}`,
          `  email:       ${demo.email}`,
          `  password:    ${demo.password}`,
          `  TOTP secret: ${demo.totpSecret}`,
          `  otpauth URI: ${demo.totpUri}`,
        ].join('\n'),
      )
    },
  },
}

const maintenance = {
  'new-key': {
    usage: 'new-key',
    help: 'Print a fresh 32-byte key in base64, for DATA_KEYS (as id:key) or INDEX_KEY.',
    run() {
      console.log(newKey())
    },
  },
  'rotate-keys': {
    usage: 'rotate-keys',
    help: 'Seal every value again under the first key of DATA_KEYS, in small batches, while the portal runs (see README: rotating keys).',
    run() {
      const db = getDb(env().DATABASE_PATH)
      const done = resealAll(db)
      const total = Object.values(done).reduce((a, b) => a + b, 0)
      db.transaction((tx) => recordEvent(tx, { kind: 'keys_rotated', orgId: null, actor: { kind: 'operator', userId: null }, data: { keyId: currentKeyId(), values: total } }), { behavior: 'immediate' })
      console.log(`Sealed ${total} values again under key "${currentKeyId()}". Values per key now: ${JSON.stringify(sealedKeyCounts(db))}`)
    },
  },
  'verify-audit': {
    usage: 'verify-audit [--since-checkpoint | --full] [--expect <hash>] [--expect-count <n>] [--anchor <file>]',
    help: 'Recompute the audit trail’s hash chain and name the first entry that was changed or removed. With an anchor kept earlier (the head from audit-head, the log, or a backup’s .anchor.json), also check that no entry was cut from the end. Each check that passes records a checkpoint; with --since-checkpoint only the entries after the newest one are recomputed (seconds, not minutes, on a long trail), while the default (--full) rechecks every entry.',
    run(args) {
      const since = takeFlag(args, '--since-checkpoint')
      const full = takeFlag(args, '--full')
      if (since && full) throw new UsageError('verify-audit takes --since-checkpoint or --full, not both')
      const anchor = anchorOptions(args)
      const db = getDb(env().DATABASE_PATH)
      const result = since ? verifySinceCheckpoint(db, anchor) : verifyChain(db, anchor)
      if (!result.ok) throw new Error(describeChain(result))
      recordCheckpoint(db, result, now())
      console.log(describeChain(result))
    },
  },
  'audit-head': {
    usage: 'audit-head',
    help: 'Print the audit trail’s head (number of entries and the newest entry’s hash): keep it off this machine and check against it later with verify-audit.',
    run() {
      const head = auditHead(getDb(env().DATABASE_PATH).$client)
      console.log(`Audit trail: ${head.entries} entries, head ${head.hash}.\nKeep this off this machine; later check that nothing was cut from the end with:\n  npm run portal -- verify-audit --expect-count ${head.entries} --expect ${head.hash}`)
    },
  },
  'api-key': {
    usage: 'api-key <org-slug> <label>',
    help: "Make an API key for an organisation's own systems (e.g. its dialler's do-not-contact check). Printed once; only its hash is kept.",
    run([slug, ...label]) {
      if (!slug || label.length === 0) throw new UsageError('api-key needs an organisation slug and a label')
      const db = getDb(env().DATABASE_PATH)
      const org = getOrganisationBySlug(db, slug)
      if (!org) throw new UsageError(`No organisation "${slug}"`)
      const { key } = createApiKey(db, { orgId: org.id, label: label.join(' '), actor: { kind: 'operator', userId: null } })
      console.log(`API key for ${org.name} ("${label.join(' ')}"), shown only now:\n${key}`)
    },
  },
  'do-not-contact': {
    usage: 'do-not-contact <org-slug> <phone-or-email>',
    help: "Check a phone number or email address against the organisation's do-not-contact list (objections to direct marketing). Exit code 0 when listed, 3 when not.",
    run([slug, value]) {
      if (!slug || !value) throw new UsageError('do-not-contact needs an organisation slug and a phone number or email address')
      const db = getDb(env().DATABASE_PATH)
      const org = getOrganisationBySlug(db, slug)
      if (!org) throw new UsageError(`No organisation "${slug}"`)
      const listed = isListed(db, org, contactQuery(value))
      console.log(listed ? `${value} is on the do-not-contact list of ${org.name}: do not call or write.` : `${value} is not on the do-not-contact list of ${org.name}.`)
      return listed ? 0 : 3
    },
  },
  'do-not-contact-remove': {
    usage: 'do-not-contact-remove <org-slug> <phone-or-email>',
    help: "Take a phone number or email address off the organisation's do-not-contact list, when the person withdraws their objection to direct marketing (every entry it is stored under). Exit code 0 when removed, 3 when it was not listed.",
    run([slug, value]) {
      if (!slug || !value) throw new UsageError('do-not-contact-remove needs an organisation slug and a phone number or email address')
      const db = getDb(env().DATABASE_PATH)
      const org = getOrganisationBySlug(db, slug)
      if (!org) throw new UsageError(`No organisation "${slug}"`)
      let removed: number
      try {
        removed = removeFromList(db, org, contactQuery(value), { kind: 'operator', userId: null }, 'cli')
      } catch (error) {
        if (error instanceof NotAContactError) throw new UsageError(`"${value}" is not a phone number or an email address`)
        throw error
      }
      console.log(removed > 0 ? `${value} is off the do-not-contact list of ${org.name}.` : `${value} was not on the do-not-contact list of ${org.name}; nothing removed.`)
      return removed > 0 ? 0 : 3
    },
  },
  backup: {
    usage: 'backup <file> [--keep <n>]',
    help: 'Copy the database to a new file with SQLite’s online backup, while the portal serves traffic; the audit trail’s head at that moment goes beside it, in <file>.anchor.json. With --keep <n>, then delete all but the newest n backups in that folder (files of the same name pattern: the same text before the first digit), with their anchors.',
    async run(args) {
      const keep = takeOption(args, '--keep')
      const [file] = args
      if (!file) throw new UsageError('backup needs the file to write')
      if (keep !== undefined && !/^[1-9]\d{0,4}$/.test(keep)) throw new UsageError('--keep needs the number of backups to keep, at least 1')
      const { pages, anchor, anchorFile } = await backupTo(getDb(env().DATABASE_PATH), path.resolve(file))
      console.log(`Backed up ${pages} pages to ${path.resolve(file)}.\nAudit trail in the backup: ${anchor.entries} entries, head ${anchor.hash} (also in ${anchorFile}; check the live trail against it with verify-audit --anchor ${anchorFile}).`)
      if (keep !== undefined) {
        const removed = pruneBackups(path.resolve(file), Number(keep))
        console.log(removed.length ? `Deleted ${removed.length} older backups: ${removed.map((f) => path.basename(f)).join(', ')}.` : 'No older backups to delete.')
      }
    },
  },
  purge: {
    usage: 'purge [--dry-run]',
    help: 'Erase what is past its organisation’s retention period (requestRetention in its file): closed requests’ identity, text and messages (a tombstone stays), collected data once answered, answer documents after their download window, unconfirmed requests, sent emails’ records, ended do-not-contact entries. With --dry-run, only count what would go. The server does this daily.',
    async run(args) {
      const dryRun = args.includes('--dry-run')
      const r = await purge(getDb(env().DATABASE_PATH), { dryRun })
      const tables = Object.entries(r.tables).map(([name, n]) => `${name} ${n}`).join(', ')
      console.log(
        `${dryRun ? 'Would erase (nothing changed)' : 'Erased'}: requests ${r.requests}, collected data of ${r.collected} requests, documents of ${r.documents} answers, ${tables || 'no other rows'}, do-not-contact entries ${r.doNotContact}.`,
      )
    },
  },
  restore: {
    usage: 'restore <file>',
    help: 'With the portal stopped: check a backup, keep the current database beside it, and put the backup in its place. Refused while a portal or anything else has the database open.',
    run([file]) {
      if (!file) throw new UsageError('restore needs the backup file')
      const source = path.resolve(file)
      const target = path.resolve(env().DATABASE_PATH)
      // A portal still serving would go on writing to the file moved aside, and lose it all at its next start.
      const serving = serverHolding(target)
      if (serving) throw new Error(`The portal (process ${serving.pid}, at ${serving.publicUrl} since ${serving.since}) is serving ${target}. Stop it first (SIGTERM or Ctrl-C), restore, then start it again. Nothing was changed.`)
      if (databaseOpenElsewhere(target)) throw new Error(`${target} is open in another process (a portal, a command, the sqlite3 shell). Stop it first, then restore. Nothing was changed.`)
      const problems = checkBackup(source)
      if (problems.length) throw new Error(`${source} fails SQLite's integrity check:\n${problems.join('\n')}`)
      const kept = restoreFile(source, target)
      const db = getDb(target)
      const chain = verifyChain(db)
      console.log(`Restored ${source} to ${target}${kept ? ` (the database it replaced is kept as ${kept})` : ''}. Audit trail: ${chain.ok ? `intact, ${chain.checked} entries.` : describeChain(chain)}`)
    },
  },
} satisfies Record<string, Command>
Object.assign(commands, maintenance)

/** Extra steps after the organisations are in, registered by other modules (e.g. demo officers). */
export const demoSteps: Array<() => Promise<void> | void> = [
  () => {
    const slugs = createDemoOfficers(getDb(env().DATABASE_PATH))
    console.log(`Demo officers: ${slugs.length} (see their sign-in details with: npm run portal -- demo-officer <org-slug>).`)
  },
]

function languageOption(args: string[]): { positional: string[]; language: Language | undefined } {
  const i = args.indexOf('--language')
  if (i === -1) return { positional: args, language: undefined }
  const value = args[i + 1]
  if (!isLanguage(value)) throw new UsageError('--language must be da, no, fi or en')
  return { positional: [...args.slice(0, i), ...args.slice(i + 2)], language: value }
}

async function loadDemo() {
  // The demo organisations' connectors read these sample databases of fictional people.
  const samples = buildSampleDatabases(env().CONNECTOR_DIR)
  console.log(`Sample databases: ${samples.length}, each in its organisation's folder of ${env().CONNECTOR_DIR}/.`)
  const db = getDb(env().DATABASE_PATH)
  const { created, updated } = importOrganisations(db, readOrganisationFiles(DEMO_DIR))
  console.log(`Demo organisations: created ${created.length}, updated ${updated.length}.`)
  for (const step of demoSteps) await step()
}

class UsageError extends Error {}

/** `--name <value>` taken out of args. */
function takeOption(args: string[], name: string): string | undefined {
  const i = args.indexOf(name)
  if (i === -1) return undefined
  const value = args[i + 1]
  if (value === undefined || value.startsWith('--')) throw new UsageError(`${name} needs a value`)
  args.splice(i, 2)
  return value
}

/** Whether a flag is in args, taken out. */
function takeFlag(args: string[], name: string): boolean {
  const i = args.indexOf(name)
  if (i === -1) return false
  args.splice(i, 1)
  return true
}

/** --expect <hash>, --expect-count <n> and --anchor <file> (a backup's .anchor.json), taken out of args. */
function anchorOptions(args: string[]): Partial<AuditAnchor> {
  const take = (name: string) => takeOption(args, name)
  const anchor: Partial<AuditAnchor> = {}
  const file = take('--anchor')
  if (file) {
    let kept: unknown
    try {
      kept = JSON.parse(fs.readFileSync(path.resolve(file), 'utf8'))
    } catch (error) {
      throw new UsageError(`--anchor: cannot read ${file}: ${(error as Error).message}`)
    }
    const { entries, hash } = (kept ?? {}) as Partial<AuditAnchor>
    if (!Number.isSafeInteger(entries) || (entries as number) < 0 || typeof hash !== 'string') throw new UsageError(`--anchor: ${file} does not hold {"entries": <n>, "hash": "<hash>"}`)
    Object.assign(anchor, { entries, hash })
  }
  const hash = take('--expect')
  const count = take('--expect-count')
  if (hash !== undefined) {
    if (!/^([0-9a-f]{64}|genesis)$/.test(hash)) throw new UsageError('--expect needs the head’s hash, 64 hexadecimal characters')
    anchor.hash = hash
  }
  if (count !== undefined) {
    if (!/^\d{1,15}$/.test(count)) throw new UsageError('--expect-count needs the number of entries')
    anchor.entries = Number(count)
  }
  return anchor
}

function describeChain(result: ChainCheck): string {
  if (result.ok) {
    if (result.since) {
      const after = result.checked - result.since.entries
      return `The audit trail is intact after its checkpoint of ${result.since.at.toISOString()} (entry ${result.since.eventId}, ${result.since.entries} entries up to it): ${after} entries recomputed, ${result.checked} in all, head ${result.head.hash}. Entries before the checkpoint were not read again: verify-audit --full rechecks them.`
    }
    return `The audit trail is intact: ${result.checked} entries, head ${result.head.hash}.`
  }
  if ('badCheckpoint' in result) {
    const { id, eventId, reason } = result.badCheckpoint
    const why = { forged: 'was not written by the portal (its seal does not match)', entry_changed: `names entry ${eventId}, whose hash or content has changed since`, entry_missing: `names entry ${eventId}, which is no longer in the trail` }[reason]
    return `The audit trail cannot be checked from its newest checkpoint (${id}): the checkpoint ${why}. Run verify-audit --full.`
  }
  if ('firstBroken' in result) {
    return `The audit trail is broken at entry ${result.firstBroken.id} (${result.firstBroken.kind}, ${result.firstBroken.at.toISOString()}), after ${result.checked} intact entries.`
  }
  const { expected, found } = result.notAnchored
  if (expected.entries === undefined) return `No entry of the audit trail (${result.checked} entries) has the anchor’s hash ${expected.hash}: entries were removed from its end.`
  if (result.checked < expected.entries) return `The audit trail has ${result.checked} entries, fewer than the ${expected.entries} of the anchor: entries were removed from its end.`
  return `Entry ${expected.entries} of the audit trail has the hash ${found}, not the anchor’s ${expected.hash}: the trail was cut there and written again.`
}

/** Moves the current database (and its WAL files) aside and copies the backup in its place; returns where the old one went. */
function restoreFile(source: string, target: string): string | null {
  let kept: string | null = null
  if (fs.existsSync(target)) {
    kept = `${target}.before-restore-${now().toISOString().replace(/[:.]/g, '-')}`
    fs.renameSync(target, kept)
    for (const suffix of ['-wal', '-shm']) if (fs.existsSync(target + suffix)) fs.renameSync(target + suffix, kept + suffix)
  }
  fs.copyFileSync(source, target)
  return kept
}

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
    return (await command.run(args)) ?? 0
  } catch (error) {
    console.error(error instanceof Error ? error.message : error)
    return error instanceof UsageError ? 2 : 1
  }
}

// `tsx app/cli/main.ts` from the source, `node build/server/cli.js` compiled (docs/decisions/026).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2))
}
