import { useTranslation } from 'react-i18next'
import type { Urgency } from '~/domain/deadlines'

/** How long is left, in words; the colour only repeats what the words say. */
export function DueTag({ daysLeft, urgency, paused }: { daysLeft: number; urgency: Urgency; paused?: boolean }) {
  const { t } = useTranslation('officer')
  if (paused) return <strong className="due-tag due-tag--paused">{t('due.paused')}</strong>
  const text = daysLeft < 0 ? t('due.overdue', { count: -daysLeft }) : daysLeft === 0 ? t('due.today') : t('due.left', { count: daysLeft })
  return <strong className={`due-tag due-tag--${urgency}`}>{text}</strong>
}
