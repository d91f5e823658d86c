/**
 * What a reader sees of a text, worked out independently of the action's own
 * `seenText`, for tests that assert a secret is shown in no channel: the step
 * log and the raw outputs with colour codes and invisible characters left
 * out, and any text rendered as GitHub renders Markdown (commonmark.js, the
 * reference implementation, as the oracle), tags stripped.
 */
import { HtmlRenderer, Parser } from 'commonmark'

// Colour codes the log viewer draws, and what prints as nothing: controls (not tab, newline),
// format characters, default ignorable code points (variation selectors, joiners, fillers).
const COLOUR = /\u001b\[[0-9;:]*m/g
const UNSEEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\p{Cf}\p{Default_Ignorable_Code_Point}]/gu
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" }

/** The text as the step log shows it: colour codes and invisible characters gone. */
function shownInLog(text: string): string {
  return text.replace(COLOUR, '').replace(UNSEEN, '')
}

/** The text of the HTML that the Markdown `text` renders to, tags stripped, invisibles gone. */
function shownRendered(text: string): string {
  const html = new HtmlRenderer().render(new Parser().parse(text))
  const plain = html
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ENTITIES[name] ?? '')
  return shownInLog(plain)
}

/** The secrets (of `secrets`) a reader can see in `text`, read as log text or rendered. */
export function secretsShown(text: string, secrets: readonly string[]): string[] {
  const log = shownInLog(text)
  const rendered = shownRendered(text)
  return secrets.filter(s => log.includes(s) || rendered.includes(s))
}
