import { describe, expect, it } from '@jest/globals'
import {
  checkpointMessage,
  chooseVersion,
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
      source: 'run',
      warning: null
    })
  })

  it('does not take a checkpoint of a run whose id merely starts the same', () => {
    const choice = chooseVersion(
      input({ versions: [version(hex('b'), `${checkpointMessage(RUN)}0`)] })
    )
    expect(choice).toMatchObject({ kind: 'version', source: 'head' })
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
    expect(choice).toMatchObject({ kind: 'version', versionId: hex('b'), source: 'head' })
  })

  it('falls back to the head for a completed run, with a warning that says why and whose it is', () => {
    const choice = chooseVersion(
      input({ versions: [version(hex('b'), checkpointMessage(OTHER)), version(hex('a'), 'z')] })
    )
    expect(choice.kind).toBe('version')
    if (choice.kind !== 'version') return
    expect(choice.source).toBe('head')
    expect(choice.versionId).toBe(hex('b'))
    expect(choice.warning).toBe(
      `No version of artifact 'out' says 'Checkpoint from run ${RUN}': the run committed no new ` +
        'version, which is what happens when it changed nothing (versions are content hashes, so ' +
        `the head moves back to the matching older one). Collecting the current head ${hex('b').slice(0, 12)} ` +
        `instead (the output of another run, ${OTHER}).`
    )
  })

  it("names a head that is not a run's by its message and author", () => {
    const choice = chooseVersion(
      input({ versions: [version(hex('b'), 'Uploaded with vm0 artifact push', 'user')] })
    )
    expect(choice.kind === 'version' && choice.warning).toContain(
      "('Uploaded with vm0 artifact push' by user)"
    )
  })

  it('uses the newest version when the artifact has no current version id', () => {
    const choice = chooseVersion(
      input({
        artifacts: [artifact('out', null)],
        versions: [version(hex('d'), null), version(hex('e'), null)]
      })
    )
    expect(choice).toMatchObject({ kind: 'version', versionId: hex('d'), source: 'head' })
    expect(choice.kind === 'version' && choice.warning).toContain('whose origin is unknown')
  })

  it.each(['failed', 'timeout', 'cancelled'])(
    'collects nothing for a %s run without a version of its own',
    status => {
      const choice = chooseVersion(
        input({ runStatus: status, versions: [version(hex('b'), checkpointMessage(OTHER))] })
      )
      expect(choice).toEqual({
        kind: 'none',
        artifact: expect.objectContaining({ name: 'out' }),
        why: `run ${RUN} ended with status '${status}' and committed no version of artifact 'out' (no version says 'Checkpoint from run ${RUN}')`
      })
    }
  )

  it("still collects a failed run's own checkpoint", () => {
    const choice = chooseVersion(
      input({ runStatus: 'failed', versions: [version(hex('a'), checkpointMessage(RUN))] })
    )
    expect(choice).toMatchObject({ kind: 'version', source: 'run' })
  })

  it('says when there is no such artifact, or no version at all', () => {
    expect(chooseVersion(input({ artifacts: [artifact('other', hex('b'))] }))).toEqual({
      kind: 'none',
      artifact: null,
      why: `VM0 has no artifact named 'out', so run ${RUN} wrote no output to it`
    })
    expect(
      chooseVersion(input({ artifacts: [artifact('out', null)], versions: [] }))
    ).toMatchObject({
      kind: 'none',
      why: "artifact 'out' has no version yet"
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
