import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/client.server'
import { parseQueueFilters } from '~/domain/queue-filters'
import { queueCsv } from '~/domain/queue-view.server'
import { now } from '~/utils/clock'
import { localDate } from '~/domain/deadlines'
import { requirePermission } from '~/web/auth.server'
import { fileResponse } from '~/web/http.server'

// The queue's current view (its filters and order) as a CSV file.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, org, lang } = await requirePermission(request, params, 'requests.export')
  const at = now()
  const csv = queueCsv(getDb(), { org, user, filters: parseQueueFilters(new URL(request.url).searchParams), lang, now: at })
  return fileResponse(csv, { contentType: 'text/csv; charset=utf-8', filename: `requests-${org.slug}-${localDate(at, org.timeZone)}.csv`, disposition: 'attachment' })
}
