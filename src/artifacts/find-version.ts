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

/** Everything {@link chooseVersion} decides on. */
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
  const artifact = findArtifact(input.artifacts, input.artifactName)
  if (artifact === null) {
    return {
      kind: 'none',
      artifact: null,
      why: `VM0 has no artifact named ${showName(input.artifactName)}, so run ${input.runId} wrote no output to it`
    }
  }
  const found = ownVersion(input, artifact) ?? reportedVersion(input, artifact)
  if (found) return found
  if (input.runStatus !== 'completed') {
    return {
      kind: 'none',
      artifact,
      why:
        `run ${input.runId} ended with status '${input.runStatus}' and committed no version of ` +
        `artifact ${showName(input.artifactName)} (no version says '${checkpointMessage(input.runId)}')`
    }
  }
  return headVersion(input, artifact)
}

/** The version whose message names the run: the run's own checkpoint. */
function ownVersion(input: ChooseInput, artifact: Artifact): VersionChoice | null {
  const wanted = checkpointMessage(input.runId)
  const own = input.versions.find(v => v.message?.trim() === wanted)
  if (!own) return null
  return {
    kind: 'version',
    artifact,
    versionId: own.id,
    version: own,
    source: 'run',
    warning: null
  }
}

/** The run detail's `artifactVersion`, unless it is only the version the run started from. */
function reportedVersion(input: ChooseInput, artifact: Artifact): VersionChoice | null {
  const reported = input.reportedVersion
  if (reported === null || reported === '') return null
  if (input.startVersion !== null && sameVersion(reported, input.startVersion)) return null
  const version = input.versions.find(v => sameVersion(v.id, reported))
  if (!version) return null
  return {
    kind: 'version',
    artifact,
    versionId: version.id,
    version,
    source: 'reported',
    warning: null
  }
}

/** The artifact's current version, with a warning saying why it is a guess and whose it is. */
function headVersion(input: ChooseInput, artifact: Artifact): VersionChoice {
  const name = showName(input.artifactName)
  const headId = artifact.currentVersionId ?? input.versions[0]?.id ?? null
  if (headId === null) {
    return { kind: 'none', artifact, why: `artifact ${name} has no version yet` }
  }
  const head = input.versions.find(v => v.id === headId) ?? null
  const warning =
    `No version of artifact ${name} says '${checkpointMessage(input.runId)}': the run committed no ` +
    `new version, which is what happens when it changed nothing (versions are content hashes, so ` +
    `the head moves back to the matching older one). Collecting the current head ` +
    `${short(headId)} instead (${versionOrigin(head)}).`
  return { kind: 'version', artifact, versionId: headId, version: head, source: 'head', warning }
}

/** Who made a version, as far as its message and author say. */
function versionOrigin(version: ArtifactVersion | null): string {
  const otherRun = version?.message ? RUN_IN_MESSAGE.exec(version.message.trim())?.[1] : undefined
  if (otherRun !== undefined) return `the output of another run, ${otherRun}`
  if (!version?.message) return 'whose origin is unknown'
  return `${showName(version.message)}${version.createdBy ? ` by ${version.createdBy}` : ''}`
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
