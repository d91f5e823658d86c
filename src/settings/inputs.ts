/**
 * Every input the action reads, read once, validated, and returned as one
 * typed {@link Settings}. Nothing else in the action calls `core.getInput`.
 *
 * Order matters for secrecy: the token, the GitHub token and every `secrets`
 * value are masked before any other input is read, and no message built here
 * ever holds one of them.
 */
import { createRedactor } from '../text/secrets.js'
import * as core from '@actions/core'
import * as fs from 'node:fs'
import * as nodePath from 'node:path'
import {
  DURATION_FORMS,
  formatDuration,
  MAX_DURATION_MS,
  parseDuration
} from '../text/durations.js'
import { InputError } from '../base/errors.js'
import { isObject } from '../base/json.js'

/** The action's input names, as written in `action.yml` and in workflows. */
export const Inputs = {
  Vm0Token: 'vm0-token',
  ApiUrl: 'api-url',
  Agent: 'agent',
  AgentId: 'agent-id',
  AgentVersion: 'agent-version',
  SessionId: 'session-id',
  CheckpointId: 'checkpoint-id',
  RunId: 'run-id',
  Prompt: 'prompt',
  PromptFile: 'prompt-file',
  Variables: 'variables',
  Secrets: 'secrets',
  Volumes: 'volumes',
  ArtifactName: 'artifact-name',
  ArtifactVersion: 'artifact-version',
  Wait: 'wait',
  Timeout: 'timeout',
  IdleTimeout: 'idle-timeout',
  CancelOnTimeout: 'cancel-on-timeout',
  LogLevel: 'log-level',
  FailOnError: 'fail-on-error',
  Path: 'path',
  Upload: 'upload',
  UploadName: 'upload-name',
  RetentionDays: 'retention-days',
  CompressionLevel: 'compression-level',
  IfNoFilesFound: 'if-no-files-found',
  IncludeHiddenFiles: 'include-hidden-files',
  Overwrite: 'overwrite',
  Summary: 'summary',
  CommentOnPr: 'comment-on-pr',
  GithubToken: 'github-token',
  GithubContext: 'github-context'
} as const

export type InputName = (typeof Inputs)[keyof typeof Inputs]

/** Environment variables read as fallbacks for inputs. */
export const EnvFallbacks = {
  Token: 'VM0_TOKEN',
  ApiUrl: 'VM0_API_URL'
} as const

/** Used when neither `api-url` nor env `VM0_API_URL` is set. */
export const DEFAULT_API_URL = 'https://api.vm0.ai'

/**
 * Code defaults for inputs left empty. They equal the defaults in
 * `action.yml` (a test checks it), so an empty input means the same whether
 * or not the runner applied the default.
 */
export const Defaults = {
  wait: true,
  timeoutMs: 2 * 60 * 60 * 1000,
  idleTimeoutMs: 0,
  cancelOnTimeout: true,
  logLevel: 'full',
  failOnError: true,
  upload: true,
  compressionLevel: 6,
  ifNoFilesFound: 'warn',
  includeHiddenFiles: false,
  overwrite: false,
  summary: true,
  commentOnPr: false,
  githubContext: false
} as const

export const LOG_LEVELS = ['full', 'summary', 'none'] as const
/** `full`: every event and log line, grouped; `summary`: status changes and the final answer; `none`. */
export type LogLevel = (typeof LOG_LEVELS)[number]

export const IF_NO_FILES_FOUND = ['warn', 'error', 'ignore'] as const
/** What to do when the run produced no output files. */
export type IfNoFilesFound = (typeof IF_NO_FILES_FOUND)[number]

/**
 * Everything the action was asked to do, validated. Flat, so it can be passed
 * where a start request is expected. Two modes:
 * - start (`runId` null): `prompt` is non-empty and at least one of
 *   `agent`, `agentId`, `sessionId`, `checkpointId` is set;
 * - attach (`runId` set): nothing is started; `prompt` is '', the agent
 *   fields, `agentVersion` and `artifactVersion` are null, `variables`,
 *   `secrets`, `volumes` are `{}` and `githubContext` is false.
 */
export interface Settings {
  /** The VM0 API token, from `vm0-token` else env `VM0_TOKEN`; masked; never empty. */
  token: string
  /** API base URL, http(s), no trailing slash; from `api-url` else env `VM0_API_URL` else {@link DEFAULT_API_URL}. */
  apiUrl: string
  /** `run-id`: follow this existing run instead of starting one (letters, digits, `-`, `_`; safe in a URL path); null to start a run. */
  runId: string | null
  /** The prompt, surrounding whitespace trimmed (inner content untouched); '' only in attach mode. */
  prompt: string
  /** Absolute path the prompt was read from (`prompt-file`); null when it came from `prompt`. */
  promptFile: string | null
  /**
   * `agent` (a name), `agent-id`, `session-id`, `checkpoint-id`: all given
   * are kept and sent; the service picks by priority
   * checkpoint > session > agent id > agent name.
   */
  agent: string | null
  agentId: string | null
  /** `agent-version`, sent as `agentVersion`; null for the agent's current version. */
  agentVersion: string | null
  sessionId: string | null
  checkpointId: string | null
  /** `variables`, parsed; `{}` when none. Not masked. */
  variables: Record<string, string>
  /** `secrets`, parsed; `{}` when none. Every value (and each line of it) is already masked; values are never empty. */
  secrets: Record<string, string>
  /** `volumes`: name → `latest` (lower-cased) or a hex version id as given; `{}` when none. */
  volumes: Record<string, string>
  /** `artifact-name`: the VM0 artifact the run writes to and the action collects; null for none. Allowed in both modes. */
  artifactName: string | null
  /** `artifact-version`: the hex version id the run starts from; null for the latest (input empty or `latest`). */
  artifactVersion: string | null
  /** `github-context`: add the workflow's context to the agent's variables as `GITHUB_*`. */
  githubContext: boolean
  /** `wait`: follow the run to its end; false returns right after the start (or attach). */
  wait: boolean
  /** `timeout` in ms: longest time to wait for the run; > 0, at most 24 days. */
  timeoutMs: number
  /** `idle-timeout` in ms: give up after this long without any event, log line or status change; 0 = off. At most 24 days. */
  idleTimeoutMs: number
  /** `cancel-on-timeout`: cancel the remote run when a timeout ends the wait. */
  cancelOnTimeout: boolean
  /** `log-level`. */
  logLevel: LogLevel
  /** `fail-on-error`: fail the step when the run does not end `completed`. */
  failOnError: boolean
  /** `path`, resolved against GITHUB_WORKSPACE; null to use the default folder under RUNNER_TEMP. */
  path: string | null
  /** `upload`: upload the extracted files as a workflow artifact. */
  upload: boolean
  /** `upload-name`; null for the default `vm0-<artifact-name>-<run id's first 8 characters>`. Holds none of `" : < > | * ? \r \n \ /`. */
  uploadName: string | null
  /** `retention-days`, 1–90; null for the repository's default. */
  retentionDays: number | null
  /** `compression-level`, 0–9. */
  compressionLevel: number
  /** `if-no-files-found`. */
  ifNoFilesFound: IfNoFilesFound
  /** `include-hidden-files`. */
  includeHiddenFiles: boolean
  /** `overwrite`: replace a workflow artifact of the same name. */
  overwrite: boolean
  /** `summary`: write a job summary. */
  summary: boolean
  /** `comment-on-pr`: post, then update, one comment on the pull request. Requires `githubToken`. */
  commentOnPr: boolean
  /** `github-token`, masked; null when empty. */
  githubToken: string | null
}

/** The side effects `getSettings` uses; tests pass fakes. */
export interface SettingsDeps {
  /** Raw input value, untrimmed; '' when absent. Default: `core.getInput(name, {trimWhitespace: false})`. */
  getInput?: (name: string) => string
  /** Default: `process.env`. */
  env?: NodeJS.ProcessEnv
  /** Reads a UTF-8 file; throws the OS error. Default: `fs.readFileSync(p, 'utf8')`. */
  readFile?: (path: string) => string
  /** Default: `core.setSecret`. */
  setSecret?: (value: string) => void
  /** Base for relative paths. Default: env GITHUB_WORKSPACE, else the working directory. */
  workspace?: string
}

/** Several inputs were invalid; `message` holds one line per problem. */
export class InputErrors extends InputError {
  override name = 'InputErrors'
  constructor(readonly errors: readonly InputError[]) {
    super(errors[0]?.input ?? '', errors.map(e => e.message).join('\n'))
  }
}

const KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/
const KEY_FORM = 'letters, digits and _, not starting with a digit'
const HEX_VERSION = /^[0-9a-fA-F]{8,64}$/
const RUN_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/
const UPLOAD_NAME_FORBIDDEN = /[":<>|*?\r\n\\/]/
const BOOLEAN_FORMS = 'true, false, yes, no, 1 or 0'
const NO_SECRETS_HINT =
  'Workflows triggered by pull requests from forks receive no secrets, so the token is empty there.'

/** What the post step needs: where the API is and the token, masked. */
export interface Connection {
  token: string
  apiUrl: string
}

/**
 * Reads only `vm0-token` and `api-url` (masking the token), for the post
 * step: it must not fail on inputs it does not use.
 */
export function getConnection(deps: SettingsDeps = {}): Connection {
  const getInput =
    deps.getInput ?? ((name: string) => core.getInput(name, { trimWhitespace: false }))
  const env = deps.env ?? process.env
  const setSecret = deps.setSecret ?? core.setSecret
  const problems: InputError[] = []
  const fail = (input: string, message: string): void => {
    problems.push(new InputError(input, message))
  }
  const token = readToken(getInput, env, v => maskCandidates(v).forEach(setSecret), fail)
  const apiUrl = readApiUrl(getInput(Inputs.ApiUrl).trim(), env, fail)
  const first = problems[0]
  if (first) throw first
  return { token, apiUrl }
}

/**
 * Reads and validates every input, masking secrets as they are read. Throws
 * an {@link InputError} (an {@link InputErrors} when several inputs are wrong)
 * whose message names each input, the value received (never for the token or
 * a secret) and the accepted form. Has no other effect than `setSecret`.
 */
export function getSettings(deps: SettingsDeps = {}): Settings {
  const getInput =
    deps.getInput ?? ((name: string) => core.getInput(name, { trimWhitespace: false }))
  const env = deps.env ?? process.env
  const readFile = deps.readFile ?? ((p: string) => fs.readFileSync(p, 'utf8'))
  const setSecret = deps.setSecret ?? core.setSecret
  const workspace = deps.workspace ?? (env['GITHUB_WORKSPACE'] || process.cwd())

  const problems: InputError[] = []
  const masked = new Set<string>()
  // Belt and braces: a secret pasted into the wrong input must not reach a message either.
  const redact = (message: string): string => createRedactor(masked)(message)
  const fail = (input: string, message: string): void => {
    problems.push(new InputError(input, redact(message)))
  }
  const mask = (value: string): void => {
    for (const candidate of maskCandidates(value)) {
      if (masked.has(candidate)) continue
      masked.add(candidate)
      setSecret(candidate)
    }
  }

  // Secrets first, each masked before the next input is read.
  const token = readToken(getInput, env, mask, fail)
  const githubTokenRaw = getInput(Inputs.GithubToken).trim()
  if (githubTokenRaw) mask(githubTokenRaw)
  const secretsRaw = getInput(Inputs.Secrets)
  maskSecretsInput(secretsRaw, mask)

  const text = (name: InputName): string => getInput(name).trim()
  const optional = (name: InputName): string | null => text(name) || null
  const bool = (name: InputName, fallback: boolean): boolean => {
    const value = text(name)
    if (value === '') return fallback
    const parsed = parseBoolean(value)
    if (parsed === null) {
      fail(name, `\`${name}\` must be ${BOOLEAN_FORMS} (any case); got ${show(value)}`)
      return fallback
    }
    return parsed
  }
  const oneOf = <T extends string>(name: InputName, choices: readonly T[], fallback: T): T => {
    const value = text(name)
    if (value === '') return fallback
    const lower = value.toLowerCase()
    const found = choices.find(c => c === lower)
    if (found === undefined) {
      fail(name, `\`${name}\` must be ${orList(choices)}; got ${show(value)}`)
      return fallback
    }
    return found
  }

  const apiUrl = readApiUrl(text(Inputs.ApiUrl), env, fail)

  const runId = optional(Inputs.RunId)
  const prompt = text(Inputs.Prompt)
  const promptFileInput = text(Inputs.PromptFile)
  const agent = optional(Inputs.Agent)
  const agentId = optional(Inputs.AgentId)
  const agentVersion = optional(Inputs.AgentVersion)
  const sessionId = optional(Inputs.SessionId)
  const checkpointId = optional(Inputs.CheckpointId)
  const variablesRaw = getInput(Inputs.Variables)
  const volumesRaw = getInput(Inputs.Volumes)
  const artifactName = optional(Inputs.ArtifactName)
  const artifactVersionInput = text(Inputs.ArtifactVersion)
  const githubContext = bool(Inputs.GithubContext, Defaults.githubContext)

  const variables = parsePairs(variablesRaw, VARIABLES_SPEC, fail)
  const secrets = parsePairs(secretsRaw, SECRETS_SPEC, fail)
  const volumes = parsePairs(volumesRaw, VOLUMES_SPEC, fail)

  let artifactVersion: string | null = null
  if (artifactVersionInput !== '' && artifactVersionInput.toLowerCase() !== 'latest') {
    if (HEX_VERSION.test(artifactVersionInput)) artifactVersion = artifactVersionInput
    else
      fail(
        Inputs.ArtifactVersion,
        `\`${Inputs.ArtifactVersion}\` must be a version id of 8 to 64 hex characters, or \`latest\` (or empty) for the latest version; got ${show(artifactVersionInput)}`
      )
  }

  let promptText = ''
  let promptFile: string | null = null
  if (runId !== null) {
    if (!RUN_ID_PATTERN.test(runId)) {
      fail(
        Inputs.RunId,
        `\`${Inputs.RunId}\` must be a run id such as 3f0c9a4e-1b2d-4c5e-8f70-112233445566 (letters, digits, - and _); got ${show(runId)}`
      )
    }
    const startOnly: [InputName, boolean][] = [
      [Inputs.Prompt, prompt !== ''],
      [Inputs.PromptFile, promptFileInput !== ''],
      [Inputs.Agent, agent !== null],
      [Inputs.AgentId, agentId !== null],
      [Inputs.AgentVersion, agentVersion !== null],
      [Inputs.SessionId, sessionId !== null],
      [Inputs.CheckpointId, checkpointId !== null],
      [Inputs.Variables, variablesRaw.trim() !== ''],
      [Inputs.Secrets, secretsRaw.trim() !== ''],
      [Inputs.Volumes, volumesRaw.trim() !== ''],
      [Inputs.ArtifactVersion, artifactVersionInput !== ''],
      [Inputs.GithubContext, githubContext]
    ]
    for (const [name, given] of startOnly) {
      if (given) {
        fail(
          name,
          `\`${name}\` cannot be used with \`${Inputs.RunId}\`: \`${Inputs.RunId}\` follows a run that already exists and starts nothing; remove one of the two`
        )
      }
    }
  } else {
    const read = readPrompt(prompt, promptFileInput, workspace, readFile, fail)
    promptText = read.text
    promptFile = read.file
    if (agent === null && agentId === null && sessionId === null && checkpointId === null) {
      fail(
        Inputs.Agent,
        `Say which agent to run: \`${Inputs.Agent}\` (a name), or instead \`${Inputs.AgentId}\`, \`${Inputs.SessionId}\` (to continue a session) or \`${Inputs.CheckpointId}\` (to resume a checkpoint); or set \`${Inputs.RunId}\` to follow a run that already exists`
      )
    }
  }

  const wait = bool(Inputs.Wait, Defaults.wait)
  const timeoutMs =
    readDuration(Inputs.Timeout, text(Inputs.Timeout), false, fail) ?? Defaults.timeoutMs
  const idleTimeoutMs =
    readDuration(Inputs.IdleTimeout, text(Inputs.IdleTimeout), true, fail) ?? Defaults.idleTimeoutMs
  const cancelOnTimeout = bool(Inputs.CancelOnTimeout, Defaults.cancelOnTimeout)
  const logLevel = oneOf(Inputs.LogLevel, LOG_LEVELS, Defaults.logLevel)
  const failOnError = bool(Inputs.FailOnError, Defaults.failOnError)

  const pathInput = text(Inputs.Path)
  const path = pathInput === '' ? null : nodePath.resolve(workspace, pathInput)
  const upload = bool(Inputs.Upload, Defaults.upload)
  const uploadName = optional(Inputs.UploadName)
  if (uploadName !== null && UPLOAD_NAME_FORBIDDEN.test(uploadName)) {
    fail(
      Inputs.UploadName,
      `\`${Inputs.UploadName}\` must not contain any of " : < > | * ? \\ / or a line break (workflow artifact names cannot); got ${show(uploadName)}`
    )
  }
  const retentionDays = readInteger(
    Inputs.RetentionDays,
    text(Inputs.RetentionDays),
    1,
    90,
    fail,
    'empty for the repository default'
  )
  const compressionLevel =
    readInteger(Inputs.CompressionLevel, text(Inputs.CompressionLevel), 0, 9, fail, null) ??
    Defaults.compressionLevel
  const ifNoFilesFound = oneOf(Inputs.IfNoFilesFound, IF_NO_FILES_FOUND, Defaults.ifNoFilesFound)
  const includeHiddenFiles = bool(Inputs.IncludeHiddenFiles, Defaults.includeHiddenFiles)
  const overwrite = bool(Inputs.Overwrite, Defaults.overwrite)
  const summary = bool(Inputs.Summary, Defaults.summary)
  const commentOnPr = bool(Inputs.CommentOnPr, Defaults.commentOnPr)
  const githubToken = githubTokenRaw || null
  if (commentOnPr && githubToken === null) {
    fail(
      Inputs.GithubToken,
      `\`${Inputs.CommentOnPr}: true\` needs \`${Inputs.GithubToken}\` (default \${{ github.token }}), but it is empty; the token needs permission to write pull-request comments`
    )
  }

  const [only] = problems
  if (only && problems.length === 1) throw only
  if (problems.length > 1) throw new InputErrors(problems)

  return {
    token,
    apiUrl,
    runId,
    prompt: promptText,
    promptFile,
    agent,
    agentId,
    agentVersion,
    sessionId,
    checkpointId,
    variables,
    secrets,
    volumes,
    artifactName,
    artifactVersion,
    githubContext,
    wait,
    timeoutMs,
    idleTimeoutMs,
    cancelOnTimeout,
    logLevel,
    failOnError,
    path,
    upload,
    uploadName,
    retentionDays,
    compressionLevel,
    ifNoFilesFound,
    includeHiddenFiles,
    overwrite,
    summary,
    commentOnPr,
    githubToken
  }
}

type Fail = (input: string, message: string) => void

function readToken(
  getInput: (name: string) => string,
  env: NodeJS.ProcessEnv,
  mask: (value: string) => void,
  fail: Fail
): string {
  let source = `\`${Inputs.Vm0Token}\``
  let token = getInput(Inputs.Vm0Token).trim()
  if (token) mask(token)
  else {
    token = (env[EnvFallbacks.Token] ?? '').trim()
    source = `env ${EnvFallbacks.Token}`
    if (token) mask(token)
  }
  if (token === '') {
    fail(
      Inputs.Vm0Token,
      `\`${Inputs.Vm0Token}\` is required: set the input (e.g. \`vm0-token: \${{ secrets.VM0_TOKEN }}\`) or the ${EnvFallbacks.Token} environment variable. ${NO_SECRETS_HINT}`
    )
  } else if (/[\s\p{Cc}]/u.test(token)) {
    fail(
      Inputs.Vm0Token,
      `The VM0 token (from ${source}) contains whitespace or control characters; give the token alone (its value is not shown)`
    )
  }
  return token
}

function readApiUrl(input: string, env: NodeJS.ProcessEnv, fail: Fail): string {
  let value = input
  let source = `\`${Inputs.ApiUrl}\``
  if (value === '') {
    value = (env[EnvFallbacks.ApiUrl] ?? '').trim()
    source = `\`${Inputs.ApiUrl}\` (from env ${EnvFallbacks.ApiUrl})`
  }
  if (value === '') return DEFAULT_API_URL
  const form = 'an http(s) URL such as https://api.vm0.ai'
  let url: URL
  try {
    url = new URL(value)
  } catch {
    fail(Inputs.ApiUrl, `${source} must be ${form}; got ${show(value)}`)
    return DEFAULT_API_URL
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    fail(Inputs.ApiUrl, `${source} must be ${form}; got ${show(value)}`)
  } else if (url.username !== '' || url.password !== '') {
    fail(
      Inputs.ApiUrl,
      `${source} must not hold credentials (give the token in \`${Inputs.Vm0Token}\`); got '${url.protocol}//***@${url.host}${url.pathname}'`
    )
  } else if (url.search !== '' || url.hash !== '') {
    fail(Inputs.ApiUrl, `${source} must be ${form}, without query or fragment; got ${show(value)}`)
  } else {
    return (url.origin + url.pathname).replace(/\/+$/, '')
  }
  return DEFAULT_API_URL
}

function readPrompt(
  prompt: string,
  promptFile: string,
  workspace: string,
  readFile: (path: string) => string,
  fail: Fail
): { text: string; file: string | null } {
  if (prompt !== '' && promptFile !== '') {
    fail(
      Inputs.Prompt,
      `Give the prompt in \`${Inputs.Prompt}\` or in \`${Inputs.PromptFile}\`, not both (\`${Inputs.PromptFile}\` is ${show(promptFile)})`
    )
    return { text: prompt, file: null }
  }
  if (prompt !== '') return { text: prompt, file: null }
  if (promptFile === '') {
    fail(
      Inputs.Prompt,
      `A prompt is required: set \`${Inputs.Prompt}\` (the text) or \`${Inputs.PromptFile}\` (a file holding it), or set \`${Inputs.RunId}\` to follow a run that already exists`
    )
    return { text: '', file: null }
  }
  const file = nodePath.resolve(workspace, promptFile)
  let content: string
  try {
    content = readFile(file)
  } catch (error) {
    fail(
      Inputs.PromptFile,
      `\`${Inputs.PromptFile}\` ${show(promptFile)} could not be read from ${file}: ${osReason(error)}`
    )
    return { text: '', file }
  }
  const text = content.trim()
  if (text === '') {
    fail(
      Inputs.PromptFile,
      `\`${Inputs.PromptFile}\` ${file} is empty; the prompt must not be empty`
    )
  }
  return { text, file }
}

/** `ENOENT: no such file or directory`, without the path Node appends (the message names it already). */
function osReason(error: unknown): string {
  const message = errorText(error).replace(/, \w+ '.*'$/s, '')
  const code = isObject(error) && typeof error['code'] === 'string' ? error['code'] : null
  return code && !message.includes(code) ? `${code}: ${message}` : message
}

function readDuration(
  name: InputName,
  value: string,
  zeroMeansOff: boolean,
  fail: Fail
): number | null {
  if (value === '') return null
  const ms = parseDuration(value)
  if (ms === null) {
    const wellFormed = /^\d+$|^(\d+h)?(\d+m)?(\d+s)?$/i.test(value)
    fail(
      name,
      wellFormed
        ? `\`${name}\` must be at most ${formatDuration(MAX_DURATION_MS)} (24 days); got ${show(value)}`
        : `\`${name}\` must be ${DURATION_FORMS}${zeroMeansOff ? ' (0 turns it off)' : ''}; got ${show(value)}`
    )
    return null
  }
  if (ms === 0) {
    if (zeroMeansOff) return null
    fail(name, `\`${name}\` must be more than 0 (${DURATION_FORMS}); got ${show(value)}`)
    return null
  }
  return ms
}

function readInteger(
  name: InputName,
  value: string,
  min: number,
  max: number,
  fail: Fail,
  emptyMeaning: string | null
): number | null {
  if (value === '') return null
  const n = /^\d+$/.test(value) ? Number(value) : NaN
  if (!(n >= min && n <= max)) {
    fail(
      name,
      `\`${name}\` must be a whole number from ${min} to ${max}${emptyMeaning ? `, or ${emptyMeaning}` : ''}; got ${show(value)}`
    )
    return null
  }
  return n
}

/** `true/false/yes/no/1/0`, any case; null for anything else. */
export function parseBoolean(value: string): boolean | null {
  switch (value.trim().toLowerCase()) {
    case 'true':
    case 'yes':
    case '1':
      return true
    case 'false':
    case 'no':
    case '0':
      return false
    default:
      return null
  }
}

interface PairsSpec {
  input: InputName
  /** Values (and lines that could hold one) never appear in messages. */
  secret: boolean
  json: boolean
  keyPattern: RegExp
  /** The whole input's accepted form. */
  form: string
  /** One line's form, `KEY=value` or `name=version`. */
  lineForm: string
  keyForm: string
  /** Returns the accepted form when the value is invalid. */
  checkValue?: (value: string, key: string) => string | null
  /** Normalises an accepted value. */
  normalise?: (value: string) => string
}

const VARIABLES_SPEC: PairsSpec = {
  input: Inputs.Variables,
  secret: false,
  json: true,
  keyPattern: KEY_PATTERN,
  form: 'KEY=value lines or a JSON object of strings',
  lineForm: 'KEY=value',
  keyForm: `KEY: ${KEY_FORM}`
}

const SECRETS_SPEC: PairsSpec = {
  input: Inputs.Secrets,
  secret: true,
  json: true,
  keyPattern: KEY_PATTERN,
  form: 'KEY=value lines or a JSON object of strings',
  lineForm: 'KEY=value',
  keyForm: `KEY: ${KEY_FORM}`,
  checkValue: (value, key) =>
    value === ''
      ? `a non-empty value for '${key}' (a secret that is not set expands to an empty string; pull requests from forks receive no secrets)`
      : null
}

const VOLUMES_SPEC: PairsSpec = {
  input: Inputs.Volumes,
  secret: false,
  json: false,
  keyPattern: /^[^\s=]+$/,
  form: 'name=version lines',
  lineForm: 'name=version',
  keyForm: 'name: no spaces; version: `latest` or 8 to 64 hex characters',
  checkValue: value =>
    /^latest$/i.test(value) || HEX_VERSION.test(value)
      ? null
      : '`latest` or a version id of 8 to 64 hex characters',
  normalise: value => (/^latest$/i.test(value) ? 'latest' : value)
}

/**
 * Parses `KEY=value` lines (blank lines and `#` comments skipped; the value
 * is everything after the first `=`, both sides trimmed) or, when `json` is
 * allowed and the input starts with `{`, a JSON object of strings.
 */
function parsePairs(raw: string, spec: PairsSpec, fail: Fail): Record<string, string> {
  const { input, secret } = spec
  const entries = new Map<string, string>()
  const trimmed = raw.trim()
  if (trimmed === '') return {}

  const acceptValue = (key: string, value: string, where: string): void => {
    const problem = spec.checkValue?.(value, key)
    if (problem) {
      fail(
        input,
        `\`${input}\` ${where}: the value ${secret ? '' : `${show(value)} `}must be ${problem}`
      )
      return
    }
    entries.set(key, spec.normalise ? spec.normalise(value) : value)
  }

  if (spec.json && trimmed.startsWith('{')) {
    let parsed: unknown
    try {
      parsed = JSON.parse(trimmed)
    } catch (error) {
      const detail = secret ? jsonPosition(error) : `: ${errorText(error)}`
      fail(input, `\`${input}\` is not valid JSON${detail}; it must be ${spec.form}`)
      return {}
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      fail(input, `\`${input}\` must be ${spec.form}; got JSON that is not an object`)
      return {}
    }
    let index = 0
    for (const [key, value] of Object.entries(parsed)) {
      index += 1
      if (!spec.keyPattern.test(key)) {
        fail(
          input,
          secret
            ? `\`${input}\` entry ${index}: the key is not a valid name (${spec.keyForm}); it is not shown since it may be part of a secret`
            : `\`${input}\` key ${show(key)} is not a valid name (${spec.keyForm})`
        )
        continue
      }
      if (typeof value !== 'string') {
        const kind =
          value === null
            ? 'null'
            : Array.isArray(value)
              ? 'an array'
              : typeof value === 'object'
                ? 'an object'
                : `a ${typeof value}`
        fail(
          input,
          `\`${input}\` key '${key}' must have a string value; got ${kind} (in JSON, quote it: "${key}": "…")`
        )
        continue
      }
      acceptValue(key, value, `key '${key}'`)
    }
    return Object.fromEntries(entries)
  }

  const lines = raw.split(/\r\n|\r|\n/)
  const firstLine = new Map<string, number>()
  lines.forEach((rawLine, i) => {
    const lineNo = i + 1
    const line = rawLine.trim()
    if (line === '' || line.startsWith('#')) return
    const eq = line.indexOf('=')
    const key = eq < 0 ? '' : line.slice(0, eq).trim()
    if (eq < 0 || !spec.keyPattern.test(key)) {
      const accepted =
        `${spec.lineForm} (${spec.keyForm})` +
        (spec.json ? ', or the whole input must be a JSON object of strings' : '')
      fail(
        input,
        secret
          ? `\`${input}\` line ${lineNo} must be ${accepted}; the line is not shown since it may hold a secret. A value that spans lines needs the JSON form, e.g. '{"KEY": \${{ toJSON(secrets.KEY) }}}'`
          : `\`${input}\` line ${lineNo} must be ${accepted}; got ${show(line)}`
      )
      return
    }
    const previous = firstLine.get(key)
    if (previous !== undefined) {
      fail(
        input,
        `\`${input}\` line ${lineNo}: '${key}' is already set on line ${previous}; give each key once`
      )
      return
    }
    firstLine.set(key, lineNo)
    acceptValue(key, line.slice(eq + 1).trim(), `line ${lineNo} ('${key}')`)
  })
  return Object.fromEntries(entries)
}

/**
 * Masks every value the `secrets` input could hold, before it is validated,
 * so that even a malformed input leaves nothing readable: in the line form,
 * each value (or the whole line, when it is not `KEY=value`); in the JSON
 * form, every leaf value (or every line, when it is not valid JSON).
 */
function maskSecretsInput(raw: string, mask: (value: string) => void): void {
  const trimmed = raw.trim()
  if (trimmed === '') return
  if (trimmed.startsWith('{')) {
    let parsed: unknown
    try {
      parsed = JSON.parse(trimmed)
    } catch {
      for (const line of trimmed.split(/\r\n|\r|\n/)) mask(line)
      return
    }
    const visit = (value: unknown): void => {
      if (typeof value === 'string') mask(value)
      else if (typeof value === 'number' || typeof value === 'boolean') mask(String(value))
      else if (value !== null && typeof value === 'object') {
        for (const [key, inner] of Object.entries(value)) {
          if (!KEY_PATTERN.test(key)) mask(key)
          visit(inner)
        }
      }
    }
    visit(parsed)
    return
  }
  for (const rawLine of raw.split(/\r\n|\r|\n/)) {
    const line = rawLine.trim()
    const comment = line.startsWith('#')
    const body = comment ? line.replace(/^#\s*/, '') : line
    const eq = body.indexOf('=')
    // A commented-out `KEY=value` line may still hold a secret; other comments are prose.
    if (eq > 0 && KEY_PATTERN.test(body.slice(0, eq).trim())) mask(body.slice(eq + 1))
    else if (!comment) mask(body)
  }
}

/** The value, and each of its lines (trimmed too) when it has several; blanks skipped. */
function maskCandidates(value: string): string[] {
  const out: string[] = []
  const add = (v: string): void => {
    if (v.trim() !== '' && !out.includes(v)) out.push(v)
  }
  add(value)
  add(value.trim())
  const lines = value.split(/\r\n|\r|\n/)
  if (lines.length > 1) {
    for (const line of lines) {
      add(line)
      add(line.trim())
    }
  }
  return out
}

/** Where a JSON parse failed, without the excerpt of the text that Node's message may quote. */
function jsonPosition(error: unknown): string {
  const text = errorText(error)
  const lineCol = /line (\d+) column (\d+)/.exec(text)
  if (lineCol) return ` (line ${lineCol[1]}, column ${lineCol[2]})`
  const position = /position (\d+)/.exec(text)
  if (position) return ` (at character ${position[1]})`
  return ''
}

/** Duck-typed: errors from `fs` may come from another realm (e.g. under jest's VM modules). */
function errorText(error: unknown): string {
  return isObject(error) && typeof error['message'] === 'string' ? error['message'] : String(error)
}

function orList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('')
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1] ?? ''}`
}

/** A received value for a message: quoted, control characters escaped, cut at 100 characters. */
function show(value: string): string {
  const cut = value.length > 100 ? `${value.slice(0, 97)}…` : value
  const escaped = cut.replace(/\p{Cc}/gu, c => {
    if (c === '\n') return '\\n'
    if (c === '\r') return '\\r'
    if (c === '\t') return '\\t'
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
  })
  return `'${escaped}'`
}
