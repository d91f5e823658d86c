/**
 * The pull-request comment (`comment-on-pr: true`): one comment per workflow,
 * job and agent, posted when the run starts and updated when it ends. Later
 * runs (re-runs, new pushes) find it again by a hidden marker and update it
 * rather than add another.
 *
 * The comment is a courtesy: it never fails the step. Outside a pull request,
 * without a token, or when the token may not comment (403/404, as with the
 * read-only token of a pull request from a fork) it is skipped with a notice;
 * any other error becomes a warning.
 */
import * as core from '@actions/core'
import type * as Github from '@actions/github'
import { errorMessage } from '../base/errors.js'
import { pullRequestNumber, workflowRunUrl } from '../github/context.js'
import { formatCost } from '../text/cost.js'
import { formatDuration } from '../text/durations.js'
import { formatBytes } from '../text/sizes.js'
import { fencedWithin, inlineCode, markdownLink, statusIcon } from './markdown.js'

/** The GitHub client the commenter uses (`getOctokit`'s result). */
export type GitHubClient = ReturnType<typeof Github.getOctokit>

/** Makes a client for a token; the default reads `GITHUB_API_URL` when called. */
export type OctokitFactory = (token: string) => GitHubClient | Promise<GitHubClient>

export interface CommentLog {
  notice(message: string): void
  warning(message: string): void
  info(message: string): void
}

/** Where the comment goes and what identifies it. */
export interface CommentContext {
  /** `github-token`; null or '' skips the comment with a notice. */
  token: string | null
  owner: string
  repo: string
  /** The pull request; null outside one (the comment is then skipped). */
  prNumber: number | null
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
  /** Applied to every remote string (answer, error, names) before it is posted. */
  redact?: (text: string) => string
}

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
  private client: GitHubClient | null = null
  private commentId: number | null = null
  /** Set once the comment was skipped, so the end of the run does not try (or tell) again. */
  private skipped = false

  constructor(options: { octokit?: OctokitFactory; log?: Partial<CommentLog> } = {}) {
    this.octokitFactory = options.octokit ?? defaultFactory
    this.log = {
      notice: options.log?.notice ?? (m => core.notice(m)),
      warning: options.log?.warning ?? (m => core.warning(m)),
      info: options.log?.info ?? (m => core.info(m))
    }
  }

  /** The id of the comment written, once there is one. */
  get id(): number | null {
    return this.commentId
  }

  /** Writes (or, on a re-run, updates) the comment with "⏳ running". True when written. */
  async startComment(ctx: CommentContext, runId: string | null = null): Promise<boolean> {
    const body = [
      commentMarker(ctx),
      `### ⏳ VM0 run ${inlineCode(ctx.agent)}: running`,
      '',
      [
        runId ? `Run ${inlineCode(runId)}` : null,
        ctx.runUrl ? markdownLink('Follow it in the workflow run', ctx.runUrl) : null
      ]
        .filter(Boolean)
        .join(' · '),
      ''
    ].join('\n')
    return this.write(ctx, body)
  }

  /** Updates the comment (or writes it, if the start left none) with the run's result. */
  async finishComment(ctx: CommentContext, outcome: CommentOutcome): Promise<boolean> {
    return this.write(ctx, finishedBody(ctx, outcome))
  }

  private async write(ctx: CommentContext, body: string): Promise<boolean> {
    if (this.skipped) return false
    if (ctx.prNumber === null) {
      return this.skip(
        `comment-on-pr: no pull request comment, since this workflow run is not for a pull request (event '${ctx.eventName || 'unknown'}')`
      )
    }
    if (!ctx.token) {
      return this.skip('comment-on-pr: no pull request comment, since `github-token` is empty')
    }
    if (!ctx.owner || !ctx.repo) {
      return this.skip('comment-on-pr: no pull request comment, since GITHUB_REPOSITORY is not set')
    }
    const target = { owner: ctx.owner, repo: ctx.repo }
    try {
      this.client ??= await this.octokitFactory(ctx.token)
      if (this.commentId === null) this.commentId = await this.find(ctx)
      if (this.commentId !== null && (await this.update(ctx, this.commentId, body))) {
        this.log.info(`Updated the comment on pull request #${ctx.prNumber}.`)
      } else {
        const created = await this.client.rest.issues.createComment({
          ...target,
          issue_number: ctx.prNumber,
          body
        })
        this.commentId = created.data.id
        this.log.info(`Commented on pull request #${ctx.prNumber}.`)
      }
      return true
    } catch (error) {
      const status = statusOf(error)
      if (status === 403 || status === 404) {
        return this.skip(
          `comment-on-pr: the token may not comment on pull request #${ctx.prNumber} (HTTP ${status}); ` +
            'pull requests from forks get a read-only token, and the token needs `pull-requests: write`. No comment posted.'
        )
      }
      this.log.warning(
        `comment-on-pr: could not write the comment on pull request #${ctx.prNumber}: ${errorMessage(error)}`
      )
      return false
    }
  }

  /** Updates a comment; false when it is gone (deleted since), so a new one is written. */
  private async update(ctx: CommentContext, id: number, body: string): Promise<boolean> {
    if (this.client === null) return false
    try {
      await this.client.rest.issues.updateComment({
        owner: ctx.owner,
        repo: ctx.repo,
        comment_id: id,
        body
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
   * body starts with the marker, preferring one written by a bot (anyone
   * could paste the marker into a comment of their own).
   */
  private async find(ctx: CommentContext): Promise<number | null> {
    const client = this.client
    if (client === null || ctx.prNumber === null) return null
    const marker = commentMarker(ctx)
    let fallback: number | null = null
    const pages = client.paginate.iterator(client.rest.issues.listComments, {
      owner: ctx.owner,
      repo: ctx.repo,
      issue_number: ctx.prNumber,
      per_page: 100
    })
    for await (const page of pages) {
      for (const comment of page.data) {
        if (!comment.body?.startsWith(marker)) continue
        if (comment.user?.type === 'Bot') return comment.id
        fallback ??= comment.id
      }
    }
    return fallback
  }

  private skip(message: string): false {
    this.skipped = true
    this.log.notice(message)
    return false
  }
}

/** The comment's body once the run ended. */
function finishedBody(ctx: CommentContext, outcome: CommentOutcome): string {
  const redact = outcome.redact ?? ((s: string): string => s)
  const lines: string[] = [
    commentMarker(ctx),
    `### ${statusIcon(outcome.status)} VM0 run ${inlineCode(redact(ctx.agent))}: ${inlineCode(outcome.status, { maxChars: 40 })}`,
    ''
  ]
  const facts: string[] = []
  if (outcome.runId) facts.push(`Run ${inlineCode(redact(outcome.runId))}`)
  if (outcome.durationMs !== null && outcome.durationMs !== undefined) {
    facts.push(`took ${formatDuration(outcome.durationMs)}`)
  }
  if (outcome.costUsd !== null && outcome.costUsd !== undefined) {
    facts.push(`cost ${formatCost(outcome.costUsd)}`)
  }
  if (outcome.numTurns !== null && outcome.numTurns !== undefined) {
    facts.push(`${outcome.numTurns} turn${outcome.numTurns === 1 ? '' : 's'}`)
  }
  if (facts.length > 0) lines.push(facts.join(' · '), '')

  if (outcome.fileCount !== null && outcome.fileCount !== undefined) {
    const size =
      outcome.totalBytes !== null && outcome.totalBytes !== undefined
        ? ` (${formatBytes(outcome.totalBytes)})`
        : ''
    const files = `${outcome.fileCount} output file${outcome.fileCount === 1 ? '' : 's'}${size}`
    const link = outcome.artifactUrl
      ? `: ${markdownLink(redact(outcome.artifactName ?? 'download the workflow artifact'), outcome.artifactUrl)}`
      : ''
    lines.push(`${files}${link}`, '')
  }

  if (outcome.status !== 'completed' && outcome.error) {
    const error = fencedWithin(redact(outcome.error), 'text', MAX_COMMENT_ERROR_BYTES)
    lines.push('**Error**', '')
    if (error.block) lines.push(error.block, '')
    if (error.cut) lines.push('*(error cut)*', '')
  }

  const answer = outcome.answer ? redact(outcome.answer) : ''
  if (answer.trim() !== '') {
    const fenced = fencedWithin(answer, 'markdown', MAX_COMMENT_ANSWER_BYTES)
    lines.push('<details open>', '<summary>Final answer</summary>', '')
    if (fenced.block) lines.push(fenced.block, '')
    lines.push('</details>', '')
    if (fenced.cut) {
      lines.push(
        '*(answer cut: the whole answer is in the file named by the `output-file` output)*',
        ''
      )
    }
  }
  if (ctx.runUrl) lines.push(markdownLink('Workflow run', ctx.runUrl), '')
  // Redacted last, on the whole body: nothing assembled above can carry a secret out.
  return redact(lines.join('\n'))
}
