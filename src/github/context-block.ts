/**
 * STUB until `githubContextBlock(env, payload)` of src/github/context.ts lands
 * (platform-settings): the platform has no variables, so `github-context:
 * true` puts the workflow's context at the top of the prompt instead. This
 * file goes away at the merge, and its one caller imports context.ts.
 */
import { githubContextVariables } from './context.js'

/** A short, clearly delimited block of the workflow's context for the top of the prompt. */
export function githubContextBlock(env: NodeJS.ProcessEnv, payload: unknown): string {
  const lines = Object.entries(githubContextVariables(env, payload)).map(
    ([key, value]) => `${key}=${value}`
  )
  return ['<github-context>', ...lines, '</github-context>'].join('\n')
}
