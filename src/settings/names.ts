/**
 * The action's input names and the values an empty input stands for: the
 * one place that spells them, so `action.yml`, the code and the tests agree.
 */

/** The action's input names, as written in `action.yml` and in workflows. */
export const Inputs = {
  Vm0Token: 'vm0-token',
  Api: 'api',
  ApiUrl: 'api-url',
  Agent: 'agent',
  AgentId: 'agent-id',
  AgentVersion: 'agent-version',
  SessionId: 'session-id',
  CheckpointId: 'checkpoint-id',
  ThreadId: 'thread-id',
  Model: 'model',
  RunId: 'run-id',
  Prompt: 'prompt',
  PromptFile: 'prompt-file',
  Variables: 'variables',
  Secrets: 'secrets',
  Volumes: 'volumes',
  ArtifactName: 'artifact-name',
  ArtifactVersion: 'artifact-version',
  Collect: 'collect',
  Wait: 'wait',
  Timeout: 'timeout',
  IdleTimeout: 'idle-timeout',
  CancelOnTimeout: 'cancel-on-timeout',
  LogLevel: 'log-level',
  FailOnError: 'fail-on-error',
  Path: 'path',
  MaxOutputSize: 'max-output-size',
  MaxOutputFiles: 'max-output-files',
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
  AllowedActors: 'allowed-actors',
  GithubContext: 'github-context'
} as const

/** One of the {@link Inputs} names. */
export type InputName = (typeof Inputs)[keyof typeof Inputs]

/** Environment variables read as fallbacks for inputs. */
export const EnvFallbacks = {
  Token: 'VM0_TOKEN',
  ApiUrl: 'VM0_API_URL'
} as const

/** Used when neither `api-url` nor env `VM0_API_URL` is set, by backend. */
export const DEFAULT_API_URLS = {
  platform: 'https://api.okou.ai',
  v1: 'https://api.vm0.ai'
} as const

/**
 * Code defaults for inputs left empty. They equal the defaults in
 * `action.yml` (a test checks it), so an empty input means the same whether
 * or not the runner applied the default. An input whose default depends on
 * the backend (`api-url`, `if-no-files-found`) or that one backend refuses
 * when given (`collect`) has no default in `action.yml`: the runner would
 * otherwise pass it as if the user had set it.
 */
export const Defaults = {
  wait: true,
  timeoutMs: 2 * 60 * 60 * 1000,
  idleTimeoutMs: 0,
  cancelOnTimeout: true,
  logLevel: 'full',
  failOnError: true,
  upload: true,
  /** `max-output-size`: 2GiB. */
  maxOutputBytes: 2 * 1024 ** 3,
  maxOutputFiles: 50_000,
  compressionLevel: 'auto',
  collect: 'run',
  /** Empty `if-no-files-found`: a `/v1` run names an artifact on purpose; a platform agent may publish nothing. */
  ifNoFilesFound: { platform: 'ignore', v1: 'warn' },
  includeHiddenFiles: false,
  overwrite: false,
  summary: true,
  commentOnPr: false,
  githubContext: false
} as const
