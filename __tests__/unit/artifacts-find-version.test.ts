import { describe, expect, it } from '@jest/globals'
import {
  checkpointMessage,
  chooseVersion,
  explainMissingDownload,
  findArtifact,
  type ChooseInput
} from '../../src/artifacts/find-version.js'
import type { Artifact, ArtifactVersion } from '../../src/vm0/types.js'

const RUN = 'aaaaaaaa-1111-4111-8111-111111111111'
const OTHER = 'bbbbbbbb-2222-4222-8222-222222222222'
const hex = (c: string): string => c.repeat(64)

function artifact(name: string, head: string | null, id = `id-${name}`): Artifact {
  return {
    id,
    name,
    currentVersionId: head,
    size: null,
    fileCount: null,
    createdAt: null,
    updatedAt: null
  }
}

function version(id: string, message: string | null, createdBy = 'agent'): ArtifactVersion {
  return {
    id,
    artifactId: 'id-out',
    size: 1,
    fileCount: 1,
    message,
    createdBy,
    createdAt: null
  }
}

function input(overrides: Partial<ChooseInput>): ChooseInput {
  return {
    artifactName: 'out',
    runId: RUN,
    runStatus: 'completed',
    reportedVersion: null,
    startVersion: null,
    collect: { kind: 'run' },
    artifacts: [artifact('out', hex('b'))],
    versions: [],
    ...overrides
  }
}

describe('chooseVersion', () => {
  it("picks the run's own checkpoint even when the head is another run's", () => {
    const choice = chooseVersion(
      input({
        versions: [
          version(hex('b'), checkpointMessage(OTHER)),
          version(hex('a'), `  ${checkpointMessage(RUN)} `),
          version(hex('c'), 'Uploaded with vm0 artifact push', 'user')
        ]
      })
    )
    expect(choice).toMatchObject({
      kind: 'version',
      versionId: hex('a'),
      source: 'run'
    })
  })

  it('does not take a checkpoint of a run whose id merely starts the same', () => {
    const choice = chooseVersion(
      input({ versions: [version(hex('b'), `${checkpointMessage(RUN)}0`)] })
    )
    expect(choice).toMatchObject({ kind: 'none', missing: 'run-version' })
  })

  it("uses the run detail's artifactVersion when the service fills it", () => {
    const choice = chooseVersion(
      input({
        reportedVersion: hex('c').slice(0, 12),
        versions: [version(hex('b'), checkpointMessage(OTHER)), version(hex('c'), 'something')]
      })
    )
    expect(choice).toMatchObject({ kind: 'version', versionId: hex('c'), source: 'reported' })
  })

  it('ignores a reported version that is only the one the run started from (artifact-version)', () => {
    const choice = chooseVersion(
      input({
        reportedVersion: hex('c'),
        startVersion: hex('c').slice(0, 8),
        versions: [version(hex('b'), 'x'), version(hex('c'), 'y')]
      })
    )
    expect(choice).toMatchObject({ kind: 'none', missing: 'run-version' })
  })

  it("never falls back to the head, another run's output, when the run wrote no version", () => {
    const choice = chooseVersion(
      input({ versions: [version(hex('b'), checkpointMessage(OTHER)), version(hex('a'), 'z')] })
    )
    expect(choice).toEqual({
      kind: 'none',
      artifact: expect.objectContaining({ name: 'out' }),
      missing: 'run-version',
      why: `run ${RUN} wrote no version of artifact 'out' (none of its 2 versions says 'Checkpoint from run ${RUN}')`
    })
  })

  it.each(['failed', 'timeout', 'cancelled'])(
    'names the status of a %s run without a version of its own',
    status => {
      const choice = chooseVersion(
        input({ runStatus: status, versions: [version(hex('b'), checkpointMessage(OTHER))] })
      )
      expect(choice).toMatchObject({
        kind: 'none',
        missing: 'run-version',
        why: `run ${RUN}, which ended with status '${status}', wrote no version of artifact 'out' (none of its 1 versions says 'Checkpoint from run ${RUN}')`
      })
    }
  )

  it("still collects a failed run's own checkpoint", () => {
    const choice = chooseVersion(
      input({ runStatus: 'failed', versions: [version(hex('a'), checkpointMessage(RUN))] })
    )
    expect(choice).toMatchObject({ kind: 'version', source: 'run' })
  })

  it('collect: head takes the current version on purpose, whoever wrote it', () => {
    const choice = chooseVersion(
      input({
        collect: { kind: 'head' },
        versions: [version(hex('b'), checkpointMessage(OTHER)), version(hex('a'), 'z')]
      })
    )
    expect(choice).toMatchObject({ kind: 'version', versionId: hex('b'), source: 'head' })
  })

  it('collect: head uses the newest version when the artifact has no current version id', () => {
    const choice = chooseVersion(
      input({
        collect: { kind: 'head' },
        artifacts: [artifact('out', null)],
        versions: [version(hex('d'), null), version(hex('e'), null)]
      })
    )
    expect(choice).toMatchObject({ kind: 'version', versionId: hex('d'), source: 'head' })
  })

  it('collect: <version> takes that version by id or prefix, and says when there is none', () => {
    const versions = [version(hex('d'), null), version(hex('e'), 'x')]
    expect(
      chooseVersion(input({ collect: { kind: 'version', id: hex('e').slice(0, 8) }, versions }))
    ).toMatchObject({ kind: 'version', versionId: hex('e'), source: 'chosen' })
    expect(
      chooseVersion(input({ collect: { kind: 'version', id: hex('f').slice(0, 8) }, versions }))
    ).toMatchObject({
      kind: 'none',
      missing: 'version',
      why: `artifact 'out' has no version '${hex('f').slice(0, 8)}' (it has 2)`
    })
  })

  it('says when there is no such artifact, or no version at all', () => {
    expect(chooseVersion(input({ artifacts: [artifact('other', hex('b'))] }))).toEqual({
      kind: 'none',
      artifact: null,
      missing: 'artifact',
      why: `run ${RUN} wrote no version of artifact 'out': VM0 has no artifact of that name`
    })
    expect(
      chooseVersion(input({ collect: { kind: 'head' }, artifacts: [artifact('other', null)] }))
    ).toMatchObject({ kind: 'none', missing: 'artifact', why: "VM0 has no artifact named 'out'" })
    expect(
      chooseVersion(
        input({ collect: { kind: 'head' }, artifacts: [artifact('out', null)], versions: [] })
      )
    ).toMatchObject({ kind: 'none', missing: 'versions', why: "artifact 'out' has no version yet" })
  })
})

describe('explainMissingDownload', () => {
  const out = artifact('out', hex('a'))
  const base = { artifactName: 'out', versionId: hex('a'), artifact: out }

  it('tells an empty version, a version gone and an artifact gone apart', () => {
    const empty = { ...version(hex('a'), 'x'), fileCount: 0 }
    expect(explainMissingDownload({ ...base, versions: [empty] })).toEqual({
      missing: 'empty',
      why: `version ${hex('a').slice(0, 12)} of artifact 'out' is empty (0 files)`
    })
    expect(explainMissingDownload({ ...base, versions: [version(hex('b'), 'y')] })).toEqual({
      missing: 'no-version',
      why: `artifact 'out' has no version ${hex('a').slice(0, 12)} any more (the download answered 404)`
    })
    expect(explainMissingDownload({ ...base, artifact: null, versions: [] })).toEqual({
      missing: 'no-artifact',
      why: `VM0 has no artifact named 'out' any more (the download of version ${hex('a').slice(0, 12)} answered 404)`
    })
  })
})

describe('findArtifact', () => {
  it('prefers an exact name, then a unique case-insensitive one', () => {
    const list = [artifact('Out', 'x', '1'), artifact('out', 'y', '2'), artifact('Site', 'z', '3')]
    expect(findArtifact(list, 'out')?.id).toBe('2')
    expect(findArtifact(list, 'site')?.id).toBe('3')
    expect(findArtifact(list, 'OUT')).toBeNull()
    expect(findArtifact(list, 'nope')).toBeNull()
  })
})
