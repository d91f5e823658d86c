/**
 * The rules single values must follow: the token, the API URL, ids,
 * version ids and upload names. They are checked here once; the VM0 client
 * and the upload trust what passed.
 */
import { EnvFallbacks, type InputName, Inputs } from './names.js'
import { type Fail } from './problems.js'
import { quote } from '../text/quote.js'
import { mayHide } from '../text/sanitize.js'
import type { CollectChoice, CompressionSetting } from './settings.js'

/** A VM0 version id (of an artifact or a volume): 8 to 64 hex characters. */
export const HEX_VERSION = /^[0-9a-fA-F]{8,64}$/
/** VM0 ids (runs, agents, sessions, checkpoints) are UUIDs; the service answers any other with a 500. */
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const NO_SECRETS_HINT =
  'Workflows triggered by pull requests from forks receive no secrets, so the token is empty there.'

/** The characters a workflow artifact name cannot hold, as messages list them. */
export const UPLOAD_NAME_FORBIDDEN_TEXT = '" : < > | * ? \\ / or a line break'
const UPLOAD_NAME_FORBIDDEN = /[":<>|*?\r\n\\/]/g

/**
 * The distinct characters of `name` that a workflow artifact name cannot
 * hold (the artifact service refuses the upload), in order; [] when none.
 */
export function uploadNameForbidden(name: string): string[] {
  return [...new Set(name.match(UPLOAD_NAME_FORBIDDEN))]
}

/** `name` with each character a workflow artifact name cannot hold replaced by `-`. */
export function replaceUploadNameForbidden(name: string): string {
  return name.replace(UPLOAD_NAME_FORBIDDEN, '-')
}

/** Checks a given `upload-name`. */
export function checkUploadName(name: string, fail: Fail): void {
  // `.`, `..` are path segments; `...` or `. .` is what Windows trims to nothing (a name
  // loses its trailing dots and spaces there), so the artifact could not be downloaded as named.
  if (/^[. ]+$/.test(name)) {
    fail(
      Inputs.UploadName,
      `\`${Inputs.UploadName}\` must be a name with a character other than dots and spaces, not ${quote(name)} (a path segment, or nothing once Windows trims a name's trailing dots and spaces); give a name such as vm0-output`
    )
  } else if (uploadNameForbidden(name).length > 0) {
    fail(
      Inputs.UploadName,
      `\`${Inputs.UploadName}\` must not contain any of ${UPLOAD_NAME_FORBIDDEN_TEXT} (workflow artifact names cannot); got ${quote(name)}`
    )
  }
}

/**
 * Checks an input that names what to run (`agent`, `agent-id`, `session-id`,
 * `checkpoint-id`, `thread-id`, `agent-version`, `model`): it is printed in
 * the log ("Target: …"), so a line break or another control character is refused.
 */
export function checkNoControls(name: InputName, value: string | null, fail: Fail): void {
  if (value !== null && mayHide(value)) {
    fail(
      name,
      `\`${name}\` must be one line of printable characters (no line breaks, control or invisible characters); got ${quote(value)}`
    )
  }
}

/** Checks a given `run-id`: it goes into URL paths. */
export function checkRunId(runId: string, fail: Fail): void {
  checkUuid(Inputs.RunId, 'run', runId, fail)
}

/**
 * Checks an id input (`run-id`, `agent-id`, `session-id`, `checkpoint-id`, `thread-id`)
 * is a UUID before any request: the service answers a malformed id with a
 * 500, which would otherwise look like trouble worth retrying.
 */
export function checkUuid(input: InputName, what: string, value: string, fail: Fail): void {
  if (!UUID_PATTERN.test(value)) {
    fail(
      input,
      `\`${input}\` must be a VM0 ${what} id, a UUID such as 3f0c9a4e-1b2d-4c5e-8f70-112233445566; got ${quote(value)}` +
        (input === Inputs.AgentId ? `; to name an agent, use \`${Inputs.Agent}\` instead` : '')
    )
  }
}

/** `artifact-version`: a hex version id, or null for the latest (empty or `latest`). */
export function readArtifactVersion(value: string, fail: Fail): string | null {
  if (value === '' || value.toLowerCase() === 'latest') return null
  if (HEX_VERSION.test(value)) return value
  fail(
    Inputs.ArtifactVersion,
    `\`${Inputs.ArtifactVersion}\` must be a version id of 8 to 64 hex characters, or \`latest\` (or empty) for the latest version; got ${quote(value)}`
  )
  return null
}

/** `collect`: `run` (or empty), `head`, or a hex version id; any case. */
export function readCollect(value: string, fail: Fail): CollectChoice {
  const lower = value.toLowerCase()
  if (lower === '' || lower === 'run') return { kind: 'run' }
  if (lower === 'head') return { kind: 'head' }
  if (HEX_VERSION.test(value)) return { kind: 'version', id: lower }
  fail(
    Inputs.Collect,
    `\`${Inputs.Collect}\` must be \`run\` (the version this run wrote), \`head\` (the artifact's current version) or a version id of 8 to 64 hex characters; got ${quote(value)}`
  )
  return { kind: 'run' }
}

/** `compression-level`: `auto` (or empty) or a whole number from 0 to 9. */
export function readCompressionLevel(value: string, fail: Fail): CompressionSetting {
  if (value === '' || value.toLowerCase() === 'auto') return 'auto'
  const n = /^\d+$/.test(value) ? Number(value) : NaN
  if (n >= 0 && n <= 9) return n
  fail(
    Inputs.CompressionLevel,
    `\`${Inputs.CompressionLevel}\` must be \`auto\` or a whole number from 0 to 9; got ${quote(value)}`
  )
  return 'auto'
}

/**
 * The token from `vm0-token`, else env `VM0_TOKEN`, masked the moment it is
 * read. Required, and without whitespace or control characters (it goes into
 * a header); messages never show it.
 */
export function readToken(
  getInput: (name: InputName) => string,
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

/**
 * The API base URL from `api-url` (already trimmed), else env
 * `VM0_API_URL`, else `fallback` (the backend's default): https (http only
 * for a loopback host, since the token goes in a header), without
 * credentials, query or fragment; returned without a trailing slash.
 */
export function readApiUrl(
  input: string,
  env: NodeJS.ProcessEnv,
  fallback: string,
  fail: Fail
): string {
  let value = input
  let source = `\`${Inputs.ApiUrl}\``
  if (value === '') {
    value = (env[EnvFallbacks.ApiUrl] ?? '').trim()
    source = `\`${Inputs.ApiUrl}\` (from env ${EnvFallbacks.ApiUrl})`
  }
  if (value === '') return fallback
  const form = 'an http(s) URL such as https://api.vm0.ai'
  let url: URL
  try {
    url = new URL(value)
  } catch {
    fail(Inputs.ApiUrl, `${source} must be ${form}; got ${quote(value)}`)
    return fallback
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    fail(Inputs.ApiUrl, `${source} must be ${form}; got ${quote(value)}`)
  } else if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    fail(
      Inputs.ApiUrl,
      `${source} must use https: the token would travel in cleartext over http, which is accepted only for a loopback address (127.0.0.1, ::1 or localhost); got ${quote(value)}`
    )
  } else if (url.username !== '' || url.password !== '') {
    fail(
      Inputs.ApiUrl,
      `${source} must not hold credentials (give the token in \`${Inputs.Vm0Token}\`); got '${url.protocol}//***@${url.host}${url.pathname}'`
    )
  } else if (url.search !== '' || url.hash !== '') {
    fail(Inputs.ApiUrl, `${source} must be ${form}, without query or fragment; got ${quote(value)}`)
  } else {
    return (url.origin + url.pathname).replace(/\/+$/, '')
  }
  return fallback
}

/**
 * A host name that can only mean this machine: `localhost` (and names under
 * it), 127.0.0.0/8 and ::1, as the WHATWG URL parser spells them.
 */
function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '')
  if (host === 'localhost' || host.endsWith('.localhost')) return true
  if (host === '[::1]') return true
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
}
