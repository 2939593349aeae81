import { pathToFileURL } from 'node:url'
import { serve } from '~/server'

// The portal as `npm run serve` starts it, in a process of its own, on the
// build given as the first argument (tests/maintenance.test.ts signals it).
await serve(pathToFileURL(process.argv[2]!).href)
