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
 *
 * It can answer 403 for a read-only token (as GitHub does for the token of a
 * pull request from a fork) or for every write, and records each request.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export interface FakeComment {
  id: number
  /** `owner/repo` */
  repository: string
  issueNumber: number
  body: string
  user: { login: string; type: 'User' | 'Bot' }
  createdAt: string
  updatedAt: string
}

export interface FakePullRequest {
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
  /** Login and type of the comments the fake writes. */
  author?: { login: string; type: 'User' | 'Bot' }
  /** `owner/repo` of seeded comments that do not name one. */
  repository?: string
}

export interface GitHubApiRequest {
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

/** Starts the fake on 127.0.0.1 on a free port. */
export async function startGitHubApi(options: GitHubApiOptions = {}): Promise<GitHubApi> {
  const defaultRepo = options.repository ?? 'octo/repo'
  const author = options.author ?? { login: 'github-actions[bot]', type: 'Bot' as const }
  const maxPerPage = options.maxPerPage ?? 100
  const requests: GitHubApiRequest[] = []
  const comments: FakeComment[] = []
  let nextId = 1000
  const now = (): string => new Date().toISOString()
  for (const seed of options.comments ?? []) {
    const id = seed.id ?? nextId++
    nextId = Math.max(nextId, id + 1)
    comments.push({
      id,
      repository: seed.repository ?? defaultRepo,
      issueNumber: seed.issueNumber,
      body: seed.body,
      user: seed.user ?? { login: 'someone', type: 'User' },
      createdAt: seed.createdAt ?? now(),
      updatedAt: seed.updatedAt ?? now()
    })
  }
  const pulls = new Map((options.pullRequests ?? []).map(pr => [pr.number, pr]))

  const sockets = new Set<Socket>()
  let baseUrl = ''

  const commentJson = (c: FakeComment): Record<string, unknown> => ({
    id: c.id,
    node_id: `IC_${c.id}`,
    url: `${baseUrl}/repos/${c.repository}/issues/comments/${c.id}`,
    html_url: `https://github.com/${c.repository}/pull/${c.issueNumber}#issuecomment-${c.id}`,
    issue_url: `${baseUrl}/repos/${c.repository}/issues/${c.issueNumber}`,
    body: c.body,
    user: { login: c.user.login, id: 1, type: c.user.type },
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    author_association: 'NONE'
  })

  const handle = (
    method: string,
    path: string,
    query: Record<string, string>,
    token: string | null,
    body: unknown
  ): { status: number; body: unknown; headers?: Record<string, string> } => {
    if (options.validTokens && (token === null || !options.validTokens.includes(token))) {
      return { status: 401, body: { message: 'Bad credentials' } }
    }
    const write = method !== 'GET' && method !== 'HEAD'
    if (
      write &&
      (options.denyWrites || (token !== null && options.readOnlyTokens?.includes(token)))
    ) {
      return { status: 403, body: { message: NOT_ACCESSIBLE } }
    }

    let m = /^\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)\/comments$/.exec(path)
    if (m) {
      const repository = m[1] ?? ''
      const issueNumber = Number(m[2])
      if (method === 'GET') {
        const all = comments.filter(
          c => c.repository === repository && c.issueNumber === issueNumber
        )
        const perPage = Math.min(Math.max(Number(query['per_page'] ?? '30') || 30, 1), maxPerPage)
        const page = Math.max(Number(query['page'] ?? '1') || 1, 1)
        const last = Math.max(Math.ceil(all.length / perPage), 1)
        const link = (p: number, rel: string): string =>
          `<${baseUrl}${path}?per_page=${perPage}&page=${p}>; rel="${rel}"`
        const links: string[] = []
        if (page > 1) links.push(link(page - 1, 'prev'), link(1, 'first'))
        if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'))
        return {
          status: 200,
          body: all.slice((page - 1) * perPage, page * perPage).map(commentJson),
          headers: links.length > 0 ? { link: links.join(', ') } : {}
        }
      }
      if (method === 'POST') {
        const text = bodyText(body)
        if (text === null) return { status: 422, body: { message: 'Validation Failed' } }
        const comment: FakeComment = {
          id: nextId++,
          repository,
          issueNumber,
          body: text,
          user: author,
          createdAt: now(),
          updatedAt: now()
        }
        comments.push(comment)
        return { status: 201, body: commentJson(comment) }
      }
      return { status: 405, body: { message: 'Method Not Allowed' } }
    }

    m = /^\/repos\/([^/]+\/[^/]+)\/issues\/comments\/(\d+)$/.exec(path)
    if (m) {
      const comment = comments.find(c => c.repository === m?.[1] && c.id === Number(m[2]))
      if (!comment) return { status: 404, body: { message: 'Not Found' } }
      if (method === 'GET') return { status: 200, body: commentJson(comment) }
      if (method === 'PATCH') {
        const text = bodyText(body)
        if (text === null) return { status: 422, body: { message: 'Validation Failed' } }
        comment.body = text
        comment.updatedAt = now()
        return { status: 200, body: commentJson(comment) }
      }
      return { status: 405, body: { message: 'Method Not Allowed' } }
    }

    m = /^\/repos\/([^/]+\/[^/]+)\/pulls\/(\d+)$/.exec(path)
    if (m && method === 'GET') {
      const pr = pulls.get(Number(m[2]))
      if (!pr) return { status: 404, body: { message: 'Not Found' } }
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
    return { status: 404, body: { message: 'Not Found' } }
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      const query: Record<string, string> = {}
      for (const [k, v] of url.searchParams) query[k] ??= v
      const auth = /^(?:token|bearer)\s+(.+)$/i.exec(req.headers.authorization ?? '')
      const token = auth?.[1]?.trim() ?? null
      const raw = Buffer.concat(chunks).toString('utf8')
      let body: unknown = null
      if (raw !== '') {
        try {
          body = JSON.parse(raw)
        } catch {
          body = raw
        }
      }
      const method = req.method ?? 'GET'
      const answer = handle(method, url.pathname, query, token, body)
      requests.push({ method, path: url.pathname, query, token, body, status: answer.status })
      const payload = JSON.stringify(answer.body)
      res.writeHead(answer.status, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(payload),
        'x-github-request-id': `FAKE:${requests.length}`,
        ...answer.headers
      })
      res.end(payload)
    })
  })
  server.on('connection', socket => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  baseUrl = `http://127.0.0.1:${port}`

  return {
    url: baseUrl,
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

function bodyText(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null
  const text = (body as Record<string, unknown>)['body']
  return typeof text === 'string' ? text : null
}
