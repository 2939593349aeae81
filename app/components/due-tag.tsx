import { useTranslation } from 'react-i18next'
import type { Urgency } from '~/domain/deadlines'

/**
 * How long is left, in words, and to what: the legal deadline or the
 * organisation's own target. The colour only repeats what the words say.
 */
export function DueTag({ daysLeft, urgency, paused, of = 'legal' }: { daysLeft: number; urgency: Urgency; paused?: boolean; of?: 'legal' | 'target' }) {
  const { t } = useTranslation('officer')
  if (paused) return <strong className="due-tag due-tag--paused">{t('due.paused')}</strong>
  const key = of === 'legal' ? 'due' : 'target'
  const text = daysLeft < 0 ? t(`${key}.overdue`, { count: -daysLeft }) : daysLeft === 0 ? t(`${key}.today`) : t(`${key}.left`, { count: daysLeft })
  return <strong className={`due-tag due-tag--${of === 'legal' ? urgency : daysLeft < 0 ? 'target-missed' : 'target'}`}>{text}</strong>
}
