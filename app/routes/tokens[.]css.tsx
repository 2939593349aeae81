import { tokensCss } from '~/components/tokens'

// The design tokens as CSS custom properties, from the same values the emails
// and the dashboard's chart use (app/components/tokens.ts).
export function loader() {
  return new Response(tokensCss(), { headers: { 'Content-Type': 'text/css; charset=utf-8' } })
}
