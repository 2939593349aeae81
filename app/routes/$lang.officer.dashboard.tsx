import type { LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { REQUEST_STATUSES } from '~/vocabulary'
import { getDb } from '#db/client.server'
import { dashboardStats } from '~/domain/queue-view.server'
import { LANGUAGE_TAGS } from '~/domain/languages'
import { REQUEST_TYPES } from '~/domain/request-types'
import { dateTimeFormat, fixedT, numberFormat } from '~/i18n/i18n'
import { requirePermission } from '~/web/auth.server'
import { colours } from '~/components/tokens'
import { Cell, SummaryList, Table } from '~/components/ui'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { org, lang } = await requirePermission(request, params, 'dashboard.read')
  const t = fixedT(lang, ['oversight'])
  const stats = dashboardStats(getDb(), { orgId: org.id, timeZone: org.timeZone })
  // Numbers and months are formatted here, once, so the server's and the
  // browser's Intl can never disagree about them.
  const tag = LANGUAGE_TAGS[lang]
  const number = numberFormat(tag, { maximumFractionDigits: 1 })
  const percent = numberFormat(tag, { style: 'percent', maximumFractionDigits: 0 })
  const count = numberFormat(tag)
  const shortMonth = dateTimeFormat(tag, { month: 'short', timeZone: org.timeZone })
  const longMonth = dateTimeFormat(tag, { month: 'long', year: 'numeric', timeZone: org.timeZone })
  const figures = (f: (typeof stats)['total']) => ({
    received: f.received,
    answered: f.answered,
    openOverdue: f.openOverdue,
    // As the reader's language writes numbers (36 721, 36.721).
    text: { received: count.format(f.received), answered: count.format(f.answered), openOverdue: count.format(f.openOverdue) },
    onTimeShare: f.onTimeShare === null ? null : percent.format(f.onTimeShare),
    medianDays: f.medianDays === null ? null : number.format(f.medianDays),
  })
  const first = stats.months[0]!
  const last = stats.months[stats.months.length - 1]!
  return {
    pageTitle: t('oversight:dashboard.title'),
    orgName: org.name,
    from: longMonth.format(first.start),
    to: longMonth.format(last.start),
    total: figures(stats.total),
    months: stats.months.map((m, i) => ({
      key: m.month,
      label: shortMonth.format(m.start),
      // The chart names the year under the first month and under each January.
      year: i === 0 || m.month.endsWith('-01') ? m.month.slice(0, 4) : null,
      longLabel: longMonth.format(m.start),
      ...figures(m),
    })),
    byStatus: REQUEST_STATUSES.map((status) => ({ status, count: stats.byStatus[status], text: count.format(stats.byStatus[status]) })),
    byType: REQUEST_TYPES.map((type) => ({ type, count: stats.byType[type], text: count.format(stats.byType[type]) })),
    totals: { status: count.format(Object.values(stats.byStatus).reduce((a, b) => a + b, 0)), type: count.format(Object.values(stats.byType).reduce((a, b) => a + b, 0)) },
  }
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>

export default function Dashboard() {
  const d = useLoaderData<typeof loader>()
  const { t } = useTranslation('oversight')
  const dash = (value: string | null) => value ?? t('dashboard.notYet')
  return (
    <>
      <span className="caption">{d.orgName}</span>
      <h1>{t('dashboard.title')}</h1>
      <p className="lead">{t('dashboard.lead', { org: d.orgName, from: d.from, to: d.to })}</p>

      <h2>{t('dashboard.summaryHeading')}</h2>
      <SummaryList
        rows={[
          { key: t('dashboard.received'), value: d.total.text.received },
          { key: t('dashboard.answered'), value: d.total.text.answered },
          { key: t('dashboard.onTimeShare'), value: dash(d.total.onTimeShare) },
          { key: t('dashboard.medianDays'), value: dash(d.total.medianDays) },
          { key: t('dashboard.openOverdue'), value: d.total.text.openOverdue },
        ]}
      />

      <h2>{t('dashboard.monthlyHeading')}</h2>
      {/* On a narrow screen the chart scrolls sideways instead of shrinking out of legibility; the table becomes cards. */}
      <div role="region" aria-label={t('dashboard.chartTitle')} tabIndex={0} className="scroll-region">
        <MonthlyChart months={d.months} from={d.from} to={d.to} />
      </div>
      <Table
        caption={t('dashboard.monthlyCaption')}
        columns={[
          { key: 'month', label: t('dashboard.month') },
          { key: 'received', label: t('dashboard.received') },
          { key: 'answered', label: t('dashboard.answered') },
          { key: 'onTime', label: t('dashboard.onTimeShare') },
          { key: 'median', label: t('dashboard.medianDays') },
          { key: 'overdue', label: t('dashboard.openOverdue') },
        ]}
      >
        {d.months.map((m) => (
          <tr key={m.key}>
            <Cell label={t('dashboard.month')} header>
              {m.longLabel}
            </Cell>
            <Cell label={t('dashboard.received')}>
              {m.text.received}
            </Cell>
            <Cell label={t('dashboard.answered')}>
              {m.text.answered}
            </Cell>
            <Cell label={t('dashboard.onTimeShare')}>
              {dash(m.onTimeShare)}
            </Cell>
            <Cell label={t('dashboard.medianDays')}>
              {dash(m.medianDays)}
            </Cell>
            <Cell label={t('dashboard.openOverdue')}>
              {m.text.openOverdue}
            </Cell>
          </tr>
        ))}
      </Table>
      <p className="hint">{t('dashboard.definitions')}</p>

      <h2>{t('dashboard.byStatus')}</h2>
      <CountTable
        caption={t('dashboard.byStatus')}
        head={t('dashboard.status')}
        rows={d.byStatus.map((r) => ({ key: r.status, label: t(`status.${r.status}`), text: r.text }))}
        total={d.totals.status}
      />
      <h2>{t('dashboard.byType')}</h2>
      <CountTable
        caption={t('dashboard.byType')}
        head={t('dashboard.type')}
        rows={d.byType.map((r) => ({ key: r.type, label: t(`types.${r.type}`), text: r.text }))}
        total={d.totals.type}
      />
    </>
  )
}

function CountTable({ caption, head, rows, total }: { caption: string; head: string; rows: Array<{ key: string; label: string; text: string }>; total: string }) {
  const { t } = useTranslation('oversight')
  return (
    <Table
      caption={caption}
      columns={[
        { key: 'label', label: head },
        { key: 'count', label: t('dashboard.count') },
      ]}
      foot={
        <tr>
          <Cell label={head} header>
            {t('dashboard.total')}
          </Cell>
          <Cell label={t('dashboard.count')}>
            {total}
          </Cell>
        </tr>
      }
    >
      {rows.map((r) => (
        <tr key={r.key}>
          <Cell label={head} header>
            {r.label}
          </Cell>
          <Cell label={t('dashboard.count')}>
            {r.text}
          </Cell>
        </tr>
      ))}
    </Table>
  )
}

// The chart is plain SVG rendered with the page, so it needs no JavaScript.
// Received bars are solid, answered bars hatched, and every bar carries its
// number: nothing depends on telling colours apart. Screen readers get the
// title and description, and the table after it holds the same figures.
const W = 960
const H = 380
const PAD = { top: 52, right: 8, bottom: 56, left: 48 }
const INK = colours.text
const RECEIVED = colours.brand
const ANSWERED = colours.success

function MonthlyChart({ months, from, to }: { months: Data['months']; from: string; to: string }) {
  const { t } = useTranslation('oversight')
  const highest = Math.max(1, ...months.map((m) => Math.max(m.received, m.answered)))
  // Four or five evenly spaced whole-number lines: a step of 1, 2 or 5 times a power of ten.
  const step = niceStep(highest / 4)
  const max = Math.ceil(highest / step) * step
  const ticks = Array.from({ length: max / step + 1 }, (_, i) => i * step)
  const plotW = W - PAD.left - PAD.right
  const plotH = H - PAD.top - PAD.bottom
  const group = plotW / months.length
  const bar = Math.min(28, group * 0.34)
  const y = (value: number) => PAD.top + plotH - (value / max) * plotH
  return (
    <svg
      role="img"
      aria-labelledby="chart-title chart-desc"
      viewBox={`0 0 ${W} ${H}`}
      width="100%"
      className="chart"
      fontFamily="inherit"
      fontSize="16"
    >
      <title id="chart-title">{t('dashboard.chartTitle')}</title>
      <desc id="chart-desc">{t('dashboard.chartDesc', { from, to })}</desc>
      <defs>
        <pattern id="chart-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="6" height="6" fill={colours.surface} />
          <line x1="0" y1="0" x2="0" y2="6" stroke={ANSWERED} strokeWidth="3" />
        </pattern>
      </defs>

      <g>
        <rect x={PAD.left} y={10} width={18} height={18} fill={RECEIVED} />
        <text x={PAD.left + 26} y={25} fill={INK}>
          {t('dashboard.legendReceived')}
        </text>
        <rect x={PAD.left + 380} y={10} width={18} height={18} fill="url(#chart-hatch)" stroke={ANSWERED} strokeWidth="1.5" />
        <text x={PAD.left + 406} y={25} fill={INK}>
          {t('dashboard.legendAnswered')}
        </text>
      </g>

      {ticks.map((v) => (
        <g key={v}>
          <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} stroke={colours.border} strokeWidth="1" />
          <text x={PAD.left - 6} y={y(v) + 5} textAnchor="end" fill={colours.secondaryText}>
            {v}
          </text>
        </g>
      ))}

      {months.map((m, i) => {
        const x = PAD.left + i * group + (group - 2 * bar - 4) / 2
        return (
          <g key={m.key}>
            <rect x={x} y={y(m.received)} width={bar} height={PAD.top + plotH - y(m.received)} fill={RECEIVED} />
            <text x={x + bar / 2} y={y(m.received) - 4} textAnchor="middle" fill={INK} fontSize="14">
              {m.text.received}
            </text>
            <rect
              x={x + bar + 4}
              y={y(m.answered)}
              width={bar}
              height={PAD.top + plotH - y(m.answered)}
              fill="url(#chart-hatch)"
              stroke={ANSWERED}
              strokeWidth="1.5"
            />
            <text x={x + bar * 1.5 + 4} y={y(m.answered) - 4} textAnchor="middle" fill={INK} fontSize="14">
              {m.text.answered}
            </text>
            <text x={PAD.left + i * group + group / 2} y={H - PAD.bottom + 20} textAnchor="middle" fill={INK} fontSize="14">
              {m.label}
            </text>
            {m.year ? (
              <text x={PAD.left + i * group + group / 2} y={H - PAD.bottom + 42} textAnchor="middle" fill={INK} fontSize="14">
                {m.year}
              </text>
            ) : null}
          </g>
        )
      })}
      <line x1={PAD.left} x2={W - PAD.right} y1={PAD.top + plotH} y2={PAD.top + plotH} stroke={INK} strokeWidth="1.5" />
    </svg>
  )
}

/** The smallest of 1, 2, 5, 10, 20, 50, … that is at least `value`. */
function niceStep(value: number): number {
  if (value <= 1) return 1
  const power = 10 ** Math.floor(Math.log10(value))
  return ([1, 2, 5, 10].find((s) => s * power >= value) ?? 10) * power
}
