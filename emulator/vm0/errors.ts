/** The service's error envelope: `{"error":{"type","code","message"}}`. */

/** An error a handler throws to answer with the service's envelope. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly code: string,
    message: string
  ) {
    super(message)
  }

  body(): object {
    return { error: { type: this.type, code: this.code, message: this.message } }
  }
}

/** What the service answers to a request that fails its validation (not a 400: a quirk). */
export function validationError(): ApiError {
  return new ApiError(500, 'api_error', 'internal_error', 'An internal error occurred')
}

export function notFound(what: string, id: string): ApiError {
  return new ApiError(404, 'not_found_error', 'resource_not_found', `No such ${what}: '${id}'`)
}

export function badRequest(code: string, message: string): ApiError {
  return new ApiError(400, 'invalid_request_error', code, message)
}
