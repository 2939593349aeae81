// The shapes the action catalogue (app/domain/actions.server.ts) hands to the
// page, kept apart from it so the browser's code can name them.

export const ACTION_IDS = ['verify', 'ask', 'message', 'received', 'extend', 'collect', 'answer', 'send', 'override', 'route', 'assign', 'note', 'withdraw', 'notConfirmed', 'revokeLink', 'unlist', 'acknowledge', 'instruct', 'sendBack', 'merge', 'unmerge', 'liftRestriction', 'restrictWhileAssessed', 'keepCollected'] as const
export type ActionId = (typeof ACTION_IDS)[number]

/** Labels and hints are locale keys (officer namespace) or an organisation's own text. */
export type Text = { key: string; values?: Record<string, string | number> } | { text: string }

export type Choice = { value: string; label: Text; hint?: Text }

export type FieldSpec =
  | { kind: 'textarea'; name: string; label: Text; hint?: Text; optional?: boolean; rows?: number; templates?: boolean }
  | { kind: 'radios'; name: string; legend: Text; hint?: Text; choices: Choice[] }
  | { kind: 'checkboxes'; name: string; legend: Text; hint?: Text; choices: Choice[] }
  | { kind: 'select'; name: string; label: Text; hint?: Text; choices: Choice[] }
  | { kind: 'notice'; text: Text }
  /** Links to documents beside the form (`path` is relative to the request page), opened in the browser. */
  | { kind: 'documents'; heading: Text; items: Array<{ label: Text; path: string; meta?: Text }>; empty: Text }

export type Tone = 'primary' | 'secondary' | 'warning'

export type ActionFormSpec = { id: ActionId; tone: Tone; fields: FieldSpec[]; values: Record<string, string | string[]>; templates: Array<{ id: number; title: string }> }

/** `page`: the action has a page of its own beside the request page (e.g. "collect"), not a form on it. */
export type OfferedAction = { id: ActionId; available: true; page?: string } | { id: ActionId; available: false; reason: string }
