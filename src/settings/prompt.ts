/**
 * The prompt of a run to start: given inline or read from a file, with the
 * OS's reason when the file cannot be read.
 */
import * as nodePath from 'node:path'
import { isObject } from '../base/json.js'
import { Inputs } from './names.js'
import { errorText, type Fail, show } from './problems.js'

/**
 * The prompt of a run to start, from `prompt` or else `prompt-file`
 * (resolved against the workspace), trimmed; exactly one of them, not empty.
 */
export function readPrompt(
  prompt: string,
  promptFile: string,
  workspace: string,
  readFile: (path: string) => string,
  fail: Fail
): { text: string; file: string | null } {
  if (prompt !== '' && promptFile !== '') {
    fail(
      Inputs.Prompt,
      `Give the prompt in \`${Inputs.Prompt}\` or in \`${Inputs.PromptFile}\`, not both (\`${Inputs.PromptFile}\` is ${show(promptFile)})`
    )
    return { text: prompt, file: null }
  }
  if (prompt !== '') return { text: prompt, file: null }
  if (promptFile === '') {
    fail(
      Inputs.Prompt,
      `A prompt is required: set \`${Inputs.Prompt}\` (the text) or \`${Inputs.PromptFile}\` (a file holding it), or set \`${Inputs.RunId}\` to follow a run that already exists`
    )
    return { text: '', file: null }
  }
  const file = nodePath.resolve(workspace, promptFile)
  let content: string
  try {
    content = readFile(file)
  } catch (error) {
    fail(
      Inputs.PromptFile,
      `\`${Inputs.PromptFile}\` ${show(promptFile)} could not be read from ${file}: ${osReason(error)}`
    )
    return { text: '', file }
  }
  const text = content.trim()
  if (text === '') {
    fail(
      Inputs.PromptFile,
      `\`${Inputs.PromptFile}\` ${file} is empty; the prompt must not be empty`
    )
  }
  return { text, file }
}

/** `ENOENT: no such file or directory`, without the path Node appends (the message names it already). */
function osReason(error: unknown): string {
  const message = errorText(error).replace(/, \w+ '.*'$/s, '')
  const code = isObject(error) && typeof error['code'] === 'string' ? error['code'] : null
  return code && !message.includes(code) ? `${code}: ${message}` : message
}
