import type { LoaderFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { downloadDocument } from '~/domain/answers.server'
import { fileNotFound, fileResponse, pageT } from '~/web/http.server'
import { subjectFromRequest } from '~/web/subject.server'

// One file of the answer, for the person's session when a fresh download link
// opened it, while the organisation's download period lasts; every download
// is in the audit trail. Otherwise back to the status page, which says why.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { lang, db } = pageT(params)
  const access = await subjectFromRequest(db, request)
  if (!access) throw redirect(`/${lang}/status`)
  const result = downloadDocument(db, { request: access.request, downloadsUntil: access.session.downloadsUntil, documentId: Number(params.document) })
  if (!result.ok) {
    if (result.reason === 'notFound') fileNotFound()
    throw redirect(`/${lang}/status/request?download=${result.reason === 'expired' ? 'ended' : 'expired'}#answer-heading`)
  }
  const { document } = result
  return fileResponse(document.content, { contentType: document.contentType, filename: document.filename, disposition: 'attachment' })
}
