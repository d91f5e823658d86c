/**
 * Hostile agent answers for the safe-Markdown oracle test: each tries to get
 * a raw element, a mention or a reference past the answer pass into the job
 * summary or the PR comment. The first three are the bypasses of the
 * line-by-line pass confirmed with cmark-gfm (issue #20).
 */
const BEACON = '<img src="https://attacker.example/px.gif">'
const FOLD = '</details><details open><summary>✅ All checks passed</summary>'

export const HOSTILE_ANSWERS: Record<string, string> = {
  'code span across two lines of a paragraph': `Summary \` ok\nall good \` ${BEACON} ${FOLD} \``,
  'fence in a list item never closed': `- item\n\n  \`\`\`\n  code\n\n${BEACON}\n${FOLD}`,
  'closing fence followed by U+00A0': `\`\`\`\ncode\n\`\`\`\u00a0\n${BEACON}\n${FOLD}\n\`\`\`\nmore`,
  'raw HTML block and inline': `<details open>\n<summary>x</summary>\n\n${BEACON}\n\ntext <b onclick="x()">b</b> ${FOLD}`,
  'script and style': '<script>alert(1)</script>\n\n<style>body{display:none}</style>',
  'HTML comment and the marker':
    '<!-- vm0-run-action:wf:job:agent -->\n\ntext <!-- hidden --> after',
  'entities for markup': '&#60;img src=x onerror=alert(1)&#62; &lt;details&gt; &#x3C;summary>',
  'entities for mentions': '&#64;octocat and &#35;12 and &commat;org/team',
  images:
    '![beacon](https://attacker.example/px.gif) and ![ref][px]\n\n[px]: https://attacker.example/p.gif',
  'image inside a link': '[![badge](https://attacker.example/b.svg)](https://example.com)',
  'javascript and data links':
    '[click](javascript:alert(1)) [d](data:text/html;base64,PHNjcmlwdD4=) [r](/relative)',
  autolinks: '<https://attacker.example/x> <javascript:alert(1)> <mailto:a@b.c> www.example.com',
  mentions:
    '@octocat, cc @org/team, (@user) **@bold** [@link](https://example.com) _@em_ dev@example.com',
  references:
    '#12, owner/repo#7, GH-99, gh-100, owner/repo@a1b2c3d4e5f6a7b8c9d0, see https://github.com/o/r/issues/7 and <https://github.com/o/r/pull/8> and github.com/o/r/commit/abc1234 and [this](https://github.com/o/r/discussions/9)',
  'mentions in headings, tables and quotes':
    '# @octocat #1\n\n| who | what |\n| --- | --- |\n| @octocat | #3 |\n\n> @org/team GH-4\n\n- [ ] @user #5',
  'table with pipes in code spans': `| a | b |\n| - | - |\n| \`x | ${BEACON} | y\` | z |`,
  'nested lists, quotes and fences': `> - a\n>   > - b\n>   >   \`\`\`\n>   >   ${BEACON}\n\n- 1\n  - 2\n    - 3\n      \`\`\`\n      ${FOLD}\n`,
  'deep nesting': `${'> '.repeat(200)}${BEACON}\n\n${'- '.repeat(200)}${FOLD}`,
  'tabs, CRLF and lone CR': `-\tx\r\n\r\n\`\`\`\r${BEACON}\r\`\`\`\r\n${FOLD}\r\n\t${BEACON}`,
  'Unicode spaces': `\u00a0${BEACON}\n\u2003\`\`\`\n\u3000${FOLD}\n\u00a0\u00a0\u00a0\u00a0${BEACON}`,
  'link reference definitions': '[x]: https://attacker.example/x "t"\n\n[x] and [y][x] and ![x]',
  footnotes: 'Text[^1] and [^n].\n\n[^1]: <img src=x> @octocat\n[^n]: note',
  'setext and thematic breaks': `${BEACON}\n===\n\n${FOLD}\n---\n***`,
  'unclosed constructs': `**bold *em [link](https://x.example ${BEACON}\n\n\`\`\`\`\n${FOLD}`,
  'backslash and backtick games': `\\\`${BEACON}\` \`\`${FOLD}\` \\\\\` ${BEACON} \``,
  'indented code and HTML after it': `    ${BEACON}\n${FOLD}\n\n<div>\n\n*x*\n\n</div>`,
  'processing instruction, declaration, CDATA': `<?php x ?>\n\n<!DOCTYPE html>\n\n<![CDATA[ ${BEACON} ]]>`,
  'many delimiters (parsed as text)': `${'*_'.repeat(400)} ${BEACON} ${'a]'.repeat(400)} ${FOLD}`,
  'links with markup in every part': `[a <b>x</b> ${BEACON}](https://e.example/<img> "t\\" ${BEACON}") [b](<https://e.example/a b> 'x<y') <a@b.example>`,
  'HTML in table cells and headings': `| <b>a</b> | ${BEACON} |\n| - | - |\n| ${FOLD} | x |\n\n## ${BEACON} title\n\nsetext ${BEACON}\n---`,
  'markup in emphasis and strikethrough': `*a ${BEACON}* **b ${FOLD}** ~~c <script>x</script>~~ ***d <!-- e -->***`,
  'tilde fences and long fences': `~~~\n\`\`\`\n${BEACON}\n~~~\n${'`'.repeat(40)}\n${FOLD}\n${'`'.repeat(39)}\n${'`'.repeat(41)}`,
  'entities in code and links': `\`&lt;img&gt;\` [&lt;img&gt;](https://e.example/&lt;) &#x3C;!-- x --&#x3E; &amp;lt;img&amp;gt;`,
  'hard breaks and escapes at line ends': `a\\\n${BEACON}\\\nb  \n${FOLD}\\`,
  'long line': `${'word '.repeat(5000)}${BEACON}`
}

/** A benign answer whose meaning must survive: headings, lists, code, tables, links. */
export const BENIGN_ANSWER = [
  '# Findings',
  '',
  'The build **passes** and `npm test` is _green_; see [the docs](https://example.com/docs).',
  '',
  '## Changes',
  '',
  '1. First',
  '2. Second',
  '   - nested',
  '',
  '- [x] done',
  '- [ ] todo',
  '',
  '```ts',
  'const html = "<b>@octocat</b>" // a < b && c',
  '```',
  '',
  '| file | issue |',
  '| --- | ---: |',
  '| `src/a.ts` | unused import |',
  '',
  '> quoted ~~old~~ text'
].join('\n')
