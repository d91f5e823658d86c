/**
 * The harness reads GITHUB_OUTPUT and GITHUB_STATE as the runner does on every
 * OS: @actions/core ends their lines with os.EOL, so on Windows with \r\n.
 */
import { describe, expect, it } from '@jest/globals'
import { parseFileCommands } from '../../emulator/runner/workflow-commands.js'

describe('file commands', () => {
  it('read the same with \\n (Linux, macOS) and \\r\\n (Windows) line ends', () => {
    const linux = 'status=completed\noutput<<ghadelimiter_1\nline one\nline two\nghadelimiter_1\n'
    expect(parseFileCommands(linux)).toEqual({
      status: 'completed',
      output: 'line one\nline two'
    })
    expect(parseFileCommands(linux.replace(/\n/g, '\r\n'))).toEqual(parseFileCommands(linux))
  })
})
