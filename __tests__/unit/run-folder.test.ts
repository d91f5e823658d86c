import { describe, expect, it } from '@jest/globals'
import { tmpdir } from 'node:os'
import { tempFolder } from '../../src/run/folder.js'

describe('tempFolder', () => {
  it('is RUNNER_TEMP when the runner sets it, quietly', () => {
    const debug: string[] = []
    expect(tempFolder({ RUNNER_TEMP: '/runner/_temp' }, l => debug.push(l))).toBe('/runner/_temp')
    expect(debug).toEqual([])
  })

  it.each([[{}], [{ RUNNER_TEMP: '' }]])(
    'without RUNNER_TEMP (%j) is the OS temp folder, never the working directory, and says so',
    env => {
      const debug: string[] = []
      const folder = tempFolder(env, l => debug.push(l))
      expect(folder).toBe(tmpdir())
      expect(folder).not.toBe(process.cwd())
      expect(debug).toEqual([
        `RUNNER_TEMP is not set: the run's files go under the OS temp folder ${tmpdir()}.`
      ])
    }
  )
})
