/**
 * Where a run's files go under the runner's temporary folder, and which
 * names may go there at all.
 *
 * The same names are refused on every OS: an output made on Linux is often
 * downloaded, checked out or re-uploaded on Windows, and a workflow that
 * passes on `ubuntu-latest` must not lose or mangle files on
 * `windows-latest`. Such names are refused (skipped and reported), never
 * renamed: a rename would have to avoid every other name in the output,
 * would change a name the agent or a later step relies on, and would differ
 * from what the run produced without saying so in the files themselves.
 */
import { join } from 'node:path'
import { runFolder } from '../run/folder.js'

/** `<runnerTemp>/vm0-<runId>/files`, the default `path`; the run id is made safe as a folder name. */
export function defaultOutputPath(runnerTemp: string, runId: string): string {
  return join(runFolder(runnerTemp, runId), 'files')
}

/**
 * Device names Windows reserves in every folder, whatever the extension
 * (`nul.txt` and `COM1.log` open the device on Windows 10), in any case,
 * with the superscript digits ¹ ² ³ it also reads as port numbers.
 */
const RESERVED_DEVICE = /^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)/i

/** Characters Windows file names cannot hold (`:` would name an NTFS alternate data stream). */
const WINDOWS_FORBIDDEN = /[<>:"|?*\\]/

/** Most UTF-8 bytes in one path part: 255 on ext4, APFS and (in UTF-16 units, never more) NTFS. */
const MAX_NAME_PART_BYTES = 255

/** Why one path part (no `/` in it) cannot be a file or folder name on Windows; null when it can. */
function windowsPartProblem(part: string): string | null {
  if (/[\u0000-\u001f]/.test(part)) return 'a control character in the name'
  const forbidden = WINDOWS_FORBIDDEN.exec(part)?.[0]
  if (forbidden === ':') return "':' in the name (on Windows, an alternate data stream)"
  if (forbidden !== undefined) return `'${forbidden}' in the name, which Windows names cannot hold`
  if (/[. ]$/.test(part)) return 'a name part ending in a dot or a space (Windows drops them)'
  // Windows reads `CON .txt` and `CON ` as the device too: spaces before the dot do not count.
  if (RESERVED_DEVICE.test(part.replace(/ +(?=\.|$)/, ''))) {
    return 'a device name Windows reserves (CON, PRN, AUX, NUL, COM0-9, LPT0-9, with any extension)'
  }
  if (Buffer.byteLength(part, 'utf8') > MAX_NAME_PART_BYTES) {
    return `a name part longer than ${MAX_NAME_PART_BYTES} bytes`
  }
  return null
}

/**
 * Why a relative, `/`-separated path (as checked by `checkEntryPath`) cannot
 * be written on Windows, or null when every part of it can. Decided on the
 * string alone, never on the OS it runs on, so every runner keeps the same
 * files.
 */
export function windowsNameProblem(path: string): string | null {
  for (const part of path.split('/')) {
    const problem = windowsPartProblem(part)
    if (problem !== null) return problem
  }
  return null
}
