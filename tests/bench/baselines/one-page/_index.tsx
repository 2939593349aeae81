import { useLoaderData } from '@remix-run/react'

// The one-page baseline's only page: a loader and a server-rendered paragraph.
export const loader = () => ({ greeting: 'Hello from a bare Remix app' })

export default function Index() {
  const { greeting } = useLoaderData<typeof loader>()
  return (
    <main>
      <h1>One page</h1>
      <p>{greeting}</p>
    </main>
  )
}
