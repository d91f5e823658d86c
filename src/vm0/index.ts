/** The VM0 API client and what it returns. */
export { Vm0Client, type Vm0ClientOptions, type EventsOptions } from './client.js'
export { SseParser, type SseMessage } from './sse.js'
export { retryDecision, backoffDelay, type RetryDecision, type RetryInput } from './retry.js'
export { paginate, type PaginateOptions } from './paginate.js'
export * from './types.js'
