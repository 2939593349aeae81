import { parseWithZod } from '@conform-to/zod'
import { data, redirect, redirectDocument } from '@remix-run/node'
import type { AppLoadContext } from '@remix-run/node'
import type { Params } from '@remix-run/react'
import type { z } from 'zod'
import { isLanguage } from '~/domain/languages'
import { checkDraft, STEPS, stepFields, stepsFor, type Draft, type Step } from '~/domain/request-form'
import { readDraft, writeDraft } from '~/web/drafts.server'
import { readForm } from '~/web/forms.server'
import { notFound, pageT, requireOrganisation } from '~/web/http.server'

// What every page of the request form does: load the organisation and the
// draft, send the person back to the first unanswered page, save answers and
// move on; switching language saves what was typed without checking it, but
// only the page's own fields, each cut to its longest allowed value.

/** Fields posted once per box ticked. */
const CHECKBOX_GROUPS = new Set(['clients'])

export async function loadStep(request: Request, params: Params, step: Step) {
  const ctx = pageT(params, ['request', 'errors'])
  const { org, clients } = requireOrganisation(params)
  if (!stepsFor(org).includes(step)) notFound()
  const draft = await readDraft(ctx.db, request, org.id)
  const base = `/${ctx.lang}/o/${org.slug}/request`
  const check = checkDraft(draft, org, clients)
  const earliest = check.ok ? 'check' : check.step
  if (STEPS.indexOf(step) > STEPS.indexOf(earliest)) throw redirect(`${base}/${earliest}`)
  const change = new URL(request.url).searchParams.get('change') === '1'
  return { ...ctx, org, clients, draft, base, change, complete: check.ok }
}

export async function stepAction<S extends z.ZodTypeAny>(
  request: Request,
  params: Params,
  context: AppLoadContext,
  step: Exclude<Step, 'check'>,
  schema: (ctx: Awaited<ReturnType<typeof loadStep>>) => S,
  save: (draft: Draft, value: z.output<S>) => Draft,
) {
  const ctx = await loadStep(request, params, step)
  const formData = await readForm(request)
  const switchTo = formData.get('_language')
  const search = ctx.change ? '?change=1' : ''
  const store = async (draft: Draft) => {
    const isNew = Object.keys(ctx.draft).length === 0
    const cookie = await writeDraft(ctx.db, request, ctx.org.id, draft, { isNew, clientAddress: context.clientAddress })
    if (!cookie) throw data({ error: 'tooManyDrafts' }, { status: 429 })
    return cookie
  }
  if (isLanguage(switchTo)) {
    const fields = stepFields(step, ctx.draft, ctx.org)
    const typed: Record<string, string | string[]> = {}
    for (const [key, max] of Object.entries(fields)) {
      const values = formData.getAll(key).filter((v): v is string => typeof v === 'string').map((v) => v.slice(0, max))
      // A group of checkboxes posts its field once per box ticked; any other field counts once.
      if (values.length) typed[key] = CHECKBOX_GROUPS.has(key) ? values.slice(0, 20) : values[0]!
    }
    const cookie = await store({ ...ctx.draft, unsent: { ...ctx.draft.unsent, [step]: typed } })
    return redirectDocument(`/${switchTo}/o/${ctx.org.slug}/request/${step}${search}`, { headers: { 'Set-Cookie': cookie } })
  }
  const submission = parseWithZod(formData, { schema: schema(ctx) })
  if (submission.status !== 'success') return submission.reply()
  const { [step]: _, ...unsent } = ctx.draft.unsent ?? {}
  const draft = save({ ...ctx.draft, unsent }, submission.value)
  const cookie = await store(draft)
  const next = nextStep(step, draft, ctx)
  // A change that asks new questions keeps its "change" mode, so answering them leads back to the check page.
  const keepChange = ctx.change && next !== 'check' ? '?change=1' : ''
  return redirect(`${ctx.base}/${next}${keepChange}`, { headers: { 'Set-Cookie': cookie } })
}

function nextStep(step: Step, draft: Draft, ctx: Awaited<ReturnType<typeof loadStep>>): Step {
  const check = checkDraft(draft, ctx.org, ctx.clients)
  // After a change, go back to "check your answers" unless the change made a later page incomplete.
  if (ctx.change) return check.ok ? 'check' : check.step
  const steps = stepsFor(ctx.org)
  const following = steps[steps.indexOf(step) + 1] ?? 'check'
  return check.ok || STEPS.indexOf(check.step) >= STEPS.indexOf(following) ? following : check.step
}

/** Values to show on a page: what was typed but not yet sent, else what was saved. */
export function initialValues(draft: Draft, step: Step, saved: Record<string, unknown> | undefined) {
  return (draft.unsent?.[step] as Record<string, unknown> | undefined) ?? saved ?? {}
}
