import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/client.server'
import { custodyFile } from '~/domain/custody.server'
import { now } from '~/utils/clock'
import { requirePermission } from '~/web/auth.server'
import { fileNotFound, fileResponse } from '~/web/http.server'

// A processor's request's chain of custody, for a supervisory authority: every
// hand-over to the controller from the hash-chained audit trail, as JSON or as
// a PDF, in the officer's language. Another organisation's request, or one the
// organisation answers itself, is not found.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { org, lang } = await requirePermission(request, params, 'requests.read')
  const format = params.format
  const id = Number(params.id)
  if ((format !== 'json' && format !== 'pdf') || !/^\d{1,12}$/.test(params.id ?? '') || !Number.isSafeInteger(id) || id <= 0) fileNotFound()
  const file = await custodyFile(getDb(), { org, requestId: id, lang, now: now(), format })
  if (!file) fileNotFound()
  return fileResponse(file.content, { contentType: file.contentType, filename: file.filename, disposition: 'attachment' })
}
