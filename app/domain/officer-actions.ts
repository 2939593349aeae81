// The fixed choices an officer's actions offer. Plain data, shared by the
// forms (client and server) and the domain functions.

/** How identity was checked. Only the method is recorded: never a copy of an ID document. */
export const IDENTITY_METHODS = ['id_document_checked', 'known_customer_details', 'bank_id', 'in_person'] as const
export type IdentityMethod = (typeof IDENTITY_METHODS)[number]

/** The grounds GDPR allows for refusing (Art. 12(2), 12(5)), and "we hold nothing about you". */
export const REFUSAL_GROUNDS = ['manifestly_unfounded', 'excessive', 'cannot_identify', 'not_held'] as const
export type RefusalGround = (typeof REFUSAL_GROUNDS)[number]
