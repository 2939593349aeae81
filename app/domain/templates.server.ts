import { z } from 'zod'
import type { DB } from '#db/client.server'
import type { ReplyTemplate, User } from '#db/schema'
import { deleteTemplate as removeTemplate, getTemplate, insertTemplate, orgTemplates, updateTemplate } from '~/data/templates.server'
import { officerActor, recordEvent } from '~/domain/events'
import { optionalText, requiredLine } from '~/domain/fields'
import { countOfficerWrite } from '~/domain/requests.server'
import { nowMs } from '~/utils/clock'
import { LANGUAGES, type Language, type Localized } from '~/vocabulary'

// An organisation's reply templates: reusable texts for messages and answers,
// one body per language, with placeholders an officer sees filled in (and can
// still edit) before sending.

export { fillTemplate, PLACEHOLDERS } from '~/domain/templates'

/** The templates that have a body in the request's language. */
export function templatesFor(db: DB, q: { orgId: number; language: Language }): ReplyTemplate[] {
  return orgTemplates(db, q.orgId).filter((t) => !!t.bodies[q.language])
}

export { orgTemplates, getTemplate }

export const templateSchema = z
  .object({
    title: requiredLine('officer:errors.templateTitleRequired', 120, 'officer:errors.tooLong'),
    ...(Object.fromEntries(LANGUAGES.map((l) => [`body_${l}`, optionalText(10_000)])) as Record<`body_${Language}`, ReturnType<typeof optionalText>>),
  })
  .refine((t) => LANGUAGES.some((l) => t[`body_${l}`]), { path: ['body_en'], message: 'officer:errors.templateBodyRequired' })

export function bodiesOf(value: z.output<typeof templateSchema>): Localized {
  return Object.fromEntries(LANGUAGES.flatMap((l) => (value[`body_${l}`] ? [[l, value[`body_${l}`]]] : [])))
}

/** Creates (no id) or changes a template of the admin's organisation. */
export function saveTemplate(db: DB, admin: Pick<User, 'id' | 'orgId'>, input: z.input<typeof templateSchema> & { id?: number }): { ok: true; id: number } | { ok: false } {
  const value = templateSchema.parse(input)
  const orgId = admin.orgId
  if (orgId === null) return { ok: false }
  countOfficerWrite(db, { orgId, officerId: admin.id })
  return db.transaction((tx) => {
    const at = new Date(nowMs())
    let id = input.id
    if (id === undefined) id = insertTemplate(tx, { orgId, title: value.title, bodies: bodiesOf(value), at }).id
    else if (!updateTemplate(tx, { orgId, id }, { title: value.title, bodies: bodiesOf(value), at })) return { ok: false as const }
    recordEvent(tx, { kind: 'template_saved', orgId, actor: officerActor(admin.id), data: { templateId: id, created: input.id === undefined } })
    return { ok: true as const, id }
  }, { behavior: 'immediate' })
}

export function deleteTemplate(db: DB, admin: Pick<User, 'id' | 'orgId'>, id: number): boolean {
  const orgId = admin.orgId
  if (orgId === null) return false
  return db.transaction((tx) => {
    if (!removeTemplate(tx, { orgId, id })) return false
    recordEvent(tx, { kind: 'template_deleted', orgId, actor: officerActor(admin.id), data: { templateId: id } })
    return true
  }, { behavior: 'immediate' })
}
