/**
 * The comment (`comment-on-pr: true`) on the pull request, or on the issue of
 * an `issues` / `issue_comment` event: one comment per workflow, job and
 * agent, posted when the run starts and updated when it ends. Later runs
 * (re-runs, new pushes) find it again by a hidden marker and update it rather
 * than add another. The answer is rendered as safe Markdown (safe-markdown.ts):
 * it can neither notify anyone nor forge the marker.
 *
 * The comment is a courtesy: it never fails the step. Outside a pull request
 * or an issue, without a token, or when the token may not comment (403/404,
 * as with the read-only token of a pull request from a fork) it is skipped
 * with a notice; any other error becomes a warning.
 */
import type { Redact } from '../text/secrets.js'
import { coreLog, type Log } from '../base/log.js'
import type * as Github from '@actions/github'
import { errorMessage } from '../base/errors.js'
import { issueNumber, pullRequestNumber, workflowRunUrl } from '../github/context.js'
import type { TokenUsage } from '../agent/model.js'
import type { ToolStats } from '../follow/timing.js'
import { formatBytes } from '../text/sizes.js'
import { toolTable } from './charts.js'
import { headline, type Ending } from './figures.js'
import {
  escapeMarkdown,
  fencedWithin,
  inlineCode,
  markdownLink,
  redactedStart
} from './markdown.js'
import { safeMarkdown } from './safe-markdown.js'
import { headerLine } from './summary.js'

/** The GitHub client the commenter uses (`getOctokit`'s result). */
export type GitHubClient = ReturnType<typeof Github.getOctokit>

/** Makes a client for a token; the default reads `GITHUB_API_URL` when called. */
export type OctokitFactory = (token: string) => GitHubClient | Promise<GitHubClient>

/** What the commenter says about the comment itself: the part of {@link Log} it uses. */
export type CommentLog = Pick<Log, 'notice' | 'warning' | 'info'>

/** Where the comment goes and what identifies it. */
export interface CommentContext {
  /** `github-token`; null or '' skips the comment with a notice. */
  token: string | null
  owner: string
  repo: string
  /** The pull request; null outside one. */
  prNumber: number | null
  /** The issue of an `issues` / `issue_comment` event when there is no pull request. */
  issueNumber?: number | null
  eventName: string
  /** `GITHUB_WORKFLOW`, `GITHUB_JOB`, and the agent's name (or id): the comment's identity. */
  workflow: string
  job: string
  agent: string
  /** Link to this workflow run. */
  runUrl: string | null
}

/** How the run ended, for {@link PrCommenter.finishComment}. */
export interface CommentOutcome {
  status: string
  /** How the action's wait ended, for the title. */
  ending?: Omit<Ending, 'status' | 'durationMs'> | null
  usage?: TokenUsage | null
  /** Per-tool figures, for a collapsed table. */
  tools?: readonly ToolStats[] | null
  runId: string | null
  answer?: string | null
  error?: string | null
  costUsd?: number | null
  numTurns?: number | null
  durationMs?: number | null
  /** Output files: how many, their size, and the uploaded workflow artifact. */
  fileCount?: number | null
  totalBytes?: number | null
  artifactName?: string | null
  artifactUrl?: string | null
  /** One line under the header: why no files were collected, or that the run was not waited for. */
  note?: string | null
  /** Applied to every remote string (answer, error, names) before it is posted. */
  redact?: Redact
}

/** Longest one comment write may take (the search, the identity lookup and the write together). */
const COMMENT_WRITE_MS = 10_000
/** GitHub rejects comment bodies over 65,536 characters; the answer gets this many bytes. */
const MAX_COMMENT_ANSWER_BYTES = 48 * 1024
const MAX_COMMENT_ERROR_BYTES = 8 * 1024

type Env = Record<string, string | undefined>

/**
 * The comment context from the runner's environment and the event payload
 * (see `readEventPayload`).
 */
export function commentContextFromEnv(options: {
  token: string | null
  agent: string
  env?: Env
  payload?: unknown
}): CommentContext {
  const env = options.env ?? process.env
  const [owner = '', repo = ''] = (env['GITHUB_REPOSITORY'] ?? '').split('/')
  return {
    token: options.token,
    owner,
    repo,
    prNumber: pullRequestNumber(options.payload ?? {}),
    issueNumber: issueNumber(options.payload ?? {}),
    eventName: env['GITHUB_EVENT_NAME'] ?? '',
    workflow: env['GITHUB_WORKFLOW'] ?? '',
    job: env['GITHUB_JOB'] ?? '',
    agent: options.agent,
    runUrl: workflowRunUrl(env)
  }
}

/**
 * The hidden marker that identifies the comment:
 * `<!-- vm0-run-action:<workflow>:<job>:<agent> -->`, each part
 * percent-encoded so that no name can end the HTML comment or forge another
 * part.
 */
export function commentMarker(ctx: Pick<CommentContext, 'workflow' | 'job' | 'agent'>): string {
  const part = (s: string): string => encodeURIComponent(s).replace(/-/g, '%2D')
  return `<!-- vm0-run-action:${part(ctx.workflow)}:${part(ctx.job)}:${part(ctx.agent)} -->`
}

/**
 * @actions/github, loaded when a comment is first written: most steps never
 * comment, so it stays out of the action's cold start.
 */
async function defaultFactory(token: string): Promise<GitHubClient> {
  const { getOctokit } = await import('@actions/github')
  return getOctokit(token, {
    baseUrl: (process.env['GITHUB_API_URL'] || 'https://api.github.com').replace(/\/+$/, '')
  })
}

function statusOf(error: unknown): number | null {
  if (typeof error === 'object' && error !== null && 'status' in error) {
    const status = error.status
    if (typeof status === 'number') return status
  }
  return null
}

/** Posts and updates the pull-request comment; every method resolves, none throws. */
export class PrCommenter {
  private readonly octokitFactory: OctokitFactory
  private readonly log: CommentLog
  private readonly writeTimeoutMs: number
  private client: GitHubClient | null = null
  private commentId: number | null = null
  /**
   * The token's own login, looked up once (when a marker comment is first
   * found); null when it could not be told, so no comment is adopted.
   */
  private login: string | null | undefined = undefined
  /** Set once the comment was skipped, so the end of the run does not try (or tell) again. */
  private skipped = false

  constructor(
    options: { octokit?: OctokitFactory; log?: Partial<CommentLog>; writeTimeoutMs?: number } = {}
  ) {
    this.octokitFactory = options.octokit ?? defaultFactory
    this.writeTimeoutMs = options.writeTimeoutMs ?? COMMENT_WRITE_MS
    this.log = {
      notice: options.log?.notice ?? (m => coreLog.notice(m)),
      warning: options.log?.warning ?? (m => coreLog.warning(m)),
      info: options.log?.info ?? (m => coreLog.info(m))
    }
  }

  /** The id of the comment written, once there is one. */
  get id(): number | null {
    return this.commentId
  }

  /**
   * Writes (or, on a re-run, updates) the comment with "⏳ running". True when
   * written. Each write is bounded (10 s) and ended by `signal`. The names in
   * it are redacted like everything the finished comment shows.
   */
  async startComment(
    ctx: CommentContext,
    runId: string | null = null,
    signal?: AbortSignal,
    redact: Redact = (text: string): string => text
  ): Promise<boolean> {
    const body = [
      commentMarker(ctx),
      `### ⏳ ${escapeMarkdown(redact(ctx.agent))} is running`,
      '',
      [
        runId ? `Run ${inlineCode(redact(runId))}` : null,
        ctx.runUrl ? markdownLink('Follow it in the workflow run', ctx.runUrl) : null
      ]
        .filter(Boolean)
        .join(' · '),
      ''
    ].join('\n')
    return this.write(ctx, body, signal)
  }

  /** Updates the comment (or writes it, if the start left none) with the run's result. */
  async finishComment(
    ctx: CommentContext,
    outcome: CommentOutcome,
    signal?: AbortSignal
  ): Promise<boolean> {
    return this.write(ctx, finishedBody(ctx, outcome), signal)
  }

  /** Updates the comment (or writes it) with a body {@link finishedBody} made. */
  async finishWithBody(ctx: CommentContext, body: string, signal?: AbortSignal): Promise<boolean> {
    return this.write(ctx, body, signal)
  }

  private async write(ctx: CommentContext, body: string, signal?: AbortSignal): Promise<boolean> {
    if (this.skipped) return false
    const target = targetOf(ctx)
    if (target === null) {
      return this.skip(
        `comment-on-pr: no comment, since this workflow run is not for a pull request or an issue (event '${ctx.eventName || 'unknown'}')`
      )
    }
    if (!ctx.token) {
      return this.skip('comment-on-pr: no comment, since `github-token` is empty')
    }
    if (!ctx.owner || !ctx.repo) {
      return this.skip('comment-on-pr: no comment, since GITHUB_REPOSITORY is not set')
    }
    const timer = AbortSignal.timeout(this.writeTimeoutMs)
    const bound = signal ? AbortSignal.any([timer, signal]) : timer
    try {
      await this.writeBounded({ ...ctx, token: ctx.token }, target, body, bound)
      return true
    } catch (error) {
      if (bound.aborted) {
        this.log.warning(
          `comment-on-pr: the comment on ${target.name} was not written: ${timer.aborted ? `no answer within ${this.writeTimeoutMs / 1000} s` : 'the workflow was cancelled'}`
        )
        return false
      }
      return this.failed(target, error)
    }
  }

  /** Finds the comment (once), then updates it or creates one; every request ends with `signal`. */
  private async writeBounded(
    ctx: CommentContext & { token: string },
    target: Target,
    body: string,
    signal: AbortSignal
  ): Promise<void> {
    this.client ??= await this.octokitFactory(ctx.token)
    if (this.commentId === null) this.commentId = await this.find(ctx, target.number, signal)
    if (this.commentId !== null && (await this.update(ctx, this.commentId, body, signal))) {
      this.log.info(`Updated the comment on ${target.name}.`)
      return
    }
    const created = await this.client.rest.issues.createComment({
      owner: ctx.owner,
      repo: ctx.repo,
      issue_number: target.number,
      body,
      request: { signal }
    })
    this.commentId = created.data.id
    this.log.info(`Commented on ${target.name}.`)
  }

  private failed(target: Target, error: unknown): false {
    const status = statusOf(error)
    if (status === 403 || status === 404) {
      const permission = target.kind === 'pr' ? 'pull-requests: write' : 'issues: write'
      return this.skip(
        `comment-on-pr: the token may not comment on ${target.name} (HTTP ${status}); ` +
          `pull requests from forks get a read-only token, and the token needs \`${permission}\`. No comment posted.`
      )
    }
    this.log.warning(
      `comment-on-pr: could not write the comment on ${target.name}: ${errorMessage(error)}`
    )
    return false
  }

  /** Updates a comment; false when it is gone (deleted since), so a new one is written. */
  private async update(
    ctx: CommentContext,
    id: number,
    body: string,
    signal: AbortSignal
  ): Promise<boolean> {
    if (this.client === null) return false
    try {
      await this.client.rest.issues.updateComment({
        owner: ctx.owner,
        repo: ctx.repo,
        comment_id: id,
        body,
        request: { signal }
      })
      return true
    } catch (error) {
      if (statusOf(error) !== 404) throw error
      this.commentId = null
      return false
    }
  }

  /**
   * The comment this workflow, job and agent wrote before: the first whose
   * body starts with the marker and whose author is the token's own identity.
   * Anyone can paste the marker into a comment of their own; such a comment
   * is never adopted (a new one is written instead).
   */
  private async find(
    ctx: CommentContext,
    number: number,
    signal: AbortSignal
  ): Promise<number | null> {
    const client = this.client
    if (client === null) return null
    const marker = commentMarker(ctx)
    // Page by page rather than with paginate.iterator, which drops `request.signal`.
    for (let page = 1; ; page++) {
      const listed = await client.rest.issues.listComments({
        owner: ctx.owner,
        repo: ctx.repo,
        issue_number: number,
        per_page: 100,
        page,
        request: { signal }
      })
      for (const comment of listed.data) {
        if (!comment.body?.startsWith(marker)) continue
        if (this.login === undefined) this.login = await this.ownLogin(client, signal)
        if (this.login === null) return null
        if (comment.user?.login === this.login) return comment.id
      }
      if (!/\brel="next"/.test(listed.headers.link ?? '')) return null
    }
  }

  /**
   * The login comments written with the token appear under. GraphQL's
   * `viewer` answers it for every kind of token: a person's login for a
   * personal token, the app's bot login (`my-app[bot]`, `github-actions[bot]`
   * for `GITHUB_TOKEN`) for an installation token, for which `GET /user`
   * answers 403. `GET /user` is the fallback for a server without GraphQL.
   * Null (said once) when neither tells: then no comment is adopted.
   */
  private async ownLogin(client: GitHubClient, signal: AbortSignal): Promise<string | null> {
    try {
      const answer = await client.graphql<{ viewer?: { login?: unknown } }>(
        'query { viewer { login } }',
        { request: { signal } }
      )
      const login = answer.viewer?.login
      if (typeof login === 'string' && login !== '') return login
    } catch (error) {
      if (signal.aborted) throw error
    }
    try {
      const me = await client.rest.users.getAuthenticated({ request: { signal } })
      return me.data.login
    } catch (error) {
      const status = statusOf(error)
      if (status !== 403 && status !== 404) throw error
    }
    this.log.info(
      'comment-on-pr: could not tell which login the token comments as (GraphQL `viewer` and ' +
        '`GET /user` both failed), so no earlier comment is updated: a new one is written.'
    )
    return null
  }

  private skip(message: string): false {
    this.skipped = true
    this.log.notice(message)
    return false
  }
}

interface Target {
  kind: 'pr' | 'issue'
  number: number
  /** `pull request #12`, `issue #7`. */
  name: string
}

/** The pull request, else the issue, the comment goes to; null when there is neither. */
function targetOf(ctx: CommentContext): Target | null {
  if (ctx.prNumber !== null) {
    return { kind: 'pr', number: ctx.prNumber, name: `pull request #${ctx.prNumber}` }
  }
  const issue = ctx.issueNumber ?? null
  return issue === null ? null : { kind: 'issue', number: issue, name: `issue #${issue}` }
}

/** Rows of the per-tool table in the comment. */
const COMMENT_TOOL_ROWS = 8

/**
 * The comment's body once the run ended: a compact version of the summary,
 * redacted as a whole. Also the `comment-body` output, for a later job that
 * posts it (the job that runs the agent may then hold no write token).
 */
export function finishedBody(ctx: CommentContext, outcome: CommentOutcome): string {
  const redact = outcome.redact ?? ((s: string): string => s)
  const durationMs = outcome.durationMs ?? null
  const title = headline(redact(ctx.agent), {
    ...outcome.ending,
    status: outcome.status,
    durationMs
  })
  const lines: string[] = [
    commentMarker(ctx),
    `### ${title}`,
    '',
    headerLine(outcome, durationMs),
    ''
  ]
  if (outcome.note) lines.push(escapeMarkdown(redact(outcome.note)), '')
  lines.push(...filesLine(outcome, redact))
  if (outcome.status !== 'completed' && outcome.error) {
    const error = fencedWithin(
      redactedStart(outcome.error, MAX_COMMENT_ERROR_BYTES, redact),
      'text',
      MAX_COMMENT_ERROR_BYTES
    )
    lines.push('**Error**', '')
    if (error.block) lines.push(error.block, '')
    if (error.cut) lines.push('*(error cut)*', '')
  }
  const answer = outcome.answer
    ? redactedStart(outcome.answer, MAX_COMMENT_ANSWER_BYTES, redact)
    : ''
  if (answer.trim() !== '') {
    const safe = safeMarkdown(answer, MAX_COMMENT_ANSWER_BYTES)
    if (safe.markdown !== '') lines.push(safe.markdown, '')
    if (safe.cut) lines.push(answerCutNote(ctx.runUrl), '')
  }
  const tools = toolTable(outcome.tools ?? [], COMMENT_TOOL_ROWS)
  if (tools.length > 0) {
    lines.push(
      '<details>',
      '<summary>Where the time went</summary>',
      '',
      ...tools,
      '',
      '</details>',
      ''
    )
  }
  const footer = [
    outcome.runId ? `Run ${inlineCode(redact(outcome.runId))}` : null,
    ctx.runUrl ? markdownLink('Workflow run', ctx.runUrl) : null
  ].filter(Boolean)
  if (footer.length > 0) lines.push(footer.join(' · '), '')
  // Redacted last, on the whole body: nothing assembled above can carry a secret out.
  return (outcome.redact?.markup ?? redact)(lines.join('\n'))
}

function filesLine(outcome: CommentOutcome, redact: (s: string) => string): string[] {
  if (outcome.fileCount === null || outcome.fileCount === undefined) return []
  const size =
    outcome.totalBytes !== null && outcome.totalBytes !== undefined
      ? ` (${formatBytes(outcome.totalBytes)})`
      : ''
  const files = `${outcome.fileCount} output file${outcome.fileCount === 1 ? '' : 's'}${size}`
  const link = outcome.artifactUrl
    ? `: ${markdownLink(redact(outcome.artifactName ?? 'download the workflow artifact'), outcome.artifactUrl)}`
    : ''
  return [`${files}${link}`, '']
}

/**
 * The note under an answer cut to fit a comment: it points to the job
 * summary of the workflow run, which a reader of the pull request can open
 * (the `output-file` is on the runner), or says only that it was cut when
 * there is no workflow run (a local run).
 */
function answerCutNote(runUrl: string | null): string {
  const cut = `answer cut here at ${formatBytes(MAX_COMMENT_ANSWER_BYTES)} to fit a comment`
  return runUrl ? `*(${cut}: read on in the ${markdownLink('job summary', runUrl)})*` : `*(${cut})*`
}
