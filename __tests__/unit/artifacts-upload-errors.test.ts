import { describe, expect, it } from '@jest/globals'
import {
  ArtifactNotFoundError,
  GHESNotSupportedError,
  InvalidResponseError
} from '@actions/artifact'
import { UploadError } from '../../src/artifacts/errors.js'
import { type UploadClient, uploadFiles } from '../../src/artifacts/upload.js'

/** A client whose delete and upload fail (or not) as a case needs. */
function client(fail: { remove?: Error; upload?: Error }): UploadClient & { uploads: number } {
  const fake = {
    uploads: 0,
    async deleteArtifact(): Promise<unknown> {
      if (fail.remove) throw fail.remove
      return { id: 1 }
    },
    async uploadArtifact(): Promise<{ id?: number; digest?: string }> {
      fake.uploads++
      if (fail.upload) throw fail.upload
      return { id: 7, digest: 'sha256:d' }
    }
  }
  return fake
}

function upload(c: UploadClient, overwrite = true): Promise<unknown> {
  return uploadFiles({
    client: c,
    name: 'vm0-out-1234abcd',
    root: '/tmp/none',
    files: [{ path: 'a.txt', size: 1 }],
    retentionDays: null,
    compressionLevel: 6,
    overwrite,
    env: {},
    info: () => undefined
  })
}

describe('uploadFiles and the errors of @actions/artifact', () => {
  it('overwrite: no earlier artifact (ArtifactNotFoundError) is not an error', async () => {
    const c = client({ remove: new ArtifactNotFoundError('Artifact not found for name: x') })
    await expect(upload(c)).resolves.toMatchObject({ id: 7, digest: 'sha256:d' })
    expect(c.uploads).toBe(1)
  })

  it('overwrite: any other failure to delete fails before uploading, keeping the cause', async () => {
    const cause = new InvalidResponseError('Invalid response from GitHub API: 500 (abc)')
    const c = client({ remove: cause })
    const error = await upload(c).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UploadError)
    expect((error as Error).message).toBe(
      "Could not delete the earlier workflow artifact 'vm0-out-1234abcd' to overwrite it: " +
        'Invalid response from GitHub API: 500 (abc)'
    )
    expect((error as Error).cause).toBe(cause)
    expect(c.uploads).toBe(0)
  })

  it('an error that only says "not found" is not taken for a missing artifact', async () => {
    const c = client({ remove: new Error('Failed request: (404) Not Found') })
    await expect(upload(c)).rejects.toBeInstanceOf(UploadError)
    expect(c.uploads).toBe(0)
  })

  it('GHES: says to set upload: false', async () => {
    const error = await upload(client({ upload: new GHESNotSupportedError() }), false).catch(
      (e: unknown) => e
    )
    expect(error).toBeInstanceOf(UploadError)
    expect((error as Error).message).toMatch(
      /not currently supported on GHES.*`upload: false` there\.$/
    )
  })

  it('a name conflict (409, a plain error) says to set overwrite or another name', async () => {
    const conflict = new Error(
      'Failed to CreateArtifact: Received non-retryable error: Failed request: (409) Conflict: ' +
        'an artifact with this name already exists on the workflow run'
    )
    const error = await upload(client({ upload: conflict }), false).catch((e: unknown) => e)
    expect((error as Error).message).toContain('set `overwrite: true` to replace it')
  })

  it('outside a runner (no runtime token) says to set upload: false', async () => {
    const missing = new Error('Unable to get the ACTIONS_RUNTIME_TOKEN env variable')
    const error = await upload(client({ upload: missing }), false).catch((e: unknown) => e)
    expect((error as Error).message).toContain('only reachable from an action step')
  })
})
