/**
 * A loopback fake of the GitHub REST API subset the action uses for the
 * pull-request comment, reached through `GITHUB_API_URL` (never through
 * `GITHUB_SERVER_URL`, which `@actions/artifact` needs to stay github.com):
 *
 * - `GET  /repos/:owner/:repo/issues/:number/comments` (paginated, `Link` header)
 * - `POST /repos/:owner/:repo/issues/:number/comments`
 * - `GET  /repos/:owner/:repo/issues/comments/:id`
 * - `PATCH /repos/:owner/:repo/issues/comments/:id`
 * - `GET  /repos/:owner/:repo/pulls/:number`
 * - `GET  /user` (the token's identity: 200 for a token in `users`, else 403
 *   as GitHub answers an installation token such as `GITHUB_TOKEN`)
 * - `POST /graphql`, `viewer { login }` only: the login the token comments
 *   as, a bot's (`my-app[bot]`) for an installation token
 * - `GET  /repos/:owner/:repo/collaborators/:username/permission` (the actor
 *   check: `permissions` by login, `read` for anyone else as on a public
 *   repository, or `permissionStatus` for every read)
 *
 * It can answer 403 for a read-only token (as GitHub does for the token of a
 * pull request from a fork) or for every write, and records each request.
 */
import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type ServerResponse
} from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

interface FakeComment {
  id: number
  /** `owner/repo` */
  repository: string
  issueNumber: number
  body: string
  user: { login: string; type: 'User' | 'Bot' }
  createdAt: string
  updatedAt: string
}

interface FakePullRequest {
  number: number
  title?: string
  headRef?: string
  headSha?: string
  baseRef?: string
}

export interface GitHubApiOptions {
  /** Tokens answered with 403 on writes ("Resource not accessible by integration"). */
  readOnlyTokens?: string[]
  /** Answer 403 to every write, whatever the token. */
  denyWrites?: boolean
  /** When set, any other token (or none) is answered with 401. */
  validTokens?: string[]
  /** Most items per page, whatever `per_page` asks (GitHub's is 100). */
  maxPerPage?: number
  /** Comments that exist before the test; ids are assigned when missing. */
  comments?: Array<Partial<FakeComment> & { issueNumber: number; body: string }>
  pullRequests?: FakePullRequest[]
  /** Login and type of the comments the fake writes for a token not in `users`. */
  author?: { login: string; type: 'User' | 'Bot' }
  /**
   * Personal tokens and whose they are: `GET /user` answers their login, and
   * the comments they write have them as author.
   */
  users?: Record<string, { login: string; type: 'User' | 'Bot' }>
  /**
   * GitHub App installation tokens and their bot logins (`my-app[bot]`):
   * `GET /user` answers 403, GraphQL's `viewer` the login, and the comments
   * they write have it as author.
   */
  apps?: Record<string, string>
  /** Answer 404 to `POST /graphql` (a server without GraphQL). */
  noGraphql?: boolean
  /** `owner/repo` of seeded comments that do not name one. */
  repository?: string
  /** Wait this long before answering each request (a slow or hanging API). */
  delayMs?: number
  /**
   * Each login's role on the repository (`admin`, `maintain`, `write`, `triage`,
   * `read`, `none`); anyone else has `read`. Default: `octocat` (the harness's
   * `GITHUB_ACTOR`) is `admin`.
   */
  permissions?: Record<string, string>
  /** Answer every permission read with this status instead (403, 404: a token that cannot read it). */
  permissionStatus?: number
}

interface GitHubApiRequest {
  method: string
  /** Path without the query. */
  path: string
  query: Record<string, string>
  /** The token from `Authorization: token X` or `Bearer X`; null when absent. */
  token: string | null
  body: unknown
  status: number
}

export interface GitHubApi {
  /** Base URL to put in `GITHUB_API_URL`. */
  url: string
  requests: GitHubApiRequest[]
  /** The comments on one issue or pull request, oldest first (copies). */
  comments(issueNumber: number): FakeComment[]
  /** Deletes a comment, as a person might between two runs. */
  deleteComment(id: number): void
  close(): Promise<void>
}

const NOT_ACCESSIBLE = 'Resource not accessible by integration'

interface Answer {
  status: number
  body: unknown
  headers?: Record<string, string>
}

/** A request as the routes see it. */
interface ApiCall {
  method: string
  path: string
  query: Record<string, string>
  token: string | null
  body: unknown
}

const NOT_FOUND: Answer = { status: 404, body: { message: 'Not Found' } }
const NOT_ALLOWED: Answer = { status: 405, body: { message: 'Method Not Allowed' } }
const INVALID: Answer = { status: 422, body: { message: 'Validation Failed' } }

const now = (): string => new Date().toISOString()

/** The fake's comments and pull requests; `baseUrl` is set once the server listens. */
class GitHubState {
  baseUrl = ''
  readonly comments: FakeComment[] = []
  readonly pulls: Map<number, FakePullRequest>
  readonly author: { login: string; type: 'User' | 'Bot' }
  readonly maxPerPage: number
  private nextId = 1000

  constructor(readonly options: GitHubApiOptions) {
    this.author = options.author ?? { login: 'github-actions[bot]', type: 'Bot' as const }
    this.maxPerPage = options.maxPerPage ?? 100
    const defaultRepo = options.repository ?? 'octo/repo'
    for (const seed of options.comments ?? []) {
      const id = seed.id ?? this.nextId++
      this.nextId = Math.max(this.nextId, id + 1)
      this.comments.push({
        id,
        repository: seed.repository ?? defaultRepo,
        issueNumber: seed.issueNumber,
        body: seed.body,
        user: seed.user ?? { login: 'someone', type: 'User' },
        createdAt: seed.createdAt ?? now(),
        updatedAt: seed.updatedAt ?? now()
      })
    }
    this.pulls = new Map((options.pullRequests ?? []).map(pr => [pr.number, pr]))
  }

  newCommentId(): number {
    return this.nextId++
  }

  commentJson(c: FakeComment): Record<string, unknown> {
    return {
      id: c.id,
      node_id: `IC_${c.id}`,
      url: `${this.baseUrl}/repos/${c.repository}/issues/comments/${c.id}`,
      html_url: `https://github.com/${c.repository}/pull/${c.issueNumber}#issuecomment-${c.id}`,
      issue_url: `${this.baseUrl}/repos/${c.repository}/issues/${c.issueNumber}`,
      body: c.body,
      user: { login: c.user.login, id: 1, type: c.user.type },
      created_at: c.createdAt,
      updated_at: c.updatedAt,
      author_association: 'NONE'
    }
  }
}

function bodyText(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null
  const text = (body as Record<string, unknown>)['body']
  return typeof text === 'string' ? text : null
}

/** 401 for a token not in `validTokens`, 403 for a write that is denied; null when allowed. */
function refusal(options: GitHubApiOptions, { method, token, path }: ApiCall): Answer | null {
  if (options.validTokens && (token === null || !options.validTokens.includes(token))) {
    return { status: 401, body: { message: 'Bad credentials' } }
  }
  // A GraphQL query is a read, though it is a POST.
  const write = method !== 'GET' && method !== 'HEAD' && path !== '/graphql'
  if (
    write &&
    (options.denyWrites || (token !== null && options.readOnlyTokens?.includes(token)))
  ) {
    return { status: 403, body: { message: NOT_ACCESSIBLE } }
  }
  return null
}

/** Whom a token writes as: a personal token's user, an app's bot, else the default author. */
function identity(
  state: GitHubState,
  token: string | null
): { login: string; type: 'User' | 'Bot' } {
  if (token === null) return state.author
  const app = state.options.apps?.[token]
  if (app !== undefined) return { login: app, type: 'Bot' }
  return state.options.users?.[token] ?? state.author
}

/** One page of an issue's comments, with GitHub's `Link` header. */
function listComments(state: GitHubState, call: ApiCall, all: FakeComment[]): Answer {
  const { query, path } = call
  const perPage = Math.min(Math.max(Number(query['per_page'] ?? '30') || 30, 1), state.maxPerPage)
  const page = Math.max(Number(query['page'] ?? '1') || 1, 1)
  const last = Math.max(Math.ceil(all.length / perPage), 1)
  const link = (p: number, rel: string): string =>
    `<${state.baseUrl}${path}?per_page=${perPage}&page=${p}>; rel="${rel}"`
  const links: string[] = []
  if (page > 1) links.push(link(page - 1, 'prev'), link(1, 'first'))
  if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'))
  return {
    status: 200,
    body: all.slice((page - 1) * perPage, page * perPage).map(c => state.commentJson(c)),
    headers: links.length > 0 ? { link: links.join(', ') } : {}
  }
}

/** `/repos/:owner/:repo/issues/:number/comments`: list or create. */
function issueComments(
  state: GitHubState,
  call: ApiCall,
  repository: string,
  issueNumber: number
): Answer {
  if (call.method === 'GET') {
    const all = state.comments.filter(
      c => c.repository === repository && c.issueNumber === issueNumber
    )
    return listComments(state, call, all)
  }
  if (call.method !== 'POST') return NOT_ALLOWED
  const text = bodyText(call.body)
  if (text === null) return INVALID
  const comment: FakeComment = {
    id: state.newCommentId(),
    repository,
    issueNumber,
    body: text,
    user: identity(state, call.token),
    createdAt: now(),
    updatedAt: now()
  }
  state.comments.push(comment)
  return { status: 201, body: state.commentJson(comment) }
}

/** `/repos/:owner/:repo/issues/comments/:id`: read or edit. */
function singleComment(state: GitHubState, call: ApiCall, repository: string, id: number): Answer {
  const comment = state.comments.find(c => c.repository === repository && c.id === id)
  if (!comment) return NOT_FOUND
  if (call.method === 'GET') return { status: 200, body: state.commentJson(comment) }
  if (call.method !== 'PATCH') return NOT_ALLOWED
  const text = bodyText(call.body)
  if (text === null) return INVALID
  comment.body = text
  comment.updatedAt = now()
  return { status: 200, body: state.commentJson(comment) }
}

function pullRequest(state: GitHubState, prNumber: number): Answer {
  const pr = state.pulls.get(prNumber)
  if (!pr) return NOT_FOUND
  return {
    status: 200,
    body: {
      number: pr.number,
      state: 'open',
      title: pr.title ?? `Pull request ${pr.number}`,
      head: { ref: pr.headRef ?? 'feature', sha: pr.headSha ?? '0'.repeat(40) },
      base: { ref: pr.baseRef ?? 'main', sha: '1'.repeat(40) }
    }
  }
}

/** `GET /user`: a personal token's login; an installation token is refused as GitHub does. */
function currentUser(state: GitHubState, call: ApiCall): Answer {
  const user = call.token !== null ? state.options.users?.[call.token] : undefined
  if (!user) return { status: 403, body: { message: NOT_ACCESSIBLE } }
  return { status: 200, body: { login: user.login, id: 7, type: user.type } }
}

/** `POST /graphql` for `viewer { login }`, the one query the action sends. */
function graphql(state: GitHubState, call: ApiCall): Answer {
  if (state.options.noGraphql) return NOT_FOUND
  if (call.method !== 'POST') return NOT_ALLOWED
  const query = (call.body as { query?: unknown } | null)?.query
  if (typeof query !== 'string' || !/\bviewer\s*\{\s*login\s*\}/.test(query)) {
    return {
      status: 200,
      body: { errors: [{ message: 'the fake answers viewer { login } only' }] }
    }
  }
  return { status: 200, body: { data: { viewer: { login: identity(state, call.token).login } } } }
}

/** The API's legacy `permission` for a role: `maintain` reads `write`, `triage` reads `read`. */
const LEGACY_PERMISSION: Record<string, string> = { maintain: 'write', triage: 'read' }

/** `GET /repos/:owner/:repo/collaborators/:username/permission`, as GitHub answers it. */
function collaboratorPermission(state: GitHubState, username: string): Answer {
  const status = state.options.permissionStatus
  if (status !== undefined) {
    return { status, body: { message: status === 404 ? 'Not Found' : NOT_ACCESSIBLE } }
  }
  const roles = state.options.permissions ?? { octocat: 'admin' }
  const role =
    Object.entries(roles).find(([login]) => login.toLowerCase() === username.toLowerCase())?.[1] ??
    'read'
  return {
    status: 200,
    body: {
      permission: LEGACY_PERMISSION[role] ?? role,
      role_name: role,
      user: { login: username, type: username.endsWith('[bot]') ? 'Bot' : 'User' }
    }
  }
}

function route(state: GitHubState, call: ApiCall): Answer {
  const refused = refusal(state.options, call)
  if (refused) return refused
  if (call.path === '/graphql') return graphql(state, call)
  if (call.path === '/user') return call.method === 'GET' ? currentUser(state, call) : NOT_ALLOWED
  let m = /^\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)\/comments$/.exec(call.path)
  if (m) return issueComments(state, call, m[1] ?? '', Number(m[2]))
  m = /^\/repos\/([^/]+\/[^/]+)\/issues\/comments\/(\d+)$/.exec(call.path)
  if (m) return singleComment(state, call, m[1] ?? '', Number(m[2]))
  m = /^\/repos\/([^/]+\/[^/]+)\/pulls\/(\d+)$/.exec(call.path)
  if (m && call.method === 'GET') return pullRequest(state, Number(m[2]))
  m = /^\/repos\/[^/]+\/[^/]+\/collaborators\/([^/]+)\/permission$/.exec(call.path)
  if (m && call.method === 'GET') {
    return collaboratorPermission(state, decodeURIComponent(m[1] ?? ''))
  }
  return NOT_FOUND
}

/** The request's method, path, first query values, token and body (JSON when it parses). */
function parseCall(req: IncomingMessage, raw: string): ApiCall {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1')
  const query: Record<string, string> = {}
  for (const [k, v] of url.searchParams) query[k] ??= v
  const auth = /^(?:token|bearer)\s+(.+)$/i.exec(req.headers.authorization ?? '')
  const token = auth?.[1]?.trim() ?? null
  let body: unknown = null
  if (raw !== '') {
    try {
      body = JSON.parse(raw)
    } catch {
      body = raw
    }
  }
  return { method: req.method ?? 'GET', path: url.pathname, query, token, body }
}

function listener(state: GitHubState, requests: GitHubApiRequest[]): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const delay = state.options.delayMs ?? 0
      if (delay > 0) setTimeout(() => reply(), delay).unref()
      else reply()
    })
    const reply = (): void => {
      if (res.destroyed) return
      const call = parseCall(req, Buffer.concat(chunks).toString('utf8'))
      const answer = route(state, call)
      requests.push({ ...call, status: answer.status })
      const payload = JSON.stringify(answer.body)
      res.writeHead(answer.status, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(payload),
        'x-github-request-id': `FAKE:${requests.length}`,
        ...answer.headers
      })
      res.end(payload)
    }
  }
}

/** Starts the fake on 127.0.0.1 on a free port. */
export async function startGitHubApi(options: GitHubApiOptions = {}): Promise<GitHubApi> {
  const state = new GitHubState(options)
  const requests: GitHubApiRequest[] = []
  const sockets = new Set<Socket>()
  const server = createServer(listener(state, requests))
  server.on('connection', socket => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  state.baseUrl = `http://127.0.0.1:${port}`
  const comments = state.comments

  return {
    url: state.baseUrl,
    requests,
    comments: issueNumber =>
      comments.filter(c => c.issueNumber === issueNumber).map(c => ({ ...c })),
    deleteComment: id => {
      const index = comments.findIndex(c => c.id === id)
      if (index >= 0) comments.splice(index, 1)
    },
    close: () =>
      new Promise<void>(resolve => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}
