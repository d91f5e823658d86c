/**
 * A runner-like reader of a step's stdout and file commands, used to assert
 * what the runner would do with the action's output.
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
  /** Commands the runner would obey. */
  commands: WorkflowCommand[]
  /** Lines the runner would print as text (fenced command-like lines included). */
  text: string[]
  /** Values registered with `::add-mask::`. */
  masks: string[]
  /** Group titles in order, and whether each was closed. */
  groups: Array<{ title: string; closed: boolean }>
}

function unescapeData(s: string): string {
  return s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
}

function unescapeProperty(s: string): string {
  return unescapeData(s).replace(/%3A/g, ':').replace(/%2C/g, ',')
}

/** Commands the runner registers (`ActionCommandManager`), which the legacy `##[` form can name. */
const LEGACY_COMMANDS = new Set([
  'add-mask',
  'add-matcher',
  'remove-matcher',
  'set-env',
  'set-output',
  'save-state',
  'add-path',
  'warning',
  'error',
  'notice',
  'debug',
  'group',
  'endgroup',
  'echo',
  'stop-commands'
])

/** `::command props::data` at the start of a line (after whitespace). */
function parseV2(trimmed: string, index: number): WorkflowCommand | null {
  const m = /^::([A-Za-z-]+)(?: ([^:]*))?::(.*)$/.exec(trimmed)
  if (!m) return null
  const [, command = '', props = '', data = ''] = m
  const properties: Record<string, string> = {}
  for (const pair of props.split(',').filter(Boolean)) {
    const eq = pair.indexOf('=')
    if (eq > 0) properties[pair.slice(0, eq).trim()] = unescapeProperty(pair.slice(eq + 1))
  }
  return { command, properties, data: unescapeData(data), line: index, form: 'v2' }
}

/**
 * The legacy `##[command prop=v;…]data` form, found **anywhere** in the line as
 * actions/runner `ActionCommand.TryParse` finds it (`IndexOf("##[")`).
 */
function parseLegacy(line: string, index: number): WorkflowCommand | null {
  const at = line.indexOf('##[')
  if (at < 0) return null
  const close = line.indexOf(']', at)
  if (close < 0) return null
  const info = line.slice(at + 3, close)
  const space = info.indexOf(' ')
  const command = (space < 0 ? info : info.slice(0, space)).toLowerCase()
  if (!LEGACY_COMMANDS.has(command)) return null
  const properties: Record<string, string> = {}
  if (space > 0) {
    for (const pair of info
      .slice(space + 1)
      .split(';')
      .filter(Boolean)) {
      const eq = pair.indexOf('=')
      if (eq > 0) properties[pair.slice(0, eq)] = unescapeProperty(pair.slice(eq + 1))
    }
  }
  const data = unescapeData(line.slice(close + 1))
  return { command, properties, data, line: index, form: 'legacy' }
}

/**
 * Parses stdout the way the runner does, honouring `::stop-commands::`. A
 * line ends at `\n`, `\r\n` or a lone `\r`; a line that is not a `::` command
 * is searched for the legacy `##[` form anywhere in it.
 */
export function parseStdout(stdout: string): ParsedStdout {
  const result: ParsedStdout = { commands: [], text: [], masks: [], groups: [] }
  let stopToken: string | null = null
  const lines = stdout.split(/\r\n|\r|\n/)
  lines.forEach((line, index) => {
    const trimmed = line.trimStart()
    if (stopToken !== null) {
      if (trimmed.trimEnd() === `::${stopToken}::`) stopToken = null
      else result.text.push(line)
      return
    }
    const cmd = parseV2(trimmed, index) ?? parseLegacy(line, index)
    if (cmd === null) {
      result.text.push(line)
      return
    }
    const { command } = cmd
    result.commands.push(cmd)
    switch (command) {
      case 'stop-commands':
        stopToken = cmd.data
        break
      case 'add-mask':
        result.masks.push(cmd.data)
        break
      case 'group':
        result.groups.push({ title: cmd.data, closed: false })
        break
      case 'endgroup': {
        const open = result.groups.at(-1)
        if (open) open.closed = true
        break
      }
    }
  })
  return result
}

/** Parses a GITHUB_OUTPUT / GITHUB_STATE file (`name<<DELIM` blocks and `name=value` lines). */
export function parseFileCommands(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  const lines = text.split('\n')
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
