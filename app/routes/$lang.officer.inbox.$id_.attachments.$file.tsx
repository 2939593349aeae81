import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/client.server'
import { inboundAttachment } from '~/domain/inbound-mail.server'
import { requirePermission } from '~/web/auth.server'
import { fileNotFound, fileResponse } from '~/web/http.server'

// A received email's attachment, as a download: never shown inline, whatever
// type the sender gave it, so a file cannot run as a page of the portal.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { org } = await requirePermission(request, params, 'requests.read')
  const ids = [params.id, params.file].map((v) => (/^\d{1,12}$/.test(v ?? '') ? Number(v) : 0))
  if (ids.some((n) => !Number.isSafeInteger(n) || n <= 0)) fileNotFound()
  const file = inboundAttachment(getDb(), { orgId: org.id, inboundId: ids[0]!, id: ids[1]! })
  if (!file) fileNotFound()
  const filename = file.filename.replace(/[^\x20-\x7e]|["\\]/g, '_')
  return fileResponse(file.content, { contentType: 'application/octet-stream', filename, disposition: 'attachment' })
}
