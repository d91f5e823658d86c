/**
 * The action's error hierarchy. Every message says what went wrong and what
 * the user can do about it; none carries a secret (the token, `secrets`
 * values and presigned URLs never reach a message).
 */

/** Base of every error the action raises on purpose. */
export class ActionError extends Error {
  override name = 'ActionError'
  constructor(message: string, options?: ErrorOptions) {
    super(message, options)
  }
}

/** An input that failed validation; raised before any request is made. */
export class InputError extends ActionError {
  override name = 'InputError'
  constructor(
    readonly input: string,
    message: string,
    options?: ErrorOptions
  ) {
    super(message, options)
  }
}

/** The body of a VM0 error answer: `{"error":{"type","code","message"}}`. */
export interface ApiErrorBody {
  type: string | null
  code: string | null
  message: string | null
}

/** An HTTP answer from the VM0 API carrying its JSON error envelope. */
export class Vm0ApiError extends ActionError {
  override name = 'Vm0ApiError'
  constructor(
    message: string,
    readonly status: number,
    readonly body: ApiErrorBody,
    readonly requestId: string | null,
    readonly method: string,
    readonly path: string,
    options?: ErrorOptions
  ) {
    super(message, options)
  }
}

/** 401: the token is missing, wrong or lacks permission. */
export class AuthenticationError extends Vm0ApiError {
  override name = 'AuthenticationError'
}

/** 404: what was looked up does not exist (for agents, the message lists those that do). */
export class NotFoundError extends Vm0ApiError {
  override name = 'NotFoundError'
}

/** 429 `concurrent_run_limit_exceeded`: the user already has the allowed number of active runs. */
export class ConcurrencyLimitError extends Vm0ApiError {
  override name = 'ConcurrencyLimitError'
}

/**
 * The request did not get a usable answer: a network error, a reset, or a
 * proxy's non-JSON error page. `sent` says whether the request may have
 * reached the server, which decides whether a create may be retried.
 */
export class TransportError extends ActionError {
  override name = 'TransportError'
  constructor(
    message: string,
    readonly sent: boolean,
    readonly status: number | null,
    options?: ErrorOptions
  ) {
    super(message, options)
  }
}

/**
 * The server at `api-url` answered, but not as the VM0 API does: an HTML
 * page, a 404 without the VM0 error envelope, a redirect. No request of
 * this action reached VM0 (so a create started no run); retrying will not
 * help until `api-url` is fixed.
 */
export class NotVm0ApiError extends TransportError {
  override name = 'NotVm0ApiError'
}

/**
 * An event stream that was open and then ended or broke off before the run
 * completed: the caller reconnects from the last sequence it saw.
 */
export class StreamDroppedError extends TransportError {
  override name = 'StreamDroppedError'
}

/**
 * The event stream itself sent `event: error` (the service says
 * `run_not_found` when the run vanished). Unlike a drop, reconnecting will
 * not help, and unlike an error answer there is no HTTP status: the caller
 * stops streaming and reads the run another way, which reports its fate.
 */
export class StreamErrorEvent extends ActionError {
  override name = 'StreamErrorEvent'
  constructor(
    /** The service's message, on one line and without secrets. */
    readonly detail: string,
    /** The service's code, e.g. `run_not_found`, when it sent one. */
    readonly code: string | null,
    options?: ErrorOptions
  ) {
    super(`The VM0 event stream reported: ${detail}`, options)
  }
}

/** A wait that ran out of time (`timeout`, `idle-timeout`). */
export class WaitTimeoutError extends ActionError {
  override name = 'WaitTimeoutError'
}

/** The run ended in a status other than `completed`. */
export class RunFailedError extends ActionError {
  override name = 'RunFailedError'
  constructor(
    readonly runId: string,
    readonly status: string,
    readonly runError: string | null,
    options?: ErrorOptions
  ) {
    super(
      `VM0 run ${runId} ended with status '${status}'` +
        (runError ? `: ${runError}` : '') +
        `. Set 'fail-on-error: false' to let the step pass anyway.`,
      options
    )
  }
}

/**
 * A VM0 answer saying the run is not in a state for the request (400
 * `invalid_state`, the platform's `RUN_NOT_CANCELLABLE`), e.g. cancelling a
 * run that already finished: for a cancel, the wanted end state may already hold.
 */
export function isInvalidStateError(error: unknown): error is Vm0ApiError {
  return (
    error instanceof Vm0ApiError &&
    (error.body.code === 'invalid_state' || error.body.code === 'RUN_NOT_CANCELLABLE')
  )
}

/** Turns anything thrown (not only `Error`) into one line for `core.setFailed`. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name
  if (typeof error === 'string') return error
  try {
    return `Unexpected error: ${JSON.stringify(error)}`
  } catch {
    return `Unexpected error: ${String(error)}`
  }
}

/**
 * The stack of an error followed by those of its causes (up to five), for
 * the debug log: the one-line message is for the user, the stack is for
 * whoever has to find out why something unexpected failed. Undefined for a
 * thrown value that is not an Error.
 */
export function errorStack(error: unknown): string | undefined {
  const stacks: string[] = []
  const seen = new Set<unknown>()
  for (let e = error; e instanceof Error && !seen.has(e) && stacks.length < 5; e = e.cause) {
    seen.add(e)
    if (e.stack) stacks.push(stacks.length === 0 ? e.stack : `Caused by: ${e.stack}`)
  }
  return stacks.length === 0 ? undefined : stacks.join('\n')
}
