/**
 * How the input layer words and gathers its problems: every input is read
 * even after one is wrong, so a workflow author sees all mistakes at once.
 */
import { InputError } from '../base/errors.js'
import { isObject } from '../base/json.js'

/** Records one problem with an input; reading goes on. */
export type Fail = (input: string, message: string) => void

/** Several inputs were invalid; `message` holds one line per problem. */
export class InputErrors extends InputError {
  override name = 'InputErrors'
  constructor(readonly errors: readonly InputError[]) {
    super(errors[0]?.input ?? '', errors.map(e => e.message).join('\n'))
  }
}

/** Duck-typed: errors from `fs` may come from another realm (e.g. under jest's VM modules). */
export function errorText(error: unknown): string {
  return isObject(error) && typeof error['message'] === 'string' ? error['message'] : String(error)
}
