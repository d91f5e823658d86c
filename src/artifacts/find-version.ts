/**
 * Which artifact version holds a run's output. The service does not say so
 * directly: a run commits its output as a new version whose message is
 * `Checkpoint from run <runId>`; a run that changed nothing commits no new
 * version (versions are content hashes, the head moves to the older one),
 * and on the current service a run started by agent name commits none at
 * all (`POST /v1/runs` does not pass `artifactName` on).
 *
 * By default (`collect: run`) only the run's own version is collected: never
 * the head, which would publish someone else's older files as this run's
 * output. Collecting the head or a given version is the `collect` input's
 * explicit choice. `artifact-version` is what the run STARTS from, never
 * what is collected.
 */
import type { CollectChoice } from '../settings/settings.js'
import type { Artifact, ArtifactVersion } from '../vm0/types.js'
import { quote } from '../text/quote.js'

/** The calls this stage needs from the VM0 client. */
export interface VersionApi {
  /** Every artifact (paged, de-duplicated). */
  listArtifacts(): Promise<Artifact[]>
  /** An artifact's versions, newest first. */
  listArtifactVersions(id: string): Promise<ArtifactVersion[]>
}

/** Why no version was found. */
type MissingVersion =
  /** `collect: run`, and no version is the run's own. */
  | 'run-version'
  /** No artifact has the name. */
  | 'artifact'
  /** `collect: head`, and the artifact has no version. */
  | 'versions'
  /** `collect: <version>`, and the artifact has no such version. */
  | 'version'

/** What was found for a run. */
export type VersionChoice =
  | {
      kind: 'version'
      artifact: Artifact
      versionId: string
      /** The version's record, when the version list holds it. */
      version: ArtifactVersion | null
      /**
       * `run`: the run's own checkpoint; `reported`: the run detail's `artifactVersion`;
       * `head`: the artifact's current version (`collect: head`); `chosen`: `collect: <version>`.
       */
      source: 'run' | 'reported' | 'head' | 'chosen'
    }
  | { kind: 'none'; artifact: Artifact | null; missing: MissingVersion; why: string }

/** Everything {@link chooseVersion} decides on. */
export interface ChooseInput {
  artifactName: string
  runId: string
  /** The run's final status (named when the run wrote no version). */
  runStatus: string
  /** `artifactVersion` of the run detail, when the service fills it. */
  reportedVersion: string | null
  /** The `artifact-version` input: the version the run started from. */
  startVersion: string | null
  /** The `collect` input. */
  collect: CollectChoice
  artifacts: readonly Artifact[]
  /** Versions of the matching artifact, newest first (empty when there is none). */
  versions: readonly ArtifactVersion[]
}

/** The message a run's own version carries. */
export function checkpointMessage(runId: string): string {
  return `Checkpoint from run ${runId}`
}

/** The artifact named `name`: an exact match, else a unique case-insensitive one. */
export function findArtifact(artifacts: readonly Artifact[], name: string): Artifact | null {
  const exact = artifacts.find(a => a.name === name)
  if (exact) return exact
  const folded = artifacts.filter(a => a.name.toLowerCase() === name.toLowerCase())
  return folded.length === 1 ? (folded[0] ?? null) : null
}

/** Whether version id `id` is `ref`, or starts with it (a prefix of at least 8 characters). */
function sameVersion(id: string, ref: string): boolean {
  const a = id.toLowerCase()
  const b = ref.toLowerCase()
  return a === b || (b.length >= 8 && a.startsWith(b)) || (a.length >= 8 && b.startsWith(a))
}

/** Picks the version to collect; pure, so every rule is unit-tested. */
export function chooseVersion(input: ChooseInput): VersionChoice {
  const artifact = findArtifact(input.artifacts, input.artifactName)
  const name = quote(input.artifactName)
  if (artifact === null) {
    const why =
      input.collect.kind === 'run'
        ? `${ranOrEnded(input)} wrote no version of artifact ${name}: VM0 has no artifact of that name`
        : `VM0 has no artifact named ${name}`
    return { kind: 'none', artifact: null, missing: 'artifact', why }
  }
  if (input.collect.kind === 'head') return headVersion(input, artifact)
  if (input.collect.kind === 'version') return chosenVersion(input, artifact, input.collect.id)
  const found = ownVersion(input, artifact) ?? reportedVersion(input, artifact)
  if (found) return found
  return {
    kind: 'none',
    artifact,
    missing: 'run-version',
    why:
      `${ranOrEnded(input)} wrote no version of artifact ${name} ` +
      `(none of its ${input.versions.length} versions says '${checkpointMessage(input.runId)}')`
  }
}

function ranOrEnded(input: ChooseInput): string {
  return input.runStatus === 'completed'
    ? `run ${input.runId}`
    : `run ${input.runId}, which ended with status '${input.runStatus}',`
}

/** The version whose message names the run: the run's own checkpoint. */
function ownVersion(input: ChooseInput, artifact: Artifact): VersionChoice | null {
  const wanted = checkpointMessage(input.runId)
  const own = input.versions.find(v => v.message?.trim() === wanted)
  if (!own) return null
  return { kind: 'version', artifact, versionId: own.id, version: own, source: 'run' }
}

/** The run detail's `artifactVersion`, unless it is only the version the run started from. */
function reportedVersion(input: ChooseInput, artifact: Artifact): VersionChoice | null {
  const reported = input.reportedVersion
  if (reported === null || reported === '') return null
  if (input.startVersion !== null && sameVersion(reported, input.startVersion)) return null
  const version = input.versions.find(v => sameVersion(v.id, reported))
  if (!version) return null
  return { kind: 'version', artifact, versionId: version.id, version, source: 'reported' }
}

/** `collect: head`: the artifact's current version, whoever wrote it. */
function headVersion(input: ChooseInput, artifact: Artifact): VersionChoice {
  const headId = artifact.currentVersionId ?? input.versions[0]?.id ?? null
  if (headId === null) {
    const why = `artifact ${quote(input.artifactName)} has no version yet`
    return { kind: 'none', artifact, missing: 'versions', why }
  }
  const version = input.versions.find(v => v.id === headId) ?? null
  return { kind: 'version', artifact, versionId: headId, version, source: 'head' }
}

/** `collect: <version>`: that version (an id, or a prefix of at least 8 characters). */
function chosenVersion(input: ChooseInput, artifact: Artifact, ref: string): VersionChoice {
  const matches = input.versions.filter(v => sameVersion(v.id, ref))
  const version = matches.length === 1 ? (matches[0] ?? null) : null
  if (version === null) {
    const why =
      matches.length > 1
        ? `'${ref}' is the start of ${matches.length} versions of artifact ${quote(input.artifactName)}; give more characters`
        : `artifact ${quote(input.artifactName)} has no version '${ref}' (it has ${input.versions.length})`
    return { kind: 'none', artifact, missing: 'version', why }
  }
  return { kind: 'version', artifact, versionId: version.id, version, source: 'chosen' }
}

/** Who made a version, as far as its message and author say (for the log line). */
export function versionOrigin(version: ArtifactVersion | null): string {
  if (!version?.message) return 'whose origin is unknown'
  return `${quote(version.message)}${version.createdBy ? ` by ${version.createdBy}` : ''}`
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

/** Why a version's download answered 404, once the artifact and its versions were read again. */
export type MissingDownload = 'empty' | 'no-version' | 'no-artifact'

/**
 * Tells a download 404 apart: the version is empty (its `fileCount` is 0),
 * the artifact no longer has the version, or the artifact is gone. A version
 * still listed with files is taken as empty too (the API has nothing to
 * serve), and said so.
 */
export function explainMissingDownload(input: {
  artifactName: string
  versionId: string
  /** The artifact as listed again after the 404; null when it is gone. */
  artifact: Artifact | null
  /** Its versions as listed again. */
  versions: readonly ArtifactVersion[]
}): { missing: MissingDownload; why: string } {
  const name = quote(input.artifactName)
  const short = input.versionId.slice(0, 12)
  if (input.artifact === null) {
    return {
      missing: 'no-artifact',
      why: `VM0 has no artifact named ${name} any more (the download of version ${short} answered 404)`
    }
  }
  const version = input.versions.find(v => sameVersion(v.id, input.versionId))
  if (version === undefined) {
    return {
      missing: 'no-version',
      why: `artifact ${name} has no version ${short} any more (the download answered 404)`
    }
  }
  if (version.fileCount === 0) {
    return { missing: 'empty', why: `version ${short} of artifact ${name} is empty (0 files)` }
  }
  const count = version.fileCount === null ? '' : ` though it lists ${version.fileCount} files`
  return {
    missing: 'empty',
    why: `the VM0 API has nothing to download for version ${short} of artifact ${name}${count}`
  }
}
