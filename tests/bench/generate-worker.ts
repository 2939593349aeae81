import { parentPort, workerData } from 'node:worker_threads'
import { Preparer, type PrepareContext } from './generate-rows'

// A worker thread of the benchmark generator: makes the requests of the
// ranges it is sent (tests/bench/generate-rows.ts) and sends them back.

const preparer = new Preparer(workerData as PrepareContext)
parentPort!.on('message', (job: { from: number; to: number }) => {
  parentPort!.postMessage({ from: job.from, prepared: preparer.range(job.from, job.to) })
})
