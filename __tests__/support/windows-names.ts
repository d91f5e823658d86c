/**
 * Names Windows cannot hold and what the action makes of each: the one table
 * the extraction (on this OS) and the entry filter (under Windows path
 * semantics) are both checked against, so both must decide alike.
 */
const DEVICE =
  'a device name Windows reserves (CON, PRN, AUX, NUL, COM0-9, LPT0-9, with any extension)'
const TRAILING = 'a name part ending in a dot or a space (Windows drops them)'

/** Entry names and the reason each is refused. */
export const WINDOWS_REFUSED: ReadonlyArray<readonly [string, string]> = [
  ['CON', DEVICE],
  ['nul.txt', DEVICE],
  ['a.', TRAILING],
  ['b ', TRAILING],
  ['c:d', "':' in the name (on Windows, an alternate data stream)"],
  ['aux', DEVICE],
  ['Prn.tar.gz', DEVICE],
  ['sub/COM1.log', DEVICE],
  ['sub/lpt9', DEVICE],
  ['com0', DEVICE],
  ['COM\u00b9', DEVICE],
  ['lpt\u00b3.txt', DEVICE],
  ['CON .txt', DEVICE],
  ['conin$', DEVICE],
  ['dir./f.txt', TRAILING],
  ['dir /f.txt', TRAILING],
  ['report.md:Zone.Identifier', "':' in the name (on Windows, an alternate data stream)"],
  ['a\\b', "'\\' in the name, which Windows names cannot hold"],
  ['q?.txt', "'?' in the name, which Windows names cannot hold"],
  ['star*', "'*' in the name, which Windows names cannot hold"],
  ['<tag>', "'<' in the name, which Windows names cannot hold"],
  ['pipe|x', "'|' in the name, which Windows names cannot hold"],
  ['say"hi"', "'\"' in the name, which Windows names cannot hold"],
  ['tab\there', 'a control character in the name'],
  ['bell\u0007', 'a control character in the name'],
  [`${'x'.repeat(256)}`, 'a name part longer than 255 bytes'],
  [`${'é'.repeat(128)}`, 'a name part longer than 255 bytes']
]

/** Names that look close to those but Windows holds, so they are kept. */
export const WINDOWS_KEPT: readonly string[] = [
  'console.txt',
  'CONx',
  'com10',
  'lpt',
  'nul_x.txt',
  'auxiliary/aux_.c',
  'COM1x.log',
  '.hidden',
  '..a/b..c',
  'a.b',
  ' leading space',
  'weird name ü.txt',
  'x'.repeat(255),
  'é'.repeat(127)
]
