import type { ActionFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/client.server'
import { receiptLetter } from '~/domain/intake.server'
import { requirePermission } from '~/web/auth.server'
import { fileNotFound, fileResponse, idParam } from '~/web/http.server'

// The letter for a person who gave no email address: made on request (a
// POST, as each letter carries a new code for the status page), never kept.

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, org } = await requirePermission(request, params, 'requests.work')
  const letter = await receiptLetter(getDb(), { orgId: org.id, requestId: idParam(params.id), officerId: user.id })
  if (!letter) fileNotFound()
  return fileResponse(letter.pdf, { contentType: 'application/pdf', filename: letter.filename, disposition: 'attachment' })
}

export function loader(): never {
  fileNotFound()
}
