/**
 * The shape of what the input layer returns: every value validated once
 * here, so the rest of the action trusts it and checks nothing again.
 */
/** The accepted `log-level` values. */
export const LOG_LEVELS = ['full', 'summary', 'none'] as const
/** `full`: every event and log line, grouped; `summary`: status changes and the final answer; `none`. */
export type LogLevel = (typeof LOG_LEVELS)[number]

/** The accepted `api` values: `auto` picks by the token (`vm0_pat_` → platform, `vm0_live_` → v1). */
export const API_CHOICES = ['auto', 'platform', 'v1'] as const
/**
 * Which service surface the action speaks: `platform` (today's hosted
 * service: chat threads, `vm0_pat_` keys, docs/platform-api.md) or `v1` (the
 * REST API of deployments built before March 2026, docs/vm0-api.md).
 */
export type Api = 'platform' | 'v1'

/** The accepted `if-no-files-found` values. */
export const IF_NO_FILES_FOUND = ['warn', 'error', 'ignore'] as const
/** What to do when the run produced no output files. */
type IfNoFilesFound = (typeof IF_NO_FILES_FOUND)[number]

/**
 * `collect`: which version of `artifact-name` is collected. `run` (the
 * default): only the version this run wrote; `head`: the artifact's current
 * version, whoever wrote it; `version`: the version `id` (8 to 64 hex
 * characters, a prefix allowed).
 */
export type CollectChoice = { kind: 'run' } | { kind: 'head' } | { kind: 'version'; id: string }

/**
 * `compression-level`: a zip level 0–9, or `auto` (0 when the archive shows
 * the output is already compressed, else 6).
 */
export type CompressionSetting = number | 'auto'

/**
 * Everything the action was asked to do, validated. Flat, so it can be passed
 * where a start request is expected. Two modes:
 * - start (`runId` null): `prompt` is non-empty and, on `/v1`, at least one
 *   of `agent`, `agentId`, `sessionId`, `checkpointId` is set; on the
 *   platform exactly one of `agent` (a display name), `agentId` (a UUID)
 *   and `threadId`;
 * - attach (`runId` set): nothing is started; `prompt` is '', the agent
 *   fields, `threadId`, `model`, `agentVersion` and `artifactVersion` are
 *   null, `variables`, `secrets`, `volumes` are `{}` and `githubContext` is
 *   false.
 *
 * On the platform, `agentVersion`, `sessionId`, `checkpointId` and
 * `artifactName` are null, `variables`, `secrets` and `volumes` are `{}` and
 * `collect` is `run` (those inputs are refused); on `/v1`, `threadId` and
 * `model` are null.
 */
export interface Settings {
  /** The surface spoken, resolved from `api` and the token's prefix. */
  api: Api
  /** `thread-id` (platform only): the chat thread (UUID) whose conversation the run continues; null to start a new thread. */
  threadId: string | null
  /** `model` (platform only): the model asked for; null for the agent's own. */
  model: string | null
  /** The VM0 API token, from `vm0-token` else env `VM0_TOKEN`; masked; never empty, no whitespace or control characters. */
  token: string
  /**
   * API base URL: http(s), without credentials, query or fragment, no
   * trailing slash; from `api-url` else env `VM0_API_URL` else the backend's
   * default (`DEFAULT_API_URLS`: https://api.okou.ai, https://api.vm0.ai).
   */
  apiUrl: string
  /** `run-id`: follow this existing run instead of starting one (letters, digits, `-`, `_`; safe in a URL path); null to start a run. */
  runId: string | null
  /** The prompt, surrounding whitespace trimmed (inner content untouched); '' only in attach mode. */
  prompt: string
  /** Absolute path of `prompt-file` (inside the workspace, also once symbolic links are resolved); null when the prompt came from `prompt`. */
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
  /** `collect`: which version of `artifact-name` is collected after the run. */
  collect: CollectChoice
  /**
   * `github-context`: give the agent the workflow's context, as `GITHUB_*`
   * variables on `/v1` and as a block at the top of the prompt on the platform.
   */
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
  /**
   * `fail-on-error`: fail the step when the run ends other than `completed`, when the
   * workflow is cancelled, or when `allowed-actors` refuses the actor (docs/fail-on-error.md).
   */
  failOnError: boolean
  /** `path`, resolved against GITHUB_WORKSPACE; null to use the default folder under RUNNER_TEMP. */
  path: string | null
  /** `max-output-size` in bytes: most the output archive may unpack to (1 MiB to 1 TiB). */
  maxOutputBytes: number
  /** `max-output-files`: most entries (files, folders, links) the output archive may hold (1 to 10,000,000). */
  maxOutputFiles: number
  /** `upload`: upload the extracted files as a workflow artifact. */
  upload: boolean
  /** `upload-name`; null for the default `vm0-<artifact-name>-<run id's first 8 characters>`. Holds none of `" : < > | * ? \r \n \ /`, and is not made only of dots and spaces (`.`, `...`, `. .`). */
  uploadName: string | null
  /** `retention-days`, 1–90; null for the repository's default. */
  retentionDays: number | null
  /** `compression-level`: 0–9, or `auto`. */
  compressionLevel: CompressionSetting
  /** `if-no-files-found`; empty means `ignore` on the platform, `warn` on `/v1`. */
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
  /**
   * `allowed-actors`: logins (as given) who may start a run on an event a
   * person triggers even without write access, or `['*']` for everyone.
   */
  allowedActors: readonly string[]
}

/**
 * The inputs that say which run to start, listed once: the start request
 * (run/start.ts) and the input layer (settings/inputs.ts) both take this pick.
 */
export type StartFields = Pick<
  Settings,
  | 'prompt'
  | 'agent'
  | 'agentId'
  | 'agentVersion'
  | 'sessionId'
  | 'checkpointId'
  | 'variables'
  | 'secrets'
  | 'volumes'
  | 'artifactName'
  | 'artifactVersion'
>

/** The side effects `getSettings` uses; tests pass fakes. */
export interface SettingsDeps {
  /** Raw input value, untrimmed; '' when absent. Default: `core.getInput(name, {trimWhitespace: false})`. */
  getInput?: (name: string) => string
  /** Default: `process.env`. */
  env?: NodeJS.ProcessEnv
  /** Reads a UTF-8 file; throws the OS error. Default: `fs.readFileSync(p, 'utf8')`. */
  readFile?: (path: string) => string
  /** The real path (symbolic links resolved); throws the OS error. Default: `fs.realpathSync`. */
  realpath?: (path: string) => string
  /** Default: `core.setSecret`. */
  setSecret?: (value: string) => void
  /** Base for relative paths. Default: env GITHUB_WORKSPACE, else the working directory. */
  workspace?: string
}

/** What the post step needs: the backend, where its API is and the token, masked; checked as in {@link Settings}. */
export type Connection = Pick<Settings, 'api' | 'token' | 'apiUrl'>
