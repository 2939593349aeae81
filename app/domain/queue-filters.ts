// The queue's filters and order as they travel in a URL (read, written back,
// the cursor), for the queue page, its export and the queries alike. Plain
// functions, so the page's component may use them in the browser too.
export { parseQueueFilters, queueParams, QUEUE_SORTS, type QueueFilters, type QueueSort } from '~/data/queue-filters'
