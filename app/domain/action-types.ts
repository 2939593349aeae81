// The shapes the action catalogue (app/domain/actions.server.ts) hands to the
// page, kept apart from it so the browser's code can name them.

export const ACTION_IDS = ['verify', 'ask', 'message', 'received', 'extend', 'complete', 'refuse', 'override', 'assign', 'note', 'withdraw'] as const
export type ActionId = (typeof ACTION_IDS)[number]

/** Labels and hints are locale keys (officer namespace) or an organisation's own text. */
export type Text = { key: string; values?: Record<string, string | number> } | { text: string }

export type Choice = { value: string; label: Text; hint?: Text }

export type FieldSpec =
  | { kind: 'textarea'; name: string; label: Text; hint?: Text; optional?: boolean; rows?: number; templates?: boolean }
  | { kind: 'radios'; name: string; legend: Text; hint?: Text; choices: Choice[] }
  | { kind: 'select'; name: string; label: Text; choices: Choice[] }
  | { kind: 'notice'; text: Text }

export type Tone = 'primary' | 'secondary' | 'warning'

export type ActionFormSpec = { id: ActionId; tone: Tone; fields: FieldSpec[]; values: Record<string, string>; templates: Array<{ id: number; title: string }> }

export type OfferedAction = { id: ActionId; available: true } | { id: ActionId; available: false; reason: string }
