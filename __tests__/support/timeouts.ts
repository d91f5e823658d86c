/**
 * Jest's per-test timeouts (loaded by jest.config.js for every file). They
 * mean "it hung", never "it was slow": a test asserts what happened, not how
 * long it took, so the suite passes on a loaded machine. An end-to-end test
 * runs the bundled action as a child process (several for some tests), each
 * killed by the harness after 4 minutes; 5 minutes leaves the test time to
 * report that.
 */
import { expect, jest } from '@jest/globals'

const END_TO_END_MS = 5 * 60_000

if (/[\\/]__tests__[\\/]e2e[\\/]/.test(expect.getState().testPath ?? '')) {
  jest.setTimeout(END_TO_END_MS)
}
