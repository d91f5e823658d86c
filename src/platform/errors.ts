/**
 * The platform's answers as the action's errors (docs/platform-api.md).
 *
 * The public chat-thread routes are the core: the action cannot work without
 * them. Every other route is enrichment: when the platform lacks one (404
 * with the bare body `{"error":"Not found"}`, its answer to any unknown path,
 * or 405), the client says so once and throws a {@link RouteMissingError} the
 * caller goes on without. A core route answering that way means the platform
 * moved it: {@link CoreRouteMovedError} names the route and when the contract
 * was read, so a user can report it.
 */
import {
  ActionError,
  AuthenticationError,
  NotFoundError,
  Vm0ApiError,
  type ApiErrorBody
} from '../base/errors.js'
import { remoteText } from '../text/remote.js'
import { createRedactor } from '../text/secrets.js'
import { answerError, parseEnvelope, type ErrorContext, type RawAnswer } from '../vm0/error-map.js'

/** When docs/platform-api.md was read from the platform's source. */
const CONTRACT_READ = '2026-09-19'

/** An enrichment route this platform does not serve; what is lost without it is in `lost`. */
export class RouteMissingError extends ActionError {
  override name = 'RouteMissingError'
  constructor(
    /** `GET /api/runs/:id`: the route's template, never an id. */
    readonly route: string,
    /** What the action cannot do without it, e.g. "the agent's events in the step log". */
    readonly lost: string,
    options?: ErrorOptions
  ) {
    super(`The route ${route} is missing on this platform: ${lost}.`, options)
  }
}

/** A core route answered as an unknown path: the platform moved or removed it. */
class CoreRouteMovedError extends ActionError {
  override name = 'CoreRouteMovedError'
}

/** A route the client calls: its template, whether it is core, and what is lost without it. */
export interface PlatformRoute {
  /** `GET /api/runs/:id`. */
  template: string
  core: boolean
  /** For enrichment routes: what the action goes on without. */
  lost: string
}

/** The one line said when an enrichment route is missing. */
export function routeMissingLine(error: RouteMissingError): string {
  return `Route ${error.route} is missing on this platform: ${error.lost}; going on without it.`
}

/** True for the platform's answer to a path it does not serve. */
function unknownPath(answer: RawAnswer): boolean {
  if (answer.status === 405) return true
  if (answer.status !== 404) return false
  try {
    const body = JSON.parse(answer.text) as unknown
    return (
      typeof body === 'object' &&
      body !== null &&
      typeof (body as Record<string, unknown>)['error'] === 'string'
    )
  } catch {
    return false
  }
}

const KEY_ADVICE =
  'Create a personal key (`vm0_pat_…`) in the web app under Settings → API keys and store it in ' +
  'the VM0_TOKEN secret (the `vm0-token` input).'

/** Maps a non-2xx platform answer to the action's error, with what to do about it. */
export function platformAnswerError(
  ctx: ErrorContext,
  answer: RawAnswer,
  route: PlatformRoute
): Error {
  if (unknownPath(answer)) {
    if (!route.core) return new RouteMissingError(route.template, route.lost)
    return new CoreRouteMovedError(
      `The platform answered ${route.template} with ${answer.status} ` +
        `${answer.status === 404 ? '{"error":"Not found"}' : 'Method Not Allowed'}, its answer ` +
        `to a path it does not serve: this public route was there when the action's contract was ` +
        `read (${CONTRACT_READ}), so the platform may have moved it. Check that \`api-url\` ` +
        `(${ctx.apiUrl ?? ctx.host}) is the platform's API, and report this to the action's ` +
        'maintainers.'
    )
  }
  const body = parseEnvelope(answer.text)
  if (body === null) return answerError(ctx, answer)
  return envelopeError(ctx, answer, cleanBody(body, ctx.secrets), route)
}

function cleanBody(body: ApiErrorBody, secrets: readonly string[]): ApiErrorBody {
  return {
    type: null,
    code: body.code === null ? null : remoteText(body.code, 60),
    message: body.message === null ? null : remoteText(createRedactor(secrets)(body.message), 300)
  }
}

/** Advice per status and code of the platform's error envelope. */
function advice(status: number, code: string | null, route: PlatformRoute): string {
  if (status === 401) return `The key is wrong, expired or revoked. ${KEY_ADVICE}`
  if (status === 402 || code === 'INSUFFICIENT_CREDITS')
    return 'The account has no credits left: add credits in the web app, then run the step again.'
  if (status === 403)
    return 'The key is valid but may not do this: check that the agent or thread belongs to the key’s account.'
  if (status === 404) {
    return route.template.includes('chat-threads')
      ? 'The thread does not exist or belongs to another user: check `thread-id`.'
      : 'It does not exist for this key’s account.'
  }
  if (status === 409)
    return 'The platform reports a conflict (the thread is busy, or this message was already sent): check the thread in the web app before trying again.'
  if (status === 422 || code === 'NO_MODEL_PROVIDER' || code === 'PROVIDER_DELETED')
    return 'The agent has no usable model provider: configure one for the agent in the web app (or set `model`).'
  if (status === 413) return 'The prompt is too large: shorten it.'
  if (status === 429) return 'Too many requests: try again later.'
  if (status >= 500) return 'The platform is having trouble; try again later.'
  return 'Check the inputs.'
}

function envelopeError(
  ctx: ErrorContext,
  answer: RawAnswer,
  body: ApiErrorBody,
  route: PlatformRoute
): Vm0ApiError {
  const tag = `${answer.status} ${body.code ?? 'error'}`
  const said = body.message === null ? '' : `: ${body.message.replace(/[.\s]+$/, '')}`
  const rid = answer.requestId ? ` Request id ${remoteText(answer.requestId, 100)}.` : ''
  const text = `The platform answered ${route.template} with ${tag}${said}. ${advice(answer.status, body.code, route)}${rid}`
  const args = [answer.status, body, answer.requestId, ctx.method, ctx.path] as const
  if (answer.status === 401 || answer.status === 403) return new AuthenticationError(text, ...args)
  if (answer.status === 404) return new NotFoundError(text, ...args)
  return new Vm0ApiError(text, ...args)
}
