/**
 * A runner-like reader of a step's stdout and file commands, used to assert
 * what the runner would do with the action's output.
 */

interface WorkflowCommand {
  command: string
  properties: Record<string, string>
  data: string
  line: number
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

/** Parses stdout the way the runner does, honouring `::stop-commands::`. */
export function parseStdout(stdout: string): ParsedStdout {
  const result: ParsedStdout = { commands: [], text: [], masks: [], groups: [] }
  let stopToken: string | null = null
  const lines = stdout.split('\n')
  lines.forEach((raw, index) => {
    const line = raw.replace(/\r$/, '')
    const trimmed = line.trimStart()
    if (stopToken !== null) {
      if (trimmed === `::${stopToken}::`) stopToken = null
      else result.text.push(line)
      return
    }
    const m = /^::([A-Za-z-]+)(?: ([^:]*))?::(.*)$/.exec(trimmed)
    if (!m) {
      result.text.push(line)
      return
    }
    const [, command = '', props = '', data = ''] = m
    const properties: Record<string, string> = {}
    for (const pair of props.split(',').filter(Boolean)) {
      const eq = pair.indexOf('=')
      if (eq > 0) properties[pair.slice(0, eq).trim()] = unescapeProperty(pair.slice(eq + 1))
    }
    const cmd: WorkflowCommand = { command, properties, data: unescapeData(data), line: index }
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
