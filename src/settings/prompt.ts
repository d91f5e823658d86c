/**
 * The prompt of a run to start: given inline or read from a file, with the
 * OS's reason when the file cannot be read.
 */
import * as nodePath from 'node:path'
import { isObject } from '../base/json.js'
import { Inputs } from './names.js'
import { errorText, type Fail } from './problems.js'
import { quote } from '../text/quote.js'

/** How the prompt file is read: its real path (symbolic links resolved), then its text. */
interface PromptFiles {
  readFile: (path: string) => string
  realpath: (path: string) => string
}

/**
 * The prompt of a run to start, from `prompt` or else `prompt-file`
 * (resolved against the workspace, and inside it once symbolic links are
 * resolved), trimmed; exactly one of them, not empty.
 */
export function readPrompt(
  prompt: string,
  promptFile: string,
  workspace: string,
  files: PromptFiles,
  fail: Fail
): { text: string; file: string | null } {
  if (prompt !== '' && promptFile !== '') {
    fail(
      Inputs.Prompt,
      `Give the prompt in \`${Inputs.Prompt}\` or in \`${Inputs.PromptFile}\`, not both (\`${Inputs.PromptFile}\` is ${quote(promptFile)})`
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
  const real = insideWorkspace(promptFile, file, workspace, files.realpath, fail)
  if (real === null) return { text: '', file }
  let content: string
  try {
    content = files.readFile(real)
  } catch (error) {
    fail(
      Inputs.PromptFile,
      `\`${Inputs.PromptFile}\` ${quote(promptFile)} could not be read from ${file}: ${osReason(error)}`
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

/**
 * The real path of the prompt file when it lies inside the workspace, both
 * as written and once symbolic links are resolved; null (with the problem
 * recorded) otherwise. The file goes to the service as the prompt, so a path
 * such as /proc/self/environ (which holds the inputs, tokens included) must
 * never be read.
 */
function insideWorkspace(
  given: string,
  file: string,
  workspace: string,
  realpath: (path: string) => string,
  fail: Fail
): string | null {
  const outside = (where: string): null => {
    fail(
      Inputs.PromptFile,
      `\`${Inputs.PromptFile}\` must be a file inside the workspace ${workspace}; ${quote(given)} ${where}`
    )
    return null
  }
  const root = nodePath.resolve(workspace)
  if (!within(root, file)) return outside(`is ${file}`)
  let real: string
  try {
    real = realpath(file)
  } catch (error) {
    fail(
      Inputs.PromptFile,
      `\`${Inputs.PromptFile}\` ${quote(given)} could not be read from ${file}: ${osReason(error)}`
    )
    return null
  }
  let realRoot = root
  try {
    realRoot = realpath(root)
  } catch {
    // A workspace that cannot be resolved is compared as written.
  }
  return within(realRoot, real) ? real : outside(`leads to ${real} through a symbolic link`)
}

/** Whether `path` is `root` or below it (both absolute and normalised). */
function within(root: string, path: string): boolean {
  const rel = nodePath.relative(root, path)
  return (
    rel === '' ||
    (rel !== '..' && !rel.startsWith(`..${nodePath.sep}`) && !nodePath.isAbsolute(rel))
  )
}

/** `ENOENT: no such file or directory`, without the path Node appends (the message names it already). */
function osReason(error: unknown): string {
  const message = errorText(error).replace(/, \w+ '.*'$/s, '')
  const code = isObject(error) && typeof error['code'] === 'string' ? error['code'] : null
  return code && !message.includes(code) ? `${code}: ${message}` : message
}
