/**
 * Shows a step's stdout as the Actions log viewer does, read by the same
 * runner-like reader the tests use (emulator/runner/workflow-commands.ts):
 * every line the runner prints, fence lines included (dimmed), groups as
 * `▾ title` with their lines indented, annotations coloured, masked values
 * as ***, commands it obeys hidden. For people reading the demo.
 */
import { RunnerReader } from '../../emulator/runner/workflow-commands.js'

const DIM = '\u001b[2m'
const YELLOW = '\u001b[33m'
const RESET = '\u001b[0m'

export function createRunnerView(write: (text: string) => void): (chunk: string) => void {
  let partial = ''
  let inGroup = false
  const reader = new RunnerReader((line, kind) => {
    const indent = inGroup ? '  │ ' : ''
    switch (kind) {
      case 'group':
        inGroup = true
        write(`${line}\n`)
        return
      case 'endgroup':
        inGroup = false
        return
      case 'fence':
        write(`${indent}${DIM}${line}${RESET}\n`)
        return
      case 'annotation':
        write(`${indent}${YELLOW}${line.replace(/\n/g, ' ')}${RESET}\n`)
        return
      case 'text':
        write(`${indent}${line}\n`)
    }
  })
  return chunk => {
    partial += chunk
    // The runner's line reader ends a line at \n, \r\n and a lone \r; a \r at the
    // end of a chunk may be the first half of \r\n, so it waits for the next one.
    const lines = partial.split(/\r\n|\r(?!$)|\n/)
    partial = lines.pop() ?? ''
    for (const line of lines) reader.line(line)
  }
}
