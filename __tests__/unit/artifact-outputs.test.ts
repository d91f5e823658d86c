import { describe, expect, it } from '@jest/globals'
import type { CollectResult } from '../../src/artifacts/types.js'
import { artifactOutputValues } from '../../src/report/artifact-outputs.js'

const collected: CollectResult = {
  artifactVersion: 'a1b2c3d4e5f6a7b8',
  artifactsPath: '/tmp/rt/vm0-run/files',
  files: [{ path: 'report.md', size: 12 }],
  totalBytes: 12,
  skipped: [],
  upload: {
    id: 42,
    name: 'vm0-out-run',
    url: 'https://github.com/o/r/actions/runs/1/artifacts/42',
    digest: 'sha256:abc'
  }
}

describe('artifactOutputValues', () => {
  it('names every artifact output after action.yml', () => {
    expect(artifactOutputValues(collected)).toEqual({
      'artifact-version': 'a1b2c3d4e5f6a7b8',
      'artifacts-path': '/tmp/rt/vm0-run/files',
      'artifact-id': 42,
      'artifact-url': 'https://github.com/o/r/actions/runs/1/artifacts/42',
      'artifact-digest': 'sha256:abc'
    })
  })

  it('leaves the upload outputs unset when nothing was uploaded (upload: false)', () => {
    expect(artifactOutputValues({ ...collected, upload: null })).toEqual({
      'artifact-version': 'a1b2c3d4e5f6a7b8',
      'artifacts-path': '/tmp/rt/vm0-run/files',
      'artifact-id': null,
      'artifact-url': null,
      'artifact-digest': null
    })
  })

  it('sets none of them when nothing was collected', () => {
    const values = artifactOutputValues(null)
    expect(Object.keys(values).sort()).toEqual([
      'artifact-digest',
      'artifact-id',
      'artifact-url',
      'artifact-version',
      'artifacts-path'
    ])
    expect(Object.values(values).every(v => v === null)).toBe(true)
  })
})
