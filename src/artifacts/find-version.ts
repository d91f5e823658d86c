/**
 * Which artifact version holds a run's output. The service does not say so
 * directly: a run commits its output as a new version whose message is
 * `Checkpoint from run <runId>`; a run that changed nothing commits no new
 * version (versions are content hashes, the head moves to the older one).
 *
 * `artifact-version` is what the run STARTS from, never what is collected.
 */
import type { Artifact, ArtifactVersion } from '../vm0/types.js'
import { showName } from './logger.js'

/** The calls this stage needs from the VM0 client. */
export interface VersionApi {
  /** Every artifact (paged, de-duplicated). */
  listArtifacts(): Promise<Artifact[]>
  /** An artifact's versions, newest first. */
  listArtifactVersions(id: string): Promise<ArtifactVersion[]>
}

/** What was found for a run. `warning` is set when the choice is a guess the user should know about. */
export type VersionChoice =
  | {
      kind: 'version'
      artifact: Artifact
      versionId: string
      /** The version's record, when the version list holds it. */
      version: ArtifactVersion | null
      /** `run`: the run's own checkpoint; `reported`: the run detail's `artifactVersion`; `head`: the artifact's current version. */
      source: 'run' | 'reported' | 'head'
      warning: string | null
    }
  | { kind: 'none'; artifact: Artifact | null; why: string }

export interface ChooseInput {
  artifactName: string
  runId: string
  /** The run's final status; a run that did not complete gets no head fallback. */
  runStatus: string
  /** `artifactVersion` of the run detail, when the service fills it. */
  reportedVersion: string | null
  /** The `artifact-version` input: the version the run started from. */
  startVersion: string | null
  artifacts: readonly Artifact[]
  /** Versions of the matching artifact, newest first (empty when there is none). */
  versions: readonly ArtifactVersion[]
}

/** The message a run's own version carries. */
export function checkpointMessage(runId: string): string {
  return `Checkpoint from run ${runId}`
}

const RUN_IN_MESSAGE = /^Checkpoint from run (\S+)$/

/** The artifact named `name`: an exact match, else a unique case-insensitive one. */
export function findArtifact(artifacts: readonly Artifact[], name: string): Artifact | null {
  const exact = artifacts.find(a => a.name === name)
  if (exact) return exact
  const folded = artifacts.filter(a => a.name.toLowerCase() === name.toLowerCase())
  return folded.length === 1 ? (folded[0] ?? null) : null
}

function sameVersion(id: string, ref: string): boolean {
  const a = id.toLowerCase()
  const b = ref.toLowerCase()
  return a === b || (b.length >= 8 && a.startsWith(b)) || (a.length >= 8 && b.startsWith(a))
}

function short(id: string): string {
  return id.slice(0, 12)
}

/** Picks the version to collect; pure, so every rule is unit-tested. */
export function chooseVersion(input: ChooseInput): VersionChoice {
  const { artifactName, runId } = input
  const artifact = findArtifact(input.artifacts, artifactName)
  if (artifact === null) {
    return {
      kind: 'none',
      artifact: null,
      why: `VM0 has no artifact named ${showName(artifactName)}, so run ${runId} wrote no output to it`
    }
  }
  const wanted = checkpointMessage(runId)
  const own = input.versions.find(v => v.message?.trim() === wanted)
  if (own) {
    return {
      kind: 'version',
      artifact,
      versionId: own.id,
      version: own,
      source: 'run',
      warning: null
    }
  }

  const reported = input.reportedVersion
  if (
    reported !== null &&
    reported !== '' &&
    !(input.startVersion !== null && sameVersion(reported, input.startVersion))
  ) {
    const version = input.versions.find(v => sameVersion(v.id, reported))
    if (version) {
      return {
        kind: 'version',
        artifact,
        versionId: version.id,
        version,
        source: 'reported',
        warning: null
      }
    }
  }

  if (input.runStatus !== 'completed') {
    return {
      kind: 'none',
      artifact,
      why:
        `run ${runId} ended with status '${input.runStatus}' and committed no version of ` +
        `artifact ${showName(artifactName)} (no version says '${wanted}')`
    }
  }

  const headId = artifact.currentVersionId ?? input.versions[0]?.id ?? null
  if (headId === null) {
    return {
      kind: 'none',
      artifact,
      why: `artifact ${showName(artifactName)} has no version yet`
    }
  }
  const head = input.versions.find(v => v.id === headId) ?? null
  const otherRun = head?.message ? RUN_IN_MESSAGE.exec(head.message.trim())?.[1] : undefined
  const what =
    otherRun !== undefined
      ? `the output of another run, ${otherRun}`
      : head?.message
        ? `${showName(head.message)}${head.createdBy ? ` by ${head.createdBy}` : ''}`
        : 'whose origin is unknown'
  const warning =
    `No version of artifact ${showName(artifactName)} says '${wanted}': the run committed no ` +
    `new version, which is what happens when it changed nothing (versions are content hashes, so ` +
    `the head moves back to the matching older one). Collecting the current head ` +
    `${short(headId)} instead (${what}).`
  return { kind: 'version', artifact, versionId: headId, version: head, source: 'head', warning }
}

/** Finds the artifact by name (paging the list), reads its versions and picks one. */
export async function findVersion(
  api: VersionApi,
  input: Omit<ChooseInput, 'artifacts' | 'versions'>
): Promise<VersionChoice> {
  const artifacts = await api.listArtifacts()
  const artifact = findArtifact(artifacts, input.artifactName)
  const versions = artifact === null ? [] : await api.listArtifactVersions(artifact.id)
  return chooseVersion({ ...input, artifacts, versions })
}
