/**
 * Errors of the platform surface (docs/platform-api.md). Every route but the
 * public thread routes is enrichment: when the platform lacks one, the
 * client throws {@link RouteMissingError} and the caller says once what is
 * lost and goes on without it.
 */
import { ActionError } from '../base/errors.js'

/** An enrichment route answered 404/405: the platform does not serve it (any more). */
export class RouteMissingError extends ActionError {
  override name = 'RouteMissingError'
  constructor(
    /** The route as the docs name it, e.g. `GET /api/runs/:id/telemetry/agent`. */
    readonly route: string,
    /** What the action cannot do without it, e.g. "the agent's events in the step log". */
    readonly lost: string,
    options?: ErrorOptions
  ) {
    super(`The platform has no route ${route}: ${lost} cannot be had.`, options)
  }
}
