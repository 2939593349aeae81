export * from './organisations'
export * from './requests'
export * from './accounts'
export * from './outbox'
