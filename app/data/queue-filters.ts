import { REQUEST_STATUSES, REQUEST_TYPES, type RequestStatus, type RequestType } from '~/vocabulary'

// The queue's filters and order as they travel in a URL: read, written back,
// and the cursor of keyset pagination. Plain functions, used by the page, the
// export and the queries (app/data/officer-requests.server.ts).

export const QUEUE_SORTS = ['deadline', 'received', 'activity'] as const
export type QueueSort = (typeof QUEUE_SORTS)[number]

export type QueueFilters = {
  status?: RequestStatus
  type?: RequestType
  assigned?: 'me' | 'unassigned'
  /** Past the legal deadline. */
  overdue?: boolean
  /** Past the organisation's own target. */
  pastTarget?: boolean
  /** Identity not yet verified. */
  unverified?: boolean
  /** A processor's request about a client's call whose client nobody knows yet (docs/decisions/016). */
  needsRouting?: boolean
  q?: string
  sort: QueueSort
  dir: 'asc' | 'desc'
}

export type QueueCursor = { key: number; id: number }

/** The natural direction of each sort: the nearest deadline, the newest receipt, the latest activity first. */
const DEFAULT_DIR: Record<QueueSort, 'asc' | 'desc'> = { deadline: 'asc', received: 'desc', activity: 'desc' }

/** Reads the queue's filters from a URL's search parameters, ignoring anything unknown. */
export function parseQueueFilters(params: URLSearchParams): QueueFilters {
  const status = params.get('status')
  const type = params.get('type')
  const assigned = params.get('assigned')
  const q = params.get('q')?.normalize('NFC').trim().slice(0, 200)
  const sort = (QUEUE_SORTS as readonly string[]).includes(params.get('sort') ?? '') ? (params.get('sort') as QueueSort) : 'deadline'
  const dir = params.get('dir') === 'asc' || params.get('dir') === 'desc' ? (params.get('dir') as 'asc' | 'desc') : DEFAULT_DIR[sort]
  return {
    status: (REQUEST_STATUSES as readonly string[]).includes(status ?? '') ? (status as RequestStatus) : undefined,
    type: (REQUEST_TYPES as readonly string[]).includes(type ?? '') ? (type as RequestType) : undefined,
    assigned: assigned === 'me' || assigned === 'unassigned' ? assigned : undefined,
    overdue: params.get('overdue') === '1' || undefined,
    pastTarget: params.get('pastTarget') === '1' || undefined,
    unverified: params.get('unverified') === '1' || undefined,
    needsRouting: params.get('needsRouting') === '1' || undefined,
    q: q || undefined,
    sort,
    dir,
  }
}

/** The filters as search parameters again, for links that keep them. */
export function queueParams(f: QueueFilters): URLSearchParams {
  const p = new URLSearchParams()
  if (f.q) p.set('q', f.q)
  if (f.status) p.set('status', f.status)
  if (f.type) p.set('type', f.type)
  if (f.assigned) p.set('assigned', f.assigned)
  if (f.overdue) p.set('overdue', '1')
  if (f.pastTarget) p.set('pastTarget', '1')
  if (f.unverified) p.set('unverified', '1')
  if (f.needsRouting) p.set('needsRouting', '1')
  if (f.sort !== 'deadline') p.set('sort', f.sort)
  if (f.dir !== DEFAULT_DIR[f.sort]) p.set('dir', f.dir)
  return p
}

export function encodeCursor(c: QueueCursor): string {
  return `${c.key}.${c.id}`
}

export function decodeCursor(value: string | null | undefined): QueueCursor | undefined {
  const m = /^(\d{1,15})\.(\d{1,15})$/.exec(value ?? '')
  if (!m) return undefined
  return { key: Number(m[1]), id: Number(m[2]) }
}

