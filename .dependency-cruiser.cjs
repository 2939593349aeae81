// The layers point one way: routes and web -> domain -> data -> db, with
// app/utils and app/vocabulary.ts as leaves every layer may use (see
// docs/decisions/007-layers.md). `npm test` runs this check first; a rule
// broken here fails the tests.
const LEAVES = '^app/(vocabulary\\.ts|utils/)'

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle makes the layers meaningless: one of its modules must move down.',
      from: { path: '^(app|db|emails)/' },
      to: { circular: true, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'vocabulary-imports-nothing',
      severity: 'error',
      from: { path: '^app/vocabulary\\.ts$' },
      to: { path: '^(app|db|emails)/' },
    },
    {
      name: 'utils-are-leaves',
      severity: 'error',
      comment: 'app/utils holds leaf helpers: they import nothing of ours but each other and the vocabulary.',
      from: { path: '^app/utils/' },
      to: { path: '^(app|db|emails)/', pathNot: LEAVES },
    },
    {
      name: 'db-below-everything',
      severity: 'error',
      comment: 'The schema and its helpers import only the leaves.',
      from: { path: '^db/', pathNot: '\\.test\\.ts$|^db/samples/' },
      to: { path: '^(app|emails)/', pathNot: LEAVES },
    },
    {
      name: 'data-below-domain',
      severity: 'error',
      comment: 'Typed queries never reach up into the domain, the web layer, routes, jobs, the CLI, components or emails.',
      from: { path: '^app/data/' },
      to: { path: '^app/(domain|web|routes|jobs|cli|components)/|^emails/' },
    },
    {
      name: 'domain-below-web',
      severity: 'error',
      comment: 'The domain is plain modules that routes, jobs, the CLI and tests call; it calls none of them.',
      from: { path: '^app/domain/' },
      to: { path: '^app/(web|routes|jobs|cli|components)/' },
    },
    {
      name: 'emails-are-views',
      severity: 'error',
      comment: 'Email templates render what they are given; they query nothing and decide nothing.',
      from: { path: '^emails/' },
      to: { path: '^app/(data|domain|web|routes|jobs|cli)/|^db/' },
    },
    {
      name: 'documents-are-views',
      severity: 'error',
      from: { path: '^app/documents/' },
      to: { path: '^app/(data|web|routes|jobs|cli)/|^db/(?!organisation-file)' },
    },
    {
      name: 'i18n-is-a-leaf',
      severity: 'error',
      from: { path: '^app/i18n/' },
      to: { path: '^app/(data|domain|web|routes|jobs|cli|components)/|^db/|^emails/' },
    },
    {
      name: 'components-draw',
      severity: 'error',
      comment: 'Components draw what routes give them: no queries, no server code.',
      from: { path: '^app/components/' },
      to: { path: '^app/(data|web|routes|jobs|cli)/|^db/|\\.server\\.tsx?$' },
    },
    {
      name: 'routes-through-domain',
      severity: 'error',
      comment: 'Pages speak HTTP: parse, call the domain, render. The domain is the one door to the data (app/domain/intake.server.ts for what people send).',
      from: { path: '^app/(routes|web)/' },
      to: { path: '^app/data/' },
    },
    {
      name: 'web-below-routes',
      severity: 'error',
      from: { path: '^app/web/' },
      to: { path: '^app/(routes|jobs|cli)/' },
    },
    {
      name: 'jobs-below-entry-points',
      severity: 'error',
      from: { path: '^app/jobs/' },
      to: { path: '^app/(web|routes|cli|components)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(build|\\.cache|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.tsx', '.js', '.json'] },
  },
}
