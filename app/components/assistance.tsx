import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Notification, SummaryList, Tag } from '~/components/ui'
import type { Urgency } from '~/domain/deadlines'

// A hand-over between a processor and its controller on the request page
// (app/domain/assistance.server.ts): on the controller's request, who
// forwarded it with both instants; on the processor's, the tasks its clients
// gave it. Words are keys of officer:assistance and officer:forwardedBy.

type Line = { key: string; values?: Record<string, string | number> }

export type TaskRowView = {
  id: number
  kind: string
  given: string
  due: string
  daysLeft: number
  urgency: Urgency
  done: string | null
  doneBy: string | null
  result: Line[]
}

export type ForwardedByView = {
  processorName: string
  receivedAt: string
  forwardedAt: string
  lagHours: number
  acknowledgedAt: string | null
  returnedAt: string | null
  tasks: TaskRowView[]
}

function TaskStatus({ task }: { task: TaskRowView }) {
  const { t } = useTranslation('officer')
  if (task.done) return <Tag tone="good">{t('assistance.doneAt', { at: task.done })}</Tag>
  return task.daysLeft < 0 ? <Tag tone="bad">{t('assistance.overdue')}</Tag> : <Tag tone="neutral">{t('assistance.open')}</Tag>
}

function ResultLines({ lines }: { lines: Line[] }) {
  const { t } = useTranslation('officer')
  return lines.length ? (
    <>
      {lines.map((l) => (
        <p className="hint" key={l.key}>
          {t(l.key, l.values)}
        </p>
      ))}
    </>
  ) : null
}

export function ForwardedByPanel({ data }: { lang: string; data: ForwardedByView }) {
  const { t } = useTranslation('officer')
  return (
    <Notification tone="info" title={t('forwardedBy.title', { processor: data.processorName })}>
      <p>{t('forwardedBy.body', { processor: data.processorName })}</p>
      <SummaryList
        rows={[
          { key: t('forwardedBy.receivedAt', { processor: data.processorName }), value: data.receivedAt },
          { key: t('forwardedBy.forwardedAt'), value: `${data.forwardedAt} (${t('forwardedBy.lag', { count: data.lagHours })})` },
          { key: t('forwardedBy.acknowledged'), value: data.acknowledgedAt ?? t('forwardedBy.notAcknowledged') },
          ...(data.returnedAt ? [{ key: t('forwardedBy.returned'), value: data.returnedAt }] : []),
        ]}
      />
      {data.tasks.length ? (
        <>
          <h3>{t('assistance.instructionsHeading')}</h3>
          <ul className="task-list">
            {data.tasks.map((task) => (
              <li key={task.id}>
                {t(`assistance.kind.${task.kind}`)} · {t('assistance.due', { date: task.due })} <TaskStatus task={task} />
                <ResultLines lines={task.result} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Notification>
  )
}

export function TasksPanel({ lang, requestId, tasks }: { lang: string; requestId: number; tasks: Array<TaskRowView & { givenBy: string }> }) {
  const { t } = useTranslation('officer')
  return (
    <section aria-labelledby="tasks-heading">
      <h2 id="tasks-heading">{t('assistance.tasksHeading')}</h2>
      <p className="hint">{t('assistance.tasksLead')}</p>
      <ul className="task-list">
        {tasks.map((task) => (
          <li key={task.id}>
            <SummaryList
              rows={[
                { key: t('assistance.task'), value: t(`assistance.kind.${task.kind}`) },
                { key: t('assistance.givenBy'), value: `${task.givenBy} (${task.given})` },
                { key: t('assistance.dueLabel'), value: task.due },
                {
                  key: t('assistance.status'),
                  value: (
                    <>
                      <TaskStatus task={task} />
                      {task.doneBy ? <p className="hint">{t('assistance.doneBy', { name: task.doneBy })}</p> : null}
                      <ResultLines lines={task.result} />
                    </>
                  ),
                },
              ]}
            />
            {task.done ? null : (
              <p>
                <Link to={`/${lang}/officer/requests/${requestId}/tasks/${task.id}`}>{t('assistance.carryOut', { task: t(`assistance.kind.${task.kind}`) })}</Link>
              </p>
            )}
          </li>
        ))}
      </ul>
    </section>
  )
}

export type OpenTasksView = {
  count: number
  overdue: number
  rows: Array<{ id: number; kind: string; requestId: number; reference: string; client: string; due: string; daysLeft: number }>
}

/** The processor's queue: its open tasks, the soonest due first. */
export function OpenTasksSection({ lang, data }: { lang: string; data: OpenTasksView }) {
  const { t } = useTranslation('officer')
  if (data.count === 0) return null
  return (
    <section aria-labelledby="open-tasks-heading" className="open-tasks">
      <h2 id="open-tasks-heading">{t('assistance.openTasksHeading')}</h2>
      <p>{t('assistance.openTasksCount', { count: data.count, overdue: data.overdue })}</p>
      <ul className="task-list">
        {data.rows.map((r) => (
          <li key={r.id}>
            <Link to={`/${lang}/officer/requests/${r.requestId}/tasks/${r.id}`}>{t('assistance.openTaskLink', { task: t(`assistance.kind.${r.kind}`), reference: r.reference })}</Link>{' '}
            · {r.client} · {t('assistance.due', { date: r.due })} {r.daysLeft < 0 ? <Tag tone="bad">{t('assistance.overdue')}</Tag> : null}
          </li>
        ))}
      </ul>
    </section>
  )
}
