import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/client.server'
import { AnswerInvalidError, previewAnswer } from '~/domain/answers.server'
import { RequestNotFoundError } from '~/domain/requests.server'
import { requirePermission } from '~/web/auth.server'
import { fileNotFound, fileResponse, pageT } from '~/web/http.server'

// A document of the prepared answer, made from what would be sent, for the
// officer to read before sending it. Shown in the browser, never stored: kept
// only in the server's memory until the answer changes (decision 013).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { org } = await requirePermission(request, params, 'requests.read')
  let documents
  try {
    documents = await previewAnswer(getDb(), { orgId: org.id, requestId: Number(params.id) })
  } catch (error) {
    if (error instanceof RequestNotFoundError) fileNotFound()
    if (error instanceof AnswerInvalidError) {
      const { t } = pageT(params, 'officer')
      throw new Response(t(`errors.${error.code}`), { status: 503, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Retry-After': '60' } })
    }
    throw error
  }
  const document = documents[Number(params.index)]
  if (!document) fileNotFound()
  return fileResponse(document.content, { contentType: document.contentType, filename: `preview-${document.filename}`, disposition: 'inline' })
}
