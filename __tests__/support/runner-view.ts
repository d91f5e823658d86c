/**
 * Shows a step's stdout roughly as the Actions log viewer does: workflow
 * commands hidden or turned into markers, fenced text printed as text,
 * masked values replaced with ***. For people reading the demo; tests assert
 * on workflow-commands.ts instead.
 */
export function createRunnerView(write: (text: string) => void): (chunk: string) => void {
  let partial = ''
  let stopToken: string | null = null
  let inGroup = false
  const masks: string[] = []
  const mask = (line: string): string =>
    masks.reduce((text, secret) => (secret ? text.split(secret).join('***') : text), line)

  const handle = (line: string): void => {
    const trimmed = line.trimStart()
    if (stopToken !== null) {
      if (trimmed === `::${stopToken}::`) stopToken = null
      else write(`${inGroup ? '  │ ' : ''}${mask(line)}\n`)
      return
    }
    const m = /^::([a-z-]+)(?: [^:]*)?::(.*)$/.exec(trimmed)
    if (!m) {
      write(`${inGroup ? '  │ ' : ''}${mask(line)}\n`)
      return
    }
    const [, command, data = ''] = m
    const text = data.replace(/%0A/g, ' ').replace(/%0D/g, '').replace(/%25/g, '%')
    switch (command) {
      case 'stop-commands':
        stopToken = data
        return
      case 'add-mask':
        masks.push(text)
        return
      case 'group':
        write(`▾ ${mask(text)}\n`)
        inGroup = true
        return
      case 'endgroup':
        inGroup = false
        return
      case 'warning':
      case 'error':
      case 'notice':
        write(`${inGroup ? '  │ ' : ''}\u001b[33m${command}:\u001b[0m ${mask(text)}\n`)
        return
      case 'debug':
        return
      default:
        write(`${mask(line)}\n`)
    }
  }

  return chunk => {
    partial += chunk
    const lines = partial.split('\n')
    partial = lines.pop() ?? ''
    for (const line of lines) handle(line)
  }
}
