import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/client.server'
import { parseQueueFilters } from '~/domain/queue-filters'
import { queueCsvParts } from '~/domain/queue-view.server'
import { now } from '~/utils/clock'
import { localDate } from '~/domain/deadlines'
import { requirePermission } from '~/web/auth.server'
import { streamedFileResponse } from '~/web/http.server'

// The queue's current view (its filters and order) as a CSV file, streamed:
// read and written a batch of rows at a time.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, org, lang } = await requirePermission(request, params, 'requests.export')
  const at = now()
  const parts = queueCsvParts(getDb(), { org, user, filters: parseQueueFilters(new URL(request.url).searchParams), lang, now: at })
  return streamedFileResponse(parts, { contentType: 'text/csv; charset=utf-8', filename: `requests-${org.slug}-${localDate(at, org.timeZone)}.csv`, disposition: 'attachment' })
}
