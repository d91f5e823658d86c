/**
 * A typed stand-in for `@actions/core`, for in-process tests of the pipeline
 * (as the typescript-action template does): it records what the action told
 * the runner instead of writing workflow commands.
 */
import type * as Core from '@actions/core'

type CoreModule = typeof Core

/** What the action did through `@actions/core`, in order where order matters. */
export class CoreRecord {
  readonly outputs = new Map<string, string>()
  readonly state = new Map<string, string>()
  /** Every saveState call, in order: proves the run id was held before it was released. */
  readonly stateHistory: Array<[string, string]> = []
  readonly log: string[] = []
  readonly warnings: string[] = []
  readonly errors: string[] = []
  readonly debug: string[] = []
  readonly secrets: string[] = []
  failed: string | null = null
  inputs: Record<string, string> = {}

  reset(): void {
    this.outputs.clear()
    this.state.clear()
    this.stateHistory.length = 0
    this.log.length = 0
    this.warnings.length = 0
    this.errors.length = 0
    this.debug.length = 0
    this.secrets.length = 0
    this.failed = null
    this.inputs = {}
  }

  /** The `error` and `status` outputs and the failure, for compact assertions. */
  get result(): { status?: string; error?: string; failed: string | null } {
    const out: { status?: string; error?: string; failed: string | null } = { failed: this.failed }
    const status = this.outputs.get('status')
    const error = this.outputs.get('error')
    if (status !== undefined) out.status = status
    if (error !== undefined) out.error = error
    return out
  }
}

function message(value: string | Error): string {
  return typeof value === 'string' ? value : value.message
}

/** The module to hand `jest.unstable_mockModule('@actions/core', ...)`. */
export function coreModule(record: CoreRecord): Partial<CoreModule> {
  const fixture: Partial<CoreModule> = {
    getInput: (name: string) => record.inputs[name] ?? '',
    getState: (name: string) => record.state.get(name) ?? '',
    setOutput: (name: string, value: unknown) => void record.outputs.set(name, String(value)),
    saveState: (name: string, value: unknown) => {
      record.state.set(name, String(value))
      record.stateHistory.push([name, String(value)])
    },
    setSecret: (value: string) => void record.secrets.push(value),
    setFailed: (value: string | Error) => {
      record.failed = message(value)
    },
    info: (text: string) => void record.log.push(text),
    debug: (text: string) => void record.debug.push(text),
    notice: (text: string | Error) => void record.log.push(`notice: ${message(text)}`),
    warning: (text: string | Error) => void record.warnings.push(message(text)),
    error: (text: string | Error) => void record.errors.push(message(text)),
    startGroup: (title: string) => void record.log.push(`group: ${title}`),
    endGroup: () => void record.log.push('endgroup'),
    group: async <T>(title: string, fn: () => Promise<T>): Promise<T> => {
      record.log.push(`group: ${title}`)
      try {
        return await fn()
      } finally {
        record.log.push('endgroup')
      }
    }
  }
  return fixture
}
