/**
 * A runner-like reader of a step's stdout and file commands, used to assert
 * what the runner would do with the action's output. It follows actions/runner
 * (`ActionCommandManager.TryProcessCommand`, `ActionCommand.TryParseV2` and
 * `TryParse`): lines end at `\n`, `\r\n` and a lone `\r`; a line is a command
 * when, trimmed, it starts with `::name …::` or when it holds `##[name …]`
 * anywhere, `name` being a registered command (any case); after
 * `::stop-commands::TOKEN` only TOKEN (in either form) is obeyed, and the stop
 * and resume lines are printed.
 */

interface WorkflowCommand {
  command: string
  properties: Record<string, string>
  data: string
  line: number
  /** `::command::` or the legacy `##[command]` found anywhere in a line. */
  form: 'v2' | 'legacy'
}

export interface ParsedStdout {
  /** Commands the runner would obey (`stop-commands` included; the resume is not). */
  commands: WorkflowCommand[]
  /** Lines the runner would print as text (fenced command-like lines included). */
  text: string[]
  /** Values registered with `::add-mask::`. */
  masks: string[]
  /** Group titles in order, and whether each was closed. */
  groups: Array<{ title: string; closed: boolean }>
  /**
   * What the log shows, in order: text lines, the fence lines the runner echoes
   * (`::stop-commands::…`, `::…::`), group titles as `▾ title`, and annotations as
   * `error: …` / `warning: …` / `notice: …`. Masked values are `***`.
   */
  displayed: string[]
  /** How many of the displayed lines are fence lines. */
  fenceLines: number
}

/** The commands the runner knows (its command extensions, and `stop-commands`). */
const REGISTERED = new Set([
  'stop-commands',
  'add-mask',
  'add-path',
  'add-matcher',
  'remove-matcher',
  'debug',
  'notice',
  'warning',
  'error',
  'group',
  'endgroup',
  'echo',
  'set-env',
  'set-output',
  'save-state'
])

function unescapeData(s: string): string {
  return s.replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%25/g, '%')
}

function unescapeProperty(s: string): string {
  return unescapeData(s).replace(/%3A/gi, ':').replace(/%2C/gi, ',')
}

/** Legacy `##[…]` values: `%3B` `;`, `%0D`, `%0A`, `%5D` `]`, `%25` `%`. */
function unescapeLegacy(s: string): string {
  return s
    .replace(/%3B/gi, ';')
    .replace(/%0D/gi, '\r')
    .replace(/%0A/gi, '\n')
    .replace(/%5D/gi, ']')
    .replace(/%25/g, '%')
}

// .NET's String.TrimStart(): every Char.IsWhiteSpace character.
const DOTNET_SPACE = /^[\s\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/

type Parsed = Omit<WorkflowCommand, 'line'>

function properties(text: string, separator: string, unescape: (s: string) => string) {
  const props: Record<string, string> = {}
  for (const pair of text.split(separator).filter(Boolean)) {
    const eq = pair.indexOf('=')
    if (eq > 0 && eq < pair.length - 1) props[pair.slice(0, eq)] = unescape(pair.slice(eq + 1))
  }
  return props
}

/** `ActionCommand.TryParseV2`: `::name props::data` at the start of the trimmed line. */
function parseV2(line: string, registered: Set<string>): Parsed | null {
  const message = line.replace(DOTNET_SPACE, '')
  if (!message.startsWith('::')) return null
  const end = message.indexOf('::', 2)
  if (end < 0) return null
  const info = message.slice(2, end)
  const space = info.indexOf(' ')
  const command = space < 0 ? info : info.slice(0, space)
  if (!registered.has(command.toLowerCase())) return null
  return {
    command: command.toLowerCase(),
    properties: space > 0 ? properties(info.slice(space + 1).trim(), ',', unescapeProperty) : {},
    data: unescapeData(message.slice(end + 2)),
    form: 'v2'
  }
}

/** `ActionCommand.TryParse`: the legacy `##[name props]data`, anywhere in the line. */
function parseLegacy(line: string, registered: Set<string>): Parsed | null {
  const prefix = line.indexOf('##[')
  if (prefix < 0) return null
  const close = line.indexOf(']', prefix)
  if (close < 0) return null
  const info = line.slice(prefix + 3, close)
  const space = info.indexOf(' ')
  const command = space < 0 ? info : info.slice(0, space)
  if (!registered.has(command.toLowerCase())) return null
  return {
    command: command.toLowerCase(),
    properties: space > 0 ? properties(info.slice(space + 1), ';', unescapeLegacy) : {},
    data: unescapeLegacy(line.slice(close + 1)),
    form: 'legacy'
  }
}

/** The runner's line reader: `\n`, `\r\n` and a lone `\r` all end a line. */
export function runnerLines(stdout: string): string[] {
  const lines = stdout.split(/\r\n|\r|\n/)
  if (lines.at(-1) === '') lines.pop()
  return lines
}

/** What a displayed line is, for a viewer. */
export type ShownKind = 'text' | 'fence' | 'group' | 'endgroup' | 'annotation'

/**
 * Reads stdout line by line as the runner does (see the file's comment),
 * collecting a {@link ParsedStdout} and telling `onShow` each line the log shows.
 */
export class RunnerReader {
  readonly result: ParsedStdout = {
    commands: [],
    text: [],
    masks: [],
    groups: [],
    displayed: [],
    fenceLines: 0
  }
  private readonly registered = new Set(REGISTERED)
  private stopToken: string | null = null
  private index = 0

  constructor(private readonly onShow: (line: string, kind: ShownKind) => void = () => {}) {}

  /** One line, as the runner's line reader delivers it (no line break in it). */
  line(line: string): void {
    const index = this.index++
    const parsed = parseV2(line, this.registered) ?? parseLegacy(line, this.registered)
    if (this.stopToken !== null) {
      if (parsed && parsed.command === this.stopToken) {
        this.registered.delete(this.stopToken)
        this.stopToken = null
        this.show(line, 'fence')
      } else {
        this.result.text.push(line)
        this.show(line, 'text')
      }
      return
    }
    if (!parsed) {
      this.result.text.push(line)
      this.show(line, 'text')
      return
    }
    this.command({ ...parsed, line: index }, line)
  }

  private command(cmd: WorkflowCommand, line: string): void {
    this.result.commands.push(cmd)
    switch (cmd.command) {
      case 'stop-commands':
        this.stopToken = cmd.data.toLowerCase()
        this.registered.add(this.stopToken)
        this.show(line, 'fence')
        return
      case 'add-mask':
        this.result.masks.push(cmd.data)
        return
      case 'group':
        this.result.groups.push({ title: cmd.data, closed: false })
        this.show(`▾ ${cmd.data}`, 'group')
        return
      case 'endgroup': {
        const open = this.result.groups.at(-1)
        if (open) open.closed = true
        this.onShow('', 'endgroup')
        return
      }
      case 'error':
      case 'warning':
      case 'notice':
        this.show(`${cmd.command}: ${cmd.data}`, 'annotation')
    }
  }

  private show(line: string, kind: ShownKind): void {
    const masked = this.result.masks.reduce(
      (text, secret) => (secret ? text.split(secret).join('***') : text),
      line
    )
    this.result.displayed.push(masked)
    if (kind === 'fence') this.result.fenceLines++
    this.onShow(masked, kind)
  }
}

/** Parses stdout the way the runner does (see the file's comment). */
export function parseStdout(stdout: string): ParsedStdout {
  const reader = new RunnerReader()
  for (const line of runnerLines(stdout)) reader.line(line)
  return reader.result
}

/** Parses a GITHUB_OUTPUT / GITHUB_STATE file (`name<<DELIM` blocks and `name=value` lines). */
export function parseFileCommands(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  // @actions/core ends these lines with os.EOL: \r\n on Windows, which the runner reads as one break.
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? ''
    if (line === '') continue
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line)
    if (heredoc) {
      const [, name = '', delim = ''] = heredoc
      const value: string[] = []
      i++
      while (i < lines.length && lines[i] !== delim) value.push(lines[i++] ?? '')
      if (i >= lines.length) throw new Error(`unterminated ${name}<<${delim} block`)
      out[name] = value.join('\n')
      continue
    }
    const eq = line.indexOf('=')
    if (eq < 0) throw new Error(`malformed file command line: ${line}`)
    out[line.slice(0, eq)] = line.slice(eq + 1)
  }
  return out
}
