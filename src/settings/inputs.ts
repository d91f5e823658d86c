/**
 * Every input the action reads, read once, validated, and returned as one
 * typed {@link Settings}. Nothing else in the action calls `core.getInput`.
 *
 * Order matters for secrecy: the token, the GitHub token and every `secrets`
 * value are masked before any other input is read, and no message built here
 * ever holds one of them. Order also fixes the order of the problems listed
 * when several inputs are wrong.
 */
import * as nodePath from 'node:path'
import { type Backend, readApi, refuseForBackend } from './backends.js'
import {
  checkNoControls,
  checkRunId,
  checkUuid,
  checkUploadName,
  readApiUrl,
  readArtifactVersion,
  readCollect,
  readCompressionLevel,
  readToken
} from './checks.js'
import { readDuration } from './durations.js'
import { quote } from '../text/quote.js'
import { maskSecretsInput } from './masking.js'
import { DEFAULT_API_URLS, Defaults, type InputName, Inputs } from './names.js'
import { parsePairs, SECRETS_SPEC, VARIABLES_SPEC, VOLUMES_SPEC } from './pairs.js'
import { EVERYONE, isLogin } from '../github/actor.js'
import { readPrompt } from './prompt.js'
import { readSize } from './sizes.js'
import { InputReader } from './reader.js'
import {
  type Api,
  type Connection,
  IF_NO_FILES_FOUND,
  LOG_LEVELS,
  type Settings,
  type SettingsDeps,
  type StartFields
} from './settings.js'

/**
 * Reads only `vm0-token`, `api` and `api-url` (masking the token), for the
 * post step: it must not fail on inputs it does not use. Resolves the
 * backend and the API URL as {@link getSettings} does. Throws the first
 * `InputError` found.
 */
export function getConnection(deps: SettingsDeps = {}): Connection {
  const reader = new InputReader(deps)
  const token = readToken(reader.raw, reader.env, reader.mask, reader.fail)
  const { api, apiUrl } = readBackend(reader, token)
  const first = reader.problems[0]
  if (first) throw first
  return { api, token, apiUrl }
}

/**
 * Reads and validates every input, masking secrets as they are read. Throws
 * an `InputError` (an `InputErrors` when several inputs are wrong)
 * whose message names each input, the value received (never for the token or
 * a secret) and the accepted form. Has no other effect than `setSecret`.
 */
export function getSettings(deps: SettingsDeps = {}): Settings {
  const reader = new InputReader(deps)
  const secret = readSecretsFirst(reader)
  const backend = readBackend(reader, secret.token)
  const run = readRun(reader, backend, secret.secretsRaw)
  const following = readFollowing(reader)
  const output = readOutput(reader, backend.api)
  const report = readReport(reader, secret.githubToken)
  const allowedActors = readAllowedActors(reader)
  reader.finish()
  return {
    api: backend.api,
    token: secret.token,
    apiUrl: backend.apiUrl,
    ...run,
    ...following,
    ...output,
    ...report,
    allowedActors
  }
}

/** `api` resolved against the token, then `api-url` with that backend's default. */
function readBackend(reader: InputReader, token: string): Backend & { apiUrl: string } {
  // A token already refused says enough: `api: auto` does not add that it cannot read it.
  const refused = reader.problems.some(p => p.input === Inputs.Vm0Token)
  const backend = readApi(reader.text(Inputs.Api), refused ? '' : token, reader.fail)
  const fallback = DEFAULT_API_URLS[backend.api]
  const apiUrl = readApiUrl(reader.text(Inputs.ApiUrl), reader.env, fallback, reader.fail)
  return { ...backend, apiUrl }
}

/** The token, the GitHub token and the `secrets` input, each masked before the next input is read. */
function readSecretsFirst(reader: InputReader): {
  token: string
  githubToken: string | null
  secretsRaw: string
} {
  const token = readToken(reader.raw, reader.env, reader.mask, reader.fail)
  const githubToken = reader.text(Inputs.GithubToken) || null
  if (githubToken !== null) reader.mask(githubToken)
  const secretsRaw = reader.raw(Inputs.Secrets)
  maskSecretsInput(secretsRaw, reader.mask)
  return { token, githubToken, secretsRaw }
}

type RunSettings = StartFields &
  Pick<Settings, 'runId' | 'promptFile' | 'threadId' | 'model' | 'collect' | 'githubContext'>

/** The inputs that say what to run, trimmed, before the mode (start or attach) is known. */
interface RunInputs {
  runId: string | null
  prompt: string
  promptFile: string
  agent: string | null
  agentId: string | null
  agentVersion: string | null
  sessionId: string | null
  checkpointId: string | null
  threadId: string | null
  model: string | null
  variablesRaw: string
  secretsRaw: string
  volumesRaw: string
  artifactName: string | null
  artifactVersion: string
  collect: string
  githubContext: boolean
}

/** Reads the inputs that say what to run, in the order their problems are listed. */
function readRunInputs(reader: InputReader, secretsRaw: string): RunInputs {
  return {
    runId: reader.optional(Inputs.RunId),
    prompt: reader.text(Inputs.Prompt),
    promptFile: reader.text(Inputs.PromptFile),
    agent: reader.optional(Inputs.Agent),
    agentId: reader.optional(Inputs.AgentId),
    agentVersion: reader.optional(Inputs.AgentVersion),
    sessionId: reader.optional(Inputs.SessionId),
    checkpointId: reader.optional(Inputs.CheckpointId),
    threadId: reader.optional(Inputs.ThreadId),
    model: reader.optional(Inputs.Model),
    variablesRaw: reader.raw(Inputs.Variables),
    secretsRaw,
    volumesRaw: reader.raw(Inputs.Volumes),
    artifactName: reader.optional(Inputs.ArtifactName),
    artifactVersion: reader.text(Inputs.ArtifactVersion),
    collect: reader.text(Inputs.Collect),
    githubContext: reader.bool(Inputs.GithubContext, Defaults.githubContext)
  }
}

/** Which of the inputs a backend may refuse were given (not empty). */
function givenFlags(given: RunInputs): Partial<Record<InputName, boolean>> {
  return {
    [Inputs.AgentVersion]: given.agentVersion !== null,
    [Inputs.SessionId]: given.sessionId !== null,
    [Inputs.CheckpointId]: given.checkpointId !== null,
    [Inputs.ThreadId]: given.threadId !== null,
    [Inputs.Model]: given.model !== null,
    [Inputs.Variables]: given.variablesRaw.trim() !== '',
    [Inputs.Secrets]: given.secretsRaw.trim() !== '',
    [Inputs.Volumes]: given.volumesRaw.trim() !== '',
    [Inputs.ArtifactName]: given.artifactName !== null,
    [Inputs.ArtifactVersion]: given.artifactVersion !== '',
    [Inputs.Collect]: given.collect !== ''
  }
}

/**
 * What to run: a run to start, or (with `run-id`) an existing run to attach
 * to. Inputs the backend cannot carry are refused first, and no other rule
 * reports them again.
 */
function readRun(reader: InputReader, backend: Backend, secretsRaw: string): RunSettings {
  const given = readRunInputs(reader, secretsRaw)
  const refused = refuseForBackend(backend, givenFlags(given), reader.fail)
  const { fail } = reader
  const kept = (name: InputName): boolean => !refused.has(name)
  const pairs = (name: InputName, raw: string, spec: typeof VARIABLES_SPEC) =>
    kept(name) ? parsePairs(raw, spec, fail) : {}
  const variables = pairs(Inputs.Variables, given.variablesRaw, VARIABLES_SPEC)
  const secrets = pairs(Inputs.Secrets, given.secretsRaw, SECRETS_SPEC)
  const volumes = pairs(Inputs.Volumes, given.volumesRaw, VOLUMES_SPEC)
  const artifactVersion = kept(Inputs.ArtifactVersion)
    ? readArtifactVersion(given.artifactVersion, fail)
    : null
  const collect = kept(Inputs.Collect) ? readCollect(given.collect, fail) : { kind: 'run' as const }
  const prompt =
    given.runId === null
      ? readStart(reader, backend.api, given, refused)
      : checkAttach(reader, given.runId, given, refused)
  const { runId, agent, agentId, agentVersion, sessionId, checkpointId, threadId, model } = given
  const { artifactName, githubContext } = given
  return {
    ...{ runId, ...prompt, agent, agentId, agentVersion, sessionId, checkpointId, threadId, model },
    ...{ variables, secrets, volumes, artifactName, artifactVersion, collect, githubContext }
  }
}

/** Starting a run: a prompt and something that names the agent. */
function readStart(
  reader: InputReader,
  api: Api,
  given: RunInputs,
  refused: ReadonlySet<InputName>
): Pick<Settings, 'prompt' | 'promptFile'> {
  const { text, file } = readPrompt(
    given.prompt,
    given.promptFile,
    reader.workspace,
    { readFile: reader.readFile, realpath: reader.realpath },
    reader.fail
  )
  checkStartValues(reader, given, refused)
  const { agent, agentId } = given
  if (agent !== null && agentId !== null) {
    // The service would run the id's agent while the report named the other.
    reader.fail(
      Inputs.AgentId,
      `\`${Inputs.Agent}\` and \`${Inputs.AgentId}\` both name the agent to run; give one of them (got ${quote(agent)} and ${quote(agentId)})`
    )
  }
  if (api === 'platform') checkPlatformTarget(reader, given)
  else checkV1Target(reader, given)
  return { prompt: text, promptFile: file }
}

/** Each input that names what to run is one printable line; ids are UUIDs. Refused inputs are not checked again. */
function checkStartValues(
  reader: InputReader,
  given: RunInputs,
  refused: ReadonlySet<InputName>
): void {
  for (const [name, value] of [
    [Inputs.Agent, given.agent],
    [Inputs.AgentId, given.agentId],
    [Inputs.AgentVersion, given.agentVersion],
    [Inputs.SessionId, given.sessionId],
    [Inputs.CheckpointId, given.checkpointId],
    [Inputs.ThreadId, given.threadId],
    [Inputs.Model, given.model]
  ] as const) {
    if (!refused.has(name)) checkNoControls(name, value, reader.fail)
  }
  for (const [name, what, value] of [
    [Inputs.AgentId, 'agent', given.agentId],
    [Inputs.SessionId, 'session', given.sessionId],
    [Inputs.CheckpointId, 'checkpoint', given.checkpointId],
    [Inputs.ThreadId, 'thread', given.threadId]
  ] as const) {
    if (value !== null && !refused.has(name)) checkUuid(name, what, value, reader.fail)
  }
}

/** `/v1`: an agent by name or id, a session or a checkpoint. */
function checkV1Target(reader: InputReader, given: RunInputs): void {
  const { agent, agentId, sessionId, checkpointId } = given
  if (agent === null && agentId === null && sessionId === null && checkpointId === null) {
    reader.fail(
      Inputs.Agent,
      `Say which agent to run: \`${Inputs.Agent}\` (a name), or instead \`${Inputs.AgentId}\`, \`${Inputs.SessionId}\` (to continue a session) or \`${Inputs.CheckpointId}\` (to resume a checkpoint); or set \`${Inputs.RunId}\` to follow a run that already exists`
    )
  }
}

/**
 * The platform: an agent by display name or id (a new thread), or a thread
 * to continue; not both, since a thread goes on with its own agent.
 */
function checkPlatformTarget(reader: InputReader, given: RunInputs): void {
  const { agent, agentId, threadId } = given
  const named = agent !== null ? Inputs.Agent : agentId !== null ? Inputs.AgentId : null
  if (threadId !== null && named !== null) {
    reader.fail(
      Inputs.ThreadId,
      `\`${Inputs.ThreadId}\` continues a chat thread with the agent it already has, so \`${named}\` cannot choose another; give \`${Inputs.ThreadId}\` alone to continue the thread, or \`${named}\` alone to start a new one`
    )
  }
  if (threadId !== null && given.model !== null) {
    // The public thread route takes a prompt only: the thread keeps the model it has.
    reader.fail(
      Inputs.Model,
      `\`${Inputs.Model}\` chooses the model of a new thread; a message to \`${Inputs.ThreadId}\` goes on with the model the thread has, so remove \`${Inputs.Model}\` (or start a new thread with \`${Inputs.Agent}\` or \`${Inputs.AgentId}\`)`
    )
  }
  if (threadId === null && named === null) {
    reader.fail(
      Inputs.Agent,
      `Say which agent to run: \`${Inputs.Agent}\` (its display name), or instead \`${Inputs.AgentId}\` (its UUID) or \`${Inputs.ThreadId}\` (to continue a chat thread); or set \`${Inputs.RunId}\` to follow a run that already exists`
    )
  }
}

/** Attaching to a run: a valid run id, and none of the inputs that only starting uses. */
function checkAttach(
  reader: InputReader,
  runId: string,
  given: RunInputs,
  refused: ReadonlySet<InputName>
): Pick<Settings, 'prompt' | 'promptFile'> {
  checkRunId(runId, reader.fail)
  const startOnly: [InputName, boolean][] = [
    [Inputs.Prompt, given.prompt !== ''],
    [Inputs.PromptFile, given.promptFile !== ''],
    [Inputs.Agent, given.agent !== null],
    [Inputs.AgentId, given.agentId !== null],
    [Inputs.AgentVersion, given.agentVersion !== null],
    [Inputs.SessionId, given.sessionId !== null],
    [Inputs.CheckpointId, given.checkpointId !== null],
    // `thread-id` is not start-only: on the platform it says where the attached run's answer
    // and published files are (a run does not name its thread).
    [Inputs.Model, given.model !== null],
    [Inputs.Variables, given.variablesRaw.trim() !== ''],
    [Inputs.Secrets, given.secretsRaw.trim() !== ''],
    [Inputs.Volumes, given.volumesRaw.trim() !== ''],
    [Inputs.ArtifactVersion, given.artifactVersion !== ''],
    [Inputs.GithubContext, given.githubContext]
  ]
  for (const [name, isGiven] of startOnly) {
    if (isGiven && !refused.has(name)) {
      reader.fail(
        name,
        `\`${name}\` cannot be used with \`${Inputs.RunId}\`: \`${Inputs.RunId}\` follows a run that already exists and starts nothing; remove one of the two`
      )
    }
  }
  return { prompt: '', promptFile: null }
}

/** How the run is followed and what ends the wait. */
function readFollowing(
  reader: InputReader
): Pick<
  Settings,
  'wait' | 'timeoutMs' | 'idleTimeoutMs' | 'cancelOnTimeout' | 'logLevel' | 'failOnError'
> {
  const { fail } = reader
  return {
    wait: reader.bool(Inputs.Wait, Defaults.wait),
    timeoutMs:
      readDuration(Inputs.Timeout, reader.text(Inputs.Timeout), false, fail) ?? Defaults.timeoutMs,
    idleTimeoutMs:
      readDuration(Inputs.IdleTimeout, reader.text(Inputs.IdleTimeout), true, fail) ??
      Defaults.idleTimeoutMs,
    cancelOnTimeout: reader.bool(Inputs.CancelOnTimeout, Defaults.cancelOnTimeout),
    logLevel: reader.oneOf(Inputs.LogLevel, LOG_LEVELS, Defaults.logLevel),
    failOnError: reader.bool(Inputs.FailOnError, Defaults.failOnError)
  }
}

/** Where the output files go and how they are uploaded. */
function readOutput(
  reader: InputReader,
  api: Api
): Pick<
  Settings,
  | 'path'
  | 'maxOutputBytes'
  | 'maxOutputFiles'
  | 'upload'
  | 'uploadName'
  | 'retentionDays'
  | 'compressionLevel'
  | 'ifNoFilesFound'
  | 'includeHiddenFiles'
  | 'overwrite'
> {
  const path = reader.text(Inputs.Path)
  const upload = reader.bool(Inputs.Upload, Defaults.upload)
  const uploadName = reader.optional(Inputs.UploadName)
  if (uploadName !== null) checkUploadName(uploadName, reader.fail)
  return {
    path: path === '' ? null : nodePath.resolve(reader.workspace, path),
    ...readExtractionLimits(reader),
    upload,
    uploadName,
    retentionDays: readRetentionDays(reader),
    compressionLevel: readCompressionLevel(reader.text(Inputs.CompressionLevel), reader.fail),
    ifNoFilesFound: reader.oneOf(
      Inputs.IfNoFilesFound,
      IF_NO_FILES_FOUND,
      Defaults.ifNoFilesFound[api]
    ),
    includeHiddenFiles: reader.bool(Inputs.IncludeHiddenFiles, Defaults.includeHiddenFiles),
    overwrite: reader.bool(Inputs.Overwrite, Defaults.overwrite)
  }
}

/** How much the output archive may unpack to: `max-output-size` and `max-output-files`. */
function readExtractionLimits(
  reader: InputReader
): Pick<Settings, 'maxOutputBytes' | 'maxOutputFiles'> {
  const range = { min: 1024 ** 2, max: 1024 ** 4, minText: '1MiB', maxText: '1TiB' }
  return {
    maxOutputBytes:
      readSize(Inputs.MaxOutputSize, reader.text(Inputs.MaxOutputSize), range, reader.fail) ??
      Defaults.maxOutputBytes,
    maxOutputFiles:
      reader.integer(Inputs.MaxOutputFiles, 1, 10_000_000, null) ?? Defaults.maxOutputFiles
  }
}

/** The job summary and the pull-request comment. */
function readReport(
  reader: InputReader,
  githubToken: string | null
): Pick<Settings, 'summary' | 'commentOnPr' | 'githubToken'> {
  const summary = reader.bool(Inputs.Summary, Defaults.summary)
  const commentOnPr = reader.bool(Inputs.CommentOnPr, Defaults.commentOnPr)
  if (commentOnPr && githubToken === null) {
    reader.fail(
      Inputs.GithubToken,
      `\`${Inputs.CommentOnPr}: true\` needs \`${Inputs.GithubToken}\` (default \${{ github.token }}), but it is empty; the token needs permission to write pull-request comments`
    )
  }
  return { summary, commentOnPr, githubToken }
}

/**
 * `allowed-actors`: GitHub logins (a bot as `name[bot]`) separated by commas,
 * spaces or lines, or `*` alone for everyone.
 */
function readAllowedActors(reader: InputReader): string[] {
  const value = reader.text(Inputs.AllowedActors)
  const entries = value.split(/[\s,]+/).filter(entry => entry !== '')
  const wrong = entries.find(entry => entry !== EVERYONE && !isLogin(entry))
  if (wrong !== undefined) {
    reader.fail(
      Inputs.AllowedActors,
      `\`${Inputs.AllowedActors}\` must list GitHub logins (a bot as \`name[bot]\`) separated by commas, or be \`'*'\` for everyone; got ${quote(wrong)} in ${quote(value)}`
    )
    return []
  }
  if (entries.includes(EVERYONE) && entries.length > 1) {
    reader.fail(
      Inputs.AllowedActors,
      `\`${Inputs.AllowedActors}: '*'\` lets everyone start runs, so it stands alone; got ${quote(value)}: remove \`*\` to allow only the logins listed, or the logins to allow everyone`
    )
    return []
  }
  return entries
}

/**
 * `retention-days` as actions/upload-artifact reads it: empty or 0 keep the
 * repository's default (null); the upper bound is the repository's setting,
 * which the artifact service applies, so none is checked here.
 */
function readRetentionDays(reader: InputReader): number | null {
  const value = reader.text(Inputs.RetentionDays)
  if (value === '') return null
  if (!/^\d{1,6}$/.test(value)) {
    reader.fail(
      Inputs.RetentionDays,
      `\`${Inputs.RetentionDays}\` must be a whole number of days, or 0 or empty for the repository's default; got ${quote(value)}`
    )
    return null
  }
  const days = Number(value)
  return days === 0 ? null : days
}
