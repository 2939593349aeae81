import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { serve } from '~/server'
import { builtServer } from './build'

// The portal as `npm run serve` starts it, in a process of its own, on the
// build given as the first argument (tests/maintenance.test.ts signals it),
// once the test run's build is complete.
const index = path.resolve(process.argv[2]!)
await builtServer(path.dirname(path.dirname(index)))
await serve(pathToFileURL(index).href)
