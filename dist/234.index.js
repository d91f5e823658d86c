export const id = 234;
export const ids = [234];
export const modules = {

/***/ 34234:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  RunReport: () => (/* binding */ RunReport)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 14 modules
var core = __webpack_require__(70819);
// EXTERNAL MODULE: ./src/follow/timing.ts
var follow_timing = __webpack_require__(8547);
// EXTERNAL MODULE: ./src/base/errors.ts
var errors = __webpack_require__(34758);
// EXTERNAL MODULE: ./src/github/context.ts
var context = __webpack_require__(19556);
// EXTERNAL MODULE: ./src/run/outcome.ts
var run_outcome = __webpack_require__(36497);
// EXTERNAL MODULE: ./src/base/log.ts
var log = __webpack_require__(93179);
// EXTERNAL MODULE: ./src/text/sizes.ts
var sizes = __webpack_require__(1801);
// EXTERNAL MODULE: ./src/text/durations.ts
var durations = __webpack_require__(51966);
// EXTERNAL MODULE: ./src/text/sanitize.ts
var sanitize = __webpack_require__(64212);
// EXTERNAL MODULE: ./node_modules/mdast-util-from-markdown/lib/index.js + 39 modules
var lib = __webpack_require__(57391);
// EXTERNAL MODULE: ./node_modules/mdast-util-gfm/lib/index.js + 10 modules
var mdast_util_gfm_lib = __webpack_require__(60844);
// EXTERNAL MODULE: ./node_modules/mdast-util-to-markdown/lib/index.js + 10 modules
var mdast_util_to_markdown_lib = __webpack_require__(91286);
// EXTERNAL MODULE: ./node_modules/micromark-extension-gfm/index.js + 7 modules
var micromark_extension_gfm = __webpack_require__(52297);
;// CONCATENATED MODULE: ./src/report/answer-blocks.ts
/**
 * The agent's answer cut into blocks the Markdown parser can take one at a
 * time, each with a verdict on whether parsing it is affordable.
 *
 * Why: micromark (the CommonMark + GFM parser of safe-markdown.ts) is slow
 * on some inputs. Measured on a 2-core machine: emphasis delimiters
 * (`*_` repeated) are quadratic within one paragraph (32 KB: 8 s), so are
 * unmatched `]` and `~`; a whole document is slower per byte than the same
 * text parsed in pieces (512 KB: 16 s whole, 4 s in 4 KB pieces); and deep
 * nesting of `>` or list markers overflows the stack. Blocks end at a blank
 * line followed by an unindented line outside a top-level fence, where
 * CommonMark closes every open container and paragraph, so parsing them one
 * by one keeps their meaning (link reference definitions aside, which the
 * pass resolves within a block). A block is parsed only while its paragraphs
 * hold few delimiters, its lines nest shallowly and it is not long; any
 * other block is shown as a fenced text block, which is safe whatever it
 * holds. Everything here is one forward pass over the text.
 */
/** Characters whose runs micromark pairs up with a backwards search. */
const DELIMITERS = new Set(['*', '_', '~', '[', ']', '`']);
/** Delimiters in one paragraph-like run of lines before the block is not parsed. */
const MAX_PARAGRAPH_DELIMITERS = 200;
/** Containers (`>`, list markers, two-space indents) before a line's text. */
const MAX_DEPTH = 8;
/** Characters outside fenced code in one parsed block. */
const MAX_BLOCK_CHARS = 8 * 1024;
function leadingSpaces(line) {
    let i = 0;
    while (line[i] === ' ' || line[i] === '\t')
        i++;
    return i;
}
/** The fence a top-level line opens (at most three spaces before it), if any. */
function fenceOpening(line) {
    let at = 0;
    while (at < 4 && line[at] === ' ')
        at++;
    if (at > 3)
        return null;
    const char = line[at];
    if (char !== '`' && char !== '~')
        return null;
    let end = at;
    while (line[end] === char)
        end++;
    if (end - at < 3)
        return null;
    // A backtick fence's info string cannot hold a backtick.
    if (char === '`' && line.includes('`', end))
        return null;
    return { char, length: end - at, column0: at === 0 };
}
/** CommonMark: a closing fence is followed by spaces and tabs only (not U+00A0). */
function closesFence(line, fence) {
    let at = 0;
    while (at < 4 && line[at] === ' ')
        at++;
    if (at > 3)
        return false;
    let end = at;
    while (line[end] === fence.char)
        end++;
    if (end - at < fence.length)
        return false;
    for (let i = end; i < line.length; i++)
        if (line[i] !== ' ' && line[i] !== '\t')
            return false;
    return true;
}
/**
 * How deeply a line nests (quote markers, list markers, indentation in
 * pairs of spaces), and where its content starts. Counts at most the
 * line's own prefix, so all lines together cost linear time.
 */
function prefixOf(line) {
    let depth = 0;
    let i = 0;
    let start = -1;
    for (;;) {
        const spaces = leadingSpaces(line.slice(i, i + 64));
        depth += Math.floor(spaces / 2);
        i += spaces;
        const c = line[i];
        if (c === '>') {
            depth++;
            i++;
            continue;
        }
        // Where the content starts once quote markers are set aside (a list marker belongs to it).
        if (start === -1)
            start = i;
        const next = line[i + 1];
        const spaced = next === ' ' || next === '\t' || next === undefined;
        if ((c === '-' || c === '*' || c === '+') && spaced) {
            depth++;
            i++;
            continue;
        }
        let digits = i;
        while (digits < i + 10 && line.charCodeAt(digits) >= 48 && line.charCodeAt(digits) <= 57)
            digits++;
        const mark = line[digits];
        if (digits > i && (mark === '.' || mark === ')')) {
            const after = line[digits + 1];
            if (after === ' ' || after === '\t' || after === undefined) {
                depth++;
                i = digits + 1;
                continue;
            }
        }
        return { depth, start: start === -1 ? i : start };
    }
}
/**
 * True when a line (its container prefix aside) surely starts a new inline
 * run: a bullet item or `1.` item with content, or an ATX heading. Anything
 * else may continue the paragraph above, so its delimiters count together.
 */
function startsInline(line, start) {
    const rest = line.slice(start, start + 16);
    return /^(?:[-+*]|1[.)])[ \t]+\S/.test(rest) || /^#{1,6}(?:[ \t]|$)/.test(rest);
}
/** Splits the answer into blocks (see the module comment). */
class BlockSplitter {
    blocks = [];
    lines = [];
    fence = null;
    chars = 0;
    depth = 0;
    paragraph = 0;
    worst = 0;
    blank = false;
    static split(text) {
        const splitter = new BlockSplitter();
        let start = 0;
        while (start <= text.length) {
            let end = text.indexOf('\n', start);
            if (end === -1)
                end = text.length;
            splitter.line(text.slice(start, end));
            start = end + 1;
        }
        splitter.flush();
        return splitter.blocks;
    }
    line(line) {
        // Blank for CommonMark: spaces and tabs only (a line of U+00A0 continues a paragraph).
        const blank = /^[ \t]*$/.test(line);
        if (blank && this.fence === null) {
            this.blank = true;
            this.paragraph = 0;
            if (this.lines.length > 0)
                this.lines.push(line);
            return;
        }
        // A blank line, then an unindented line outside a fence: every container is closed.
        if (this.blank && this.fence === null && leadingSpaces(line) === 0)
            this.flush();
        this.blank = false;
        this.lines.push(line);
        if (this.fence !== null) {
            if (closesFence(line, this.fence))
                this.fence = null;
            // Only a fence opened at column 0 is surely top-level code (an indented one may sit
            // in a list item that the next unindented line closes): the others' lines count.
            if (this.fence === null || !this.fence.column0)
                this.measure(line);
            return;
        }
        this.fence = fenceOpening(line);
        // A fence line always ends the paragraph before it.
        if (this.fence !== null)
            this.paragraph = 0;
        if (this.fence === null || !this.fence.column0)
            this.measure(line);
    }
    measure(line) {
        const { depth, start } = prefixOf(line);
        this.depth = Math.max(this.depth, depth);
        if (startsInline(line, start))
            this.paragraph = 0;
        for (let i = start; i < line.length; i++)
            if (DELIMITERS.has(line[i]))
                this.paragraph++;
        this.worst = Math.max(this.worst, this.paragraph);
        this.chars += line.length + 1;
    }
    flush() {
        while (this.lines.length > 0 && /^[ \t]*$/.test(this.lines[this.lines.length - 1])) {
            this.lines.pop();
        }
        if (this.lines.length > 0) {
            this.blocks.push({
                text: this.lines.join('\n'),
                parse: this.worst <= MAX_PARAGRAPH_DELIMITERS &&
                    this.depth <= MAX_DEPTH &&
                    this.chars <= MAX_BLOCK_CHARS
            });
        }
        this.lines = [];
        this.fence = null;
        this.chars = 0;
        this.depth = 0;
        this.paragraph = 0;
        this.worst = 0;
    }
}

;// CONCATENATED MODULE: ./src/report/answer-tree.ts
const ZWJ = '\u200d';
const HEADING_SHIFT = 3;
/** Paths of github.com pages that GitHub turns into a reference (and a back-link). */
const REFERENCE_PATH = /^\/[^/?#]+\/[^/?#]+\/(?:issues|pull|pulls|commit|commits|discussions)(?:[/?#]|$)/i;
const BLOCK_PARENTS = new Set(['root', 'blockquote', 'listItem', 'footnoteDefinition']);
function isAlnum(code) {
    return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}
function isDigit(code) {
    return code >= 48 && code <= 57;
}
/**
 * Mentions and references in plain text defused: a zero-width joiner after
 * `@` before a letter or digit (`@octocat`, `@org/team`, `owner/repo@sha`),
 * after `#` before a digit (`#12`, `owner/repo#7`) and after the `-` of
 * `GH-99`. One pass, linear.
 */
function defuseMentions(text, keepAt = false) {
    let out = '';
    let copied = 0;
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        const next = text.charCodeAt(i + 1);
        let defuse = false;
        if (c === '@')
            defuse = !keepAt && isAlnum(next);
        else if (c === '#')
            defuse = isDigit(next);
        else if (c === '-' && isDigit(next) && i >= 2) {
            const g = text.slice(i - 2, i).toLowerCase();
            defuse = g === 'gh' && (i === 2 || !isAlnum(text.charCodeAt(i - 3)));
        }
        if (!defuse)
            continue;
        out += text.slice(copied, i + 1) + ZWJ;
        copied = i + 1;
    }
    return copied === 0 ? text : out + text.slice(copied);
}
/** True for a github.com URL of an issue, pull request, commit or discussion. */
function isReferenceUrl(url) {
    let parsed;
    try {
        parsed = new URL(url);
    }
    catch {
        return false;
    }
    const host = parsed.hostname.toLowerCase();
    return ((host === 'github.com' || host === 'www.github.com') && REFERENCE_PATH.test(parsed.pathname));
}
const URL_END = /[\s<>"'`]/;
/**
 * Text split so that github.com reference URLs written as text (not
 * autolinked: no scheme, or inside a link's text) become code spans. Each
 * occurrence is found with indexOf and grows right to the next space, so the
 * scan is linear.
 */
function textNodes(text, keepAt) {
    const lower = text.toLowerCase();
    const out = [];
    let copied = 0;
    let from = 0;
    for (;;) {
        const at = lower.indexOf('github.com/', from);
        if (at === -1)
            break;
        let start = at;
        if (lower.startsWith('www.', start - 4))
            start -= 4;
        for (const scheme of ['https://', 'http://']) {
            if (lower.startsWith(scheme, start - scheme.length))
                start -= scheme.length;
        }
        let end = at + 'github.com'.length;
        while (end < text.length && !URL_END.test(text[end]))
            end++;
        // Trailing punctuation ends a sentence, not the URL (as GFM's autolinks).
        while (end > at && /[.,:;!?)\]*_~]/.test(text[end - 1]))
            end--;
        const before = start === 0 ? 32 : text.charCodeAt(start - 1);
        const url = text.slice(start, end);
        if (start >= copied &&
            !isAlnum(before) &&
            isReferenceUrl(url.includes('://') ? url : `https://${url}`)) {
            if (start > copied)
                out.push({ type: 'text', value: defuseMentions(text.slice(copied, start), keepAt) });
            out.push({ type: 'inlineCode', value: url });
            copied = end;
        }
        from = Math.max(end, at + 1);
    }
    if (copied < text.length)
        out.push({ type: 'text', value: defuseMentions(text.slice(copied), keepAt) });
    return out;
}
function allowedUrl(url) {
    return /^(?:https?:\/\/|mailto:)/i.test(url);
}
/**
 * A link, made safe: another target than http(s) or mailto is dropped (its
 * text kept); a reference URL is shown as code, after the link's text unless
 * that text was the URL itself (an autolink).
 */
function safeLink(url, title, children, label = null) {
    if (!allowedUrl(url))
        return children;
    if (isReferenceUrl(url)) {
        const code = { type: 'inlineCode', value: url };
        if (label !== null &&
            (label === url || `https://${label}` === url || `http://${label}` === url)) {
            return [code];
        }
        return [...children, { type: 'text', value: ' (' }, code, { type: 'text', value: ')' }];
    }
    return [{ type: 'link', url, title: title ?? null, children }];
}
function imageAsText(alt, url, ctx) {
    const label = alt.trim() === '' ? 'image' : alt;
    const text = [{ type: 'text', value: defuseMentions(label) }];
    if (ctx.inLink || url === null)
        return text;
    return safeLink(url, null, text);
}
/** Fenced-code languages GitHub renders as pictures rather than text. */
const DRAWN = new Set(['mermaid', 'geojson', 'topojson', 'stl', 'math']);
/** The safe replacement of one node (zero, one or more nodes). */
function transform(node, parent, ctx) {
    switch (node.type) {
        case 'html':
            if (BLOCK_PARENTS.has(parent.type))
                return [{ type: 'code', lang: 'html', value: node.value }];
            return textNodes(node.value, ctx.inMail);
        case 'text':
            return textNodes(node.value, ctx.inMail);
        case 'image':
            return imageAsText(node.alt ?? '', node.url, ctx);
        case 'imageReference':
            return imageAsText(node.alt ?? '', ctx.definitions.get(node.identifier)?.url ?? null, ctx);
        case 'definition':
            return [];
        case 'footnoteReference':
            return [{ type: 'text', value: `[^${node.label ?? node.identifier}]` }];
        case 'footnoteDefinition': {
            const mark = {
                type: 'paragraph',
                children: [{ type: 'text', value: `[^${node.label ?? node.identifier}]:` }]
            };
            return [mark, ...transformAll(node.children, node, ctx)];
        }
        case 'link':
        case 'linkReference':
            return linkOf(node, ctx);
        case 'heading':
            node.depth = Math.min(6, node.depth + HEADING_SHIFT);
            break;
        case 'code':
            // GitHub draws these languages (a chart, a map, a model): an answer could draw a fake
            // "all checks passed" picture beside the report's own charts. Shown as their text.
            if (DRAWN.has((node.lang ?? '').toLowerCase())) {
                node.lang = 'text';
                node.meta = null;
            }
            break;
    }
    if ('children' in node) {
        ;
        node.children = transformAll(node.children, node, ctx);
    }
    return [node];
}
function linkOf(node, ctx) {
    const target = node.type === 'link'
        ? { url: node.url, title: node.title }
        : ctx.definitions.get(node.identifier);
    const url = target?.url ?? '';
    const inner = { ...ctx, inLink: true, inMail: /^mailto:/i.test(url) };
    const first = node.children[0];
    const label = node.children.length === 1 && first?.type === 'text' ? first.value : null;
    const children = transformAll(node.children, node, inner);
    if (target === undefined)
        return children;
    return safeLink(url, target.title, children, label);
}
function transformAll(children, parent, ctx) {
    const out = [];
    for (const child of children) {
        for (const node of transform(child, parent, ctx)) {
            const last = out[out.length - 1];
            if (last !== undefined && last.type === 'inlineCode' && node.type === 'inlineCode')
                last.value += node.value;
            else if (last !== undefined && last.type === 'text' && node.type === 'text')
                last.value = defuseMentions(last.value + node.value, ctx.inMail);
            else
                out.push(node);
        }
    }
    return out;
}
/** Link reference definitions by identifier (the first one wins, as in CommonMark). */
function definitionsOf(node, into = new Map()) {
    if (node.type === 'definition' && !into.has(node.identifier))
        into.set(node.identifier, node);
    if ('children' in node)
        for (const child of node.children)
            definitionsOf(child, into);
    return into;
}
/** The tree made safe, in place (see the module comment). */
function safeTree(root) {
    const ctx = { definitions: definitionsOf(root), inLink: false, inMail: false };
    root.children = transformAll(root.children, root, ctx);
    return root;
}

;// CONCATENATED MODULE: ./src/report/safe-markdown.ts
/**
 * The agent's answer rendered as Markdown in the job summary and the
 * comment, made safe by parsing it as GitHub does (CommonMark + GFM, with
 * micromark/mdast), transforming the tree (answer-tree.ts: raw HTML and
 * images made text or links, mentions and references defused, headings
 * moved below the report's titles) and serialising it back with
 * mdast-util-to-markdown. What the parser saw is balanced by construction:
 * the serialiser closes every fence, list and quote it writes, and `<` and
 * `&` in text are escaped. `<!--` is broken everywhere (code included) with
 * a zero-width joiner, so nothing in the answer reads as the comment's
 * hidden marker.
 *
 * Cost: the parser is not linear on every input, so the answer is parsed in
 * blocks (answer-blocks.ts), a block that could cost more than linear time
 * is shown as a fenced text block instead, and at most `MAX_PARSED_CHARS`
 * characters of the answer are parsed: the blocks after them are shown as
 * one fenced text block (safe without parsing), so a long answer is shown
 * whole up to the page's size, not cut where parsing stops.
 * docs/markdown.md has the facts and the measurements.
 */








const safe_markdown_ZWJ = '\u200d';
/**
 * Characters of the answer that are parsed as Markdown. micromark, loaded fresh
 * as the action loads it, read 40 to 150 KB of Markdown a second of CPU in
 * the 5 MB tests (2-core machine, busy; ordinary mixed Markdown and many
 * short paragraphs are the slow end: 32 KB took 0.8 s), so 16 KB keeps the
 * summary and the comment each well under a second.
 */
const MAX_PARSED_CHARS = 16 * 1024;
/**
 * Parsed blocks are read in groups of about this many characters: each parse
 * has a fixed cost (a few blocks of one word each cost more than their text),
 * and a large document costs more per byte than the same text in pieces.
 */
const GROUP_CHARS = 8 * 1024;
/** Rounds of cutting a block that does not fit before giving up on it. */
const FIT_ROUNDS = 4;
/** `<!--` made harmless anywhere (code included). */
function breakComments(text) {
    return text.includes('<!--') ? text.split('<!--').join(`<!${safe_markdown_ZWJ}--`) : text;
}
/** The text without the newlines at its end (no `/\n+$/`: that backtracks on long runs). */
function trimNewlines(text) {
    let end = text.length;
    while (end > 0 && text.charCodeAt(end - 1) === 10)
        end--;
    return text.slice(0, end);
}
/** The text from its first line that is not blank (spaces and tabs only). */
function withoutLeadingBlankLines(text) {
    let start = 0;
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10)
            start = i + 1;
        else if (c !== 32 && c !== 9)
            break;
    }
    return start === 0 ? text : text.slice(start);
}
function longestBacktickRun(text) {
    let longest = 0;
    let run = 0;
    for (let i = 0; i < text.length; i++) {
        run = text.charCodeAt(i) === 96 ? run + 1 : 0;
        if (run > longest)
            longest = run;
    }
    return longest;
}
/** A block shown as text: a fence longer than any backtick run in it, so nothing ends it early. */
function fencedText(text) {
    const fence = '`'.repeat(Math.max(3, longestBacktickRun(text) + 1));
    return `${fence}text\n${text}\n${fence}`;
}
const TO_MARKDOWN = {
    extensions: [(0,mdast_util_gfm_lib/* gfmToMarkdown */.H)()],
    bullet: '-',
    listItemIndent: 'one',
    fences: true,
    resourceLink: true,
    // Every `<` and `&` of text escaped, not only those the serialiser thinks could start markup.
    unsafe: [
        { character: '<', inConstruct: 'phrasing' },
        { character: '&', inConstruct: 'phrasing' }
    ]
};
const FROM_MARKDOWN = { extensions: [(0,micromark_extension_gfm/* gfm */.T)()], mdastExtensions: [(0,mdast_util_gfm_lib/* gfmFromMarkdown */.C)()] };
/** One block parsed, made safe and serialised (a fenced text block when parsing it is not affordable). */
function renderBlock(block) {
    if (!block.parse)
        return breakComments(fencedText(block.text));
    let tree;
    try {
        tree = (0,lib/* fromMarkdown */.Y)(block.text, FROM_MARKDOWN);
    }
    catch {
        // A stack overflow on nesting the block checks missed: the text is still safe as code.
        return breakComments(fencedText(block.text));
    }
    return breakComments(trimNewlines((0,mdast_util_to_markdown_lib/* toMarkdown */.l)(safeTree(tree), TO_MARKDOWN)));
}
/**
 * The longest start of a block whose safe rendering fits in `room` bytes:
 * cut, rendered, and cut again in proportion to what rendering added.
 */
function renderWithin(block, room) {
    let text = (0,sizes/* capUtf8 */.G)(block.text, room);
    for (let round = 0; round < FIT_ROUNDS && text !== ''; round++) {
        const markdown = renderBlock({ ...block, text });
        const size = Buffer.byteLength(markdown);
        if (size <= room)
            return markdown;
        const bytes = Buffer.byteLength(text);
        text = (0,sizes/* capUtf8 */.G)(text, Math.min(bytes - 1, Math.floor((bytes * room) / size) - 8));
    }
    return '';
}
/**
 * Consecutive parsed blocks joined into groups of about `GROUP_CHARS`, and
 * consecutive text blocks into one fence. Blocks past `MAX_PARSED_CHARS` of
 * parsed text become text blocks: shown whole, never parsed.
 */
function grouped(blocks) {
    const out = [];
    let parsed = 0;
    for (const each of blocks) {
        let block = each;
        if (block.parse) {
            parsed += block.text.length;
            if (parsed > MAX_PARSED_CHARS)
                block = { ...block, parse: false };
        }
        const last = out[out.length - 1];
        const joins = last !== undefined &&
            last.parse === block.parse &&
            (!block.parse || last.text.length + block.text.length < GROUP_CHARS);
        if (joins) {
            // A blank line then an unindented line: the blocks read the same apart or together.
            last.text = `${last.text}\n\n${block.text}`;
        }
        else {
            out.push({ ...block });
        }
    }
    return out;
}
/**
 * The answer as safe Markdown of at most `maxBytes` of UTF-8 (see the module
 * comment). A cut falls between blocks where it can; a block that does not
 * fit is cut and rendered again, so what is shown is still balanced.
 */
function safeMarkdown(text, maxBytes) {
    const plain = withoutLeadingBlankLines((0,sanitize/* plainText */.wh)(text));
    // Every character becomes at least one byte of output: past `maxBytes + 1` the output is cut anyway.
    const limit = maxBytes + 1;
    const source = trimNewlines(plain.length > limit ? (0,sanitize/* cutChars */.oN)(plain, limit) : plain);
    let cut = source.length < trimNewlines(plain).length;
    const out = [];
    let bytes = 0;
    for (const block of grouped(BlockSplitter.split(source))) {
        const markdown = renderBlock(block);
        if (markdown === '')
            continue;
        const gap = out.length === 0 ? 0 : 2;
        const size = Buffer.byteLength(markdown) + gap;
        if (bytes + size <= maxBytes) {
            out.push(markdown);
            bytes += size;
            continue;
        }
        cut = true;
        const room = maxBytes - bytes - gap;
        const part = room > 0 ? renderWithin(block, room) : '';
        if (part !== '')
            out.push(part);
        break;
    }
    return { markdown: out.join('\n\n'), cut };
}

;// CONCATENATED MODULE: ./src/report/markdown.ts
/**
 * Markdown for the job summary and the pull-request comment. Remote text
 * (answers, errors, log lines, names) is untrusted: it is stripped of
 * control characters and shown only in code spans or fenced blocks whose
 * fence is longer than any backtick run inside, so it can neither inject
 * HTML nor break the page's layout. Links are made only to http(s) URLs.
 */



const STATUS_ICONS = {
    completed: '✅',
    failed: '❌',
    timeout: '⏱️',
    cancelled: '🚫',
    running: '⏳',
    pending: '⏳',
    queued: '⏳'
};
/** An emoji for a run status (❔ for one the action does not know). */
function statusIcon(status) {
    return STATUS_ICONS[status] ?? '❔';
}
function longestRun(text, char) {
    let longest = 0;
    let run = 0;
    for (const c of text) {
        run = c === char ? run + 1 : 0;
        if (run > longest)
            longest = run;
    }
    return longest;
}
/**
 * Remote text in a fenced code block whose backtick fence is longer than any
 * backtick run inside, so nothing in it can close the block early; renderers
 * escape HTML inside code blocks.
 */
function fencedBlock(text, info = 'text') {
    const body = breakComments(trimNewlines((0,sanitize/* plainText */.wh)(text)));
    const fence = '`'.repeat(Math.max(3, longestRun(body, '`') + 1));
    return `${fence}${info}\n${body}\n${fence}`;
}
/**
 * A fenced block of at most `budget` bytes: the text is cut (on a character
 * boundary) until the block, fences included, fits. Null when nothing fits.
 */
function fencedWithin(text, info, budget) {
    // The block is never smaller than its body: start from a body that could fit.
    let body = (0,sizes/* capUtf8 */.G)(text, Math.max(0, budget));
    for (let attempt = 0; attempt < 4; attempt++) {
        const block = fencedBlock(body, info);
        const size = Buffer.byteLength(block);
        if (size <= budget)
            return { block, cut: body.length < text.length };
        const overhead = size - Buffer.byteLength(body);
        const room = budget - Math.max(overhead, 0);
        if (room <= 0)
            break;
        body = (0,sizes/* capUtf8 */.G)(body, Math.min(room, Buffer.byteLength(body) - 1));
    }
    return { block: null, cut: true };
}
/**
 * Remote text on one line, as a code span: no HTML, no links, no @mentions.
 * In a table cell, `|` is escaped (GFM splits cells before it parses spans).
 */
function inlineCode(text, options = {}) {
    let one = breakComments((0,sanitize/* plainText */.wh)(text))
        .replace(/[\n\t]+/g, ' ')
        .trim();
    const max = options.maxChars ?? 200;
    if (one.length > max)
        one = `${(0,sanitize/* cutChars */.oN)(one, max - 1)}…`;
    if (one === '')
        return '`(empty)`';
    if (options.table)
        one = one.replace(/\|/g, '\\|');
    const ticks = '`'.repeat(longestRun(one, '`') + 1);
    const pad = one.startsWith('`') || one.endsWith('`') ? ' ' : '';
    return `${ticks}${pad}${one}${pad}${ticks}`;
}
/** Markdown-escapes our own short text (used in link labels and prose). */
function escapeMarkdown(text) {
    return (0,sanitize/* plainText */.wh)(text)
        .replace(/\n/g, ' ')
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/[\\`*_[\]#|~@]/g, c => `\\${c}`);
}
/** The URL, made safe inside `<…>`, when it is http(s); else null. */
function safeUrl(url) {
    if (!url)
        return null;
    try {
        const parsed = new URL(url);
        if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
            return null;
        return parsed.href.replace(/[<>\s]/g, encodeURIComponent);
    }
    catch {
        return null;
    }
}
/** A link only when the URL is http(s); the label is escaped. */
function markdownLink(label, url) {
    const safe = safeUrl(url);
    return safe ? `[${escapeMarkdown(label)}](<${safe}>)` : escapeMarkdown(label);
}
/**
 * Characters past what a section can show that are still redacted: beyond
 * them the text is cut first. Redaction reads every character (the five
 * passes of a 5 MB answer cost the summary most of a second), and what lies
 * this far past the section's end is never shown.
 */
const REDACT_MARGIN_CHARS = 64 * 1024;
/**
 * The start of `text` a section of at most `shownBytes` can show, redacted.
 * Redaction shortens text (invisible and control characters go, a secret
 * becomes `***`), so a start that shrank to less than half the margin past
 * what is shown is taken again, twice as long, up to the whole text: a
 * secret cut in two by the first cut then lies far past anything shown (a
 * part of a secret can no longer be found by any redaction).
 */
function redactedStart(text, shownBytes, redact) {
    const enough = shownBytes + REDACT_MARGIN_CHARS / 2;
    for (let keep = shownBytes + REDACT_MARGIN_CHARS;; keep *= 2) {
        if (text.length <= keep)
            return redact(text);
        const start = redact((0,sanitize/* cutChars */.oN)(text, keep));
        // Every shown byte is at least one character of the redacted text.
        if (start.length >= enough)
            return start;
    }
}

;// CONCATENATED MODULE: ./src/report/figures.ts


/** `612 MiB`, `1.2 GiB`, `4 GiB`: whole MiB below a GiB, one decimal above (none when whole). */
function formatMemory(mib) {
    if (mib < 1024)
        return `${Math.round(mib)} MiB`;
    const gib = Math.round((mib / 1024) * 10) / 10;
    return `${gib} GiB`;
}
/** `950`, `12.3k`, `1.2M`. */
function formatCount(n) {
    if (n < 1000)
        return String(Math.round(n));
    if (n < 1_000_000)
        return `${Math.round(n / 100) / 10}k`;
    return `${Math.round(n / 100_000) / 10}M`;
}
/** `✅ docs-writer completed in 4m 12s`, `⏱ docs-writer timed out after 30m (cancelled by the action)`, … */
function headline(agent, ending) {
    const name = escapeMarkdown(agent);
    const took = ending.durationMs !== null && ending.durationMs !== undefined
        ? (0,durations/* formatDuration */.a3)(ending.durationMs)
        : null;
    const fate = ending.cancel === 'ended'
        ? 'the run had already ended'
        : ending.cancel === 'failed'
            ? 'cancelling it failed'
            : ending.cancelled
                ? 'cancelled by the action'
                : 'left running: `cancel-on-timeout` is false';
    const limit = ending.limitMs !== null && ending.limitMs !== undefined ? (0,durations/* formatDuration */.a3)(ending.limitMs) : null;
    switch (ending.stop) {
        case 'timeout':
            return `⏱ ${name} timed out${limit ? ` after ${limit}` : ''} (${fate})`;
        case 'idle':
            return `⏱ ${name} timed out: nothing arrived${limit ? ` for ${limit}` : ''}, the \`idle-timeout\` (${fate})`;
        case 'aborted':
            return `🚫 ${name} stopped: the workflow was cancelled`;
        case 'follow-failed':
            return `❌ ${name}: following the run failed${ending.cancel || ending.cancelled ? ` (${fate})` : ''}`;
        default: {
            const waiting = ['running', 'pending', 'queued'].includes(ending.status);
            const when = took && !waiting ? ` ${ending.status === 'completed' ? 'in' : 'after'} ${took}` : '';
            return `${statusIcon(ending.status)} ${name} ${statusWords(ending.status)}${when}`;
        }
    }
}
function statusWords(status) {
    switch (status) {
        case 'completed':
            return 'completed';
        case 'failed':
            return 'failed';
        case 'timeout':
            return 'timed out on VM0';
        case 'cancelled':
            return 'was cancelled';
        case 'running':
        case 'pending':
        case 'queued':
            return `is ${status} (not waited for)`;
        default:
            return `ended ${escapeMarkdown(status.slice(0, 40))}`;
    }
}

;// CONCATENATED MODULE: ./src/report/gantt.ts

/** Rows in the chart; a longer run shows its longest rows. */
const MAX_GANTT_ROWS = 40;
/** Characters of a label before its duration. */
const LABEL_CHARS = 48;
/** A span shorter than this share of the run is tiny: consecutive tiny calls of one tool share a row. */
const TINY_SHARE = 1 / 50;
/** …and shorter than this share of its longest step. */
const TINY_OF_LONGEST = 1 / 10;
/** Runs shorter than this get an elapsed-seconds axis; longer ones the clock. */
const ELAPSED_AXIS_MS = 15 * 60_000;
/**
 * Characters that end a task's text, start a comment or a directive in
 * Mermaid's gantt grammar, or close the Markdown fence, each with a
 * look-alike that reads the same.
 */
const LOOK_ALIKES = {
    ':': '∶',
    '#': '＃',
    ';': '；',
    '%': '％',
    '`': 'ˋ',
    '<': '‹',
    '>': '›',
    '&': '＆',
    "'": '’',
    '"': '”',
    '\\': '∖'
};
/**
 * What the gantt lexer reads at the start of a line before a task's text
 * (rules tried in order, the first match wins, case-insensitive): keywords
 * (even without a space after them: `gantt` needs none), interactivity
 * commands and a date.
 */
const LEADING_KEYWORD = /^(?:gantt|dateformat|inclusiveenddates|topaxis|axisformat|tickinterval|includes|excludes|todaymarker|weekday|weekend|title|accdescription|acctitle|accdescr|section|click|href|call|\d{4}-\d\d-\d\d)/i;
/**
 * Text from the run as a gantt label: one line, no character that ends a
 * task or reads as a comment, never a keyword or a date at its start, at
 * most `max` characters (whole code points, `…` where cut).
 */
function ganttText(text, max = LABEL_CHARS) {
    let out = '';
    for (const c of text) {
        // Controls, format characters (bidi overrides, zero-width) and line breaks: a space.
        out += /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\s]/u.test(c) ? ' ' : (LOOK_ALIKES[c] ?? c);
    }
    out = head(out.replace(/ {2,}/g, ' ').trim(), max);
    if (out === '')
        return 'step';
    return LEADING_KEYWORD.test(out) ? `› ${out}` : out;
}
/** The end of a text within `max` characters, `…` in front where cut. */
function tail(text, max) {
    const chars = Array.from(text);
    return chars.length <= max ? text : `…${chars.slice(chars.length - max + 1).join('')}`;
}
/** The start of a text within `max` characters, `…` after where cut. */
function head(text, max) {
    const chars = Array.from(text);
    return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
const FILE_TOOLS = /^(?:read|edit|multiedit|write|notebookedit|notebookread|ls|view|create)$/i;
const COMMAND_TOOLS = /^(?:bash|command|shell|exec|run|terminal)$/i;
const gantt_URL = /^[a-z][a-z0-9+.-]*:\/\/([^/?#\s]+)([^?#\s]*)/i;
/** The call's subject: as recorded, else its title without the tool's name. */
function subjectOf(span) {
    if (span.subject)
        return span.subject;
    const title = span.label.replace(/…$/, '');
    if (title.startsWith(`${span.name}: `))
        return title.slice(span.name.length + 2);
    return title.replace(/^\$ /, '');
}
/** The last `segments` parts of a path (`src/app.ts`), `…/` in front when some were left out. */
function pathTail(path, segments) {
    const parts = path.replace(/[/\\]+$/, '').split(/[/\\]/);
    const kept = parts.slice(-segments).join('/');
    return parts.length > segments && segments > 1 ? `…/${kept}` : kept;
}
/** A shell command as people read it: without a leading `cd <dir> &&`. */
function commandText(command) {
    return command.replace(/^(?:\s*cd\s+\S+\s*&&\s*)+/, '').trim();
}
/**
 * What a call was about, in the words a reader scans for: the file name for
 * a file tool, the command for a shell, host and path for a URL, else the
 * tool's name and the start of its subject. `segments` widens a path.
 */
function callText(span, segments = 1) {
    const subject = subjectOf(span).trim();
    if (subject === '')
        return span.name;
    const url = gantt_URL.exec(subject);
    if (url)
        return `${span.name} ${head(`${url[1]}${url[2] ?? ''}`, LABEL_CHARS - 10)}`;
    if (COMMAND_TOOLS.test(span.name))
        return head(commandText(subject), LABEL_CHARS);
    const pathLike = !/\s/.test(subject) && /[/\\]/.test(subject);
    if (FILE_TOOLS.test(span.name) || pathLike) {
        return `${span.name} ${tail(pathTail(subject, segments), LABEL_CHARS - 10)}`;
    }
    return head(`${span.name} ${subject}`, LABEL_CHARS);
}
/** A turn's text: its first words, or for the model's time before a call, the call it led to. */
function turnText(span, next) {
    if (span.label !== 'tool calls')
        return span.label;
    return next?.kind === 'tool' && next.startMs === span.endMs
        ? `model → ${callText(next)}`
        : 'model';
}
function spanEnd(span, endMs) {
    return span.endMs ?? endMs;
}
function rowOf(span, next, endMs) {
    const end = Math.max(spanEnd(span, endMs), span.startMs + 1);
    const took = (0,durations/* formatDuration */.a3)(spanEnd(span, endMs) - span.startMs);
    return {
        section: span.kind === 'turn' ? 'Agent' : span.name,
        text: span.kind === 'turn' ? turnText(span, next) : callText(span),
        took: span.running ? `running, ${took} so far` : span.endMs === null ? 'no result' : took,
        startMs: span.startMs,
        endMs: end,
        tag: span.running || span.endMs === null ? 'active, ' : span.failed ? 'crit, ' : '',
        merged: false,
        ...(span.kind === 'tool' ? { call: span } : {})
    };
}
/** A stretch of tiny consecutive spans as one row: `12 × Read, 2.1s`. */
function mergedRow(spans, endMs) {
    const counts = new Map();
    for (const span of spans) {
        if (span.kind !== 'tool')
            continue;
        const c = counts.get(span.name) ?? { calls: 0, ms: 0 };
        c.calls++;
        c.ms += spanEnd(span, endMs) - span.startMs;
        counts.set(span.name, c);
    }
    const total = [...counts.values()].reduce((n, c) => n + c.ms, 0);
    const calls = [...counts.values()].reduce((n, c) => n + c.calls, 0);
    const each = [...counts].map(([name, c]) => `${c.calls} × ${name}`);
    const only = counts.size === 1 ? [...counts.keys()][0] : undefined;
    return {
        section: only ?? 'Several tools',
        text: `${only ? each[0] : `${calls} calls (${each.join(', ')})`}, ${(0,durations/* formatDuration */.a3)(total)}`,
        took: '',
        startMs: spans[0].startMs,
        endMs: Math.max(spanEnd(spans.at(-1), endMs), spans[0].startMs + 1),
        tag: '',
        merged: true
    };
}
/** Whether a span may share a row: tiny, answered and not failed (those stay visible). */
function isTiny(span, tinyMs) {
    return span.endMs !== null && !span.failed && !span.running && span.endMs - span.startMs < tinyMs;
}
/** A stretch of tiny spans cut where the tool changes (the model's time goes with the call before). */
function byTool(spans, [from, to]) {
    const runs = [];
    let start = from;
    let tool = null;
    for (let i = from; i < to; i++) {
        const span = spans[i];
        if (span.kind !== 'tool')
            continue;
        if (tool !== null && span.name !== tool) {
            const cut = spans[i - 1]?.kind === 'turn' && i - 1 > start ? i - 1 : i;
            runs.push([start, cut]);
            start = cut;
        }
        tool = span.name;
    }
    runs.push([start, to]);
    return runs;
}
function callsIn(spans, [from, to]) {
    return spans.slice(from, to).filter(s => s.kind === 'tool').length;
}
/**
 * The rows of a stretch of tiny spans: each run of two or more calls of one
 * tool as one row ("12 × Read, 1.8s"); calls left between such runs, when
 * two or more, as one row too ("5 calls (3 × Grep, 2 × Glob), 1.1s"); a call
 * left alone as a row of its own. The model's pause before a call is noise
 * on its own and left out.
 */
function tinyRows(spans, stretch, endMs) {
    const rows = [];
    let single = null;
    const flushSingles = () => {
        if (single === null)
            return;
        const [from, to] = single;
        if (callsIn(spans, single) >= 2)
            rows.push(mergedRow(spans.slice(from, to), endMs));
        else {
            for (let i = from; i < to; i++) {
                if (spans[i].label !== 'tool calls')
                    rows.push(rowOf(spans[i], spans[i + 1], endMs));
            }
        }
        single = null;
    };
    for (const run of byTool(spans, stretch)) {
        if (callsIn(spans, run) >= 2) {
            flushSingles();
            rows.push(mergedRow(spans.slice(run[0], run[1]), endMs));
        }
        else
            single = single === null ? run : [single[0], run[1]];
    }
    flushSingles();
    return rows;
}
/**
 * The rows, in time order: stretches of tiny spans as {@link tinyRows} makes
 * them; every other span is a row of its own. A span is tiny beside the run
 * and beside its longest step, so the longest steps always keep their rows;
 * a stretch ends at a gap (spans left out beyond the collector's bound).
 */
function rowsOf(spans, startMs, endMs) {
    const longestMs = Math.max(0, ...spans.map(s => spanEnd(s, endMs) - s.startMs));
    const tinyMs = Math.min((endMs - startMs) * TINY_SHARE, longestMs * TINY_OF_LONGEST);
    const rows = [];
    let from = 0;
    spans.forEach((span, i) => {
        const previous = spans[i - 1];
        const gap = previous ? span.startMs - spanEnd(previous, endMs) : 0;
        if (isTiny(span, tinyMs) && gap <= tinyMs)
            return;
        rows.push(...tinyRows(spans, [from, i], endMs));
        if (isTiny(span, tinyMs)) {
            from = i;
            return;
        }
        rows.push(rowOf(span, spans[i + 1], endMs));
        from = i + 1;
    });
    rows.push(...tinyRows(spans, [from, spans.length], endMs));
    return rows;
}
/** The longest `max` rows (running ones first), in time order. */
function longest(rows, max) {
    if (rows.length <= max)
        return rows;
    const weight = (r) => (r.tag === 'active, ' ? Infinity : r.endMs - r.startMs);
    return [...rows]
        .sort((a, b) => weight(b) - weight(a))
        .slice(0, max)
        .sort((a, b) => a.startMs - b.startMs);
}
const ORDINALS = ['1st', '2nd', '3rd'];
/** Each row's label: text and duration, the texts that repeat numbered in time order. */
function labels(rows) {
    const texts = rows.map(r => ganttText(r.text));
    const total = new Map();
    for (const t of texts)
        total.set(t, (total.get(t) ?? 0) + 1);
    const seen = new Map();
    return rows.map((row, i) => {
        const text = texts[i];
        const n = (seen.get(text) ?? 0) + 1;
        seen.set(text, n);
        const nth = (total.get(text) ?? 1) > 1 ? (ORDINALS[n - 1] ?? `${n}th`) : null;
        if (row.merged)
            return nth ? `${text} (${nth})` : text;
        return `${text} (${nth ? `${nth}, ` : ''}${ganttText(row.took, 40)})`;
    });
}
/**
 * Rows whose file names collide (two `index.ts` in different folders) show
 * one folder more; the rest keep the bare name.
 */
function widenCollisions(rows) {
    const byText = new Map();
    for (const row of rows) {
        const same = byText.get(row.text);
        if (same)
            same.push(row);
        else
            byText.set(row.text, [row]);
    }
    for (const same of byText.values()) {
        const subjects = new Set(same.map(r => (r.call ? subjectOf(r.call) : r.text)));
        if (same.length < 2 || subjects.size < 2)
            continue;
        for (const row of same)
            if (row.call)
                row.text = callText(row.call, 2);
    }
}
/** The axis: elapsed seconds from the run's start for a short run, else the clock. */
function axisLines(startMs, endMs) {
    const total = endMs - startMs;
    if (total >= ELAPSED_AXIS_MS) {
        return { lines: ['  dateFormat x', '  axisFormat %H:%M'], base: 0 };
    }
    // Offsets from 0 with `%s` (seconds since the epoch) read as elapsed seconds in
    // every time zone; `%M:%S` would be formatted in the reader's zone, off by 30
    // minutes in UTC+5:30.
    const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300];
    const step = steps.find(s => total / (s * 1000) <= 10) ?? 300;
    const interval = step < 60 ? `${step}second` : `${step / 60}minute`;
    return {
        lines: ['  dateFormat x', '  axisFormat %ss', `  tickInterval ${interval}`],
        base: startMs
    };
}
/**
 * The gantt chart of a timeline, or null when it has no row (no events, or
 * no step that took time). Spans of no length are left out, but for calls
 * without a result (they show as such).
 */
function ganttChart(timeline) {
    const startMs = timeline.startMs;
    const endMs = timeline.endMs;
    if (startMs === null || endMs === null)
        return null;
    const spans = timeline.spans.filter(s => s.endMs === null || spanEnd(s, endMs) > s.startMs);
    const all = rowsOf(spans, startMs, endMs);
    widenCollisions(all);
    const rows = longest(all, MAX_GANTT_ROWS);
    if (rows.length === 0)
        return null;
    const axis = axisLines(startMs, endMs);
    const lines = ['```mermaid', 'gantt', ...axis.lines, '  todayMarker off'];
    const names = labels(rows);
    const sections = new Map();
    rows.forEach((row, i) => {
        const key = row.section === 'Agent' ? 'Agent' : ganttText(row.section, 30);
        sections.set(key, [...(sections.get(key) ?? []), i]);
    });
    for (const [name, indexes] of sections) {
        lines.push(`  section ${name}`);
        for (const i of indexes) {
            const row = rows[i];
            lines.push(`  ${names[i]} : ${row.tag}${row.startMs - axis.base}, ${row.endMs - axis.base}`);
        }
    }
    lines.push('```');
    return { lines, shown: rows.length, rows: all.length, merged: rows.filter(r => r.merged).length };
}

;// CONCATENATED MODULE: ./src/report/charts.ts




/** Points of a resource chart: readable on a page, still the run's shape. */
const MAX_CHART_POINTS = 24;
const MAX_TOOL_ROWS = 20;
/**
 * The line's colour and the chart's height, set per chart: mermaid's default
 * theme draws the first line in `#ECECFF`, invisible on a white page, and
 * makes the chart 500 px high. A `%%{init}%%` directive before the diagram
 * (docs/mermaid.md) sets both, in mermaid 10 and 11.
 */
const CHART_HEIGHT = 280;
const CPU_COLOUR = '#1f6feb';
const MEMORY_COLOUR = '#2da44e';
/**
 * The points in at most `max` equal stretches of time: CPU averaged, memory
 * at its peak; a stretch without samples repeats the one before.
 */
function downsample(points, max = MAX_CHART_POINTS) {
    const first = points[0];
    const last = points.at(-1);
    if (first === undefined || last === undefined)
        return [];
    const span = last.timeMs - first.timeMs;
    const count = Math.max(1, Math.min(max, points.length));
    const sums = Array.from({ length: count }, () => ({
        cpu: 0,
        n: 0,
        memory: null
    }));
    for (const point of points) {
        const index = span === 0
            ? 0
            : Math.min(count - 1, Math.floor(((point.timeMs - first.timeMs) / span) * count));
        const bucket = sums[index];
        if (point.cpuPercent !== null) {
            bucket.cpu += point.cpuPercent;
            bucket.n++;
        }
        if (point.memoryUsedMb !== null)
            bucket.memory = Math.max(bucket.memory ?? 0, point.memoryUsedMb);
    }
    const out = [];
    let previous = null;
    sums.forEach((sum, i) => {
        const bucket = {
            offsetMs: count === 1 ? 0 : Math.round((span * i) / (count - 1)),
            cpu: sum.n > 0 ? sum.cpu / sum.n : (previous?.cpu ?? null),
            memory: sum.memory ?? previous?.memory ?? null
        };
        out.push(bucket);
        previous = bucket;
    });
    return out;
}
/**
 * Axis labels for offsets since the start, precise enough that neighbours
 * differ: seconds (`1.5s`) for a short run, else `m:ss` (or `h:mm:ss`).
 */
function axisLabels(offsets) {
    const last = offsets.at(-1) ?? 0;
    const step = offsets.length > 1 ? last / (offsets.length - 1) : last;
    if (last < 120_000) {
        const digits = step < 1000 ? 1 : 0;
        return { title: 'seconds', labels: offsets.map(ms => `${(ms / 1000).toFixed(digits)}s`) };
    }
    const clock = (ms) => {
        const total = Math.round(ms / 1000);
        const h = Math.floor(total / 3600);
        const m = Math.floor((total % 3600) / 60);
        const sec = String(total % 60).padStart(2, '0');
        return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
    };
    return {
        title: last >= 3_600_000 ? 'elapsed (h:mm:ss)' : 'elapsed (m:ss)',
        labels: offsets.map(clock)
    };
}
function number(value) {
    return String(Math.round(value * 10) / 10);
}
/** The init directive of one chart: its line's colour and its height. */
function chartInit(colour) {
    const init = {
        xyChart: { height: CHART_HEIGHT },
        themeVariables: { xyChart: { plotColorPalette: colour } }
    };
    return `%%{init: ${JSON.stringify(init)}}%%`;
}
function xychart(chart, x, values) {
    const { title, axis, top } = chart;
    return [
        '```mermaid',
        chartInit(chart.colour),
        'xychart-beta',
        `  title "${title}"`,
        `  x-axis "${x.title}" [${x.labels.map(l => `"${l}"`).join(', ')}]`,
        `  y-axis "${axis}" 0 --> ${number(top)}`,
        `  line [${values.map(number).join(', ')}]`,
        '```'
    ];
}
/**
 * Resource charts (CPU %, memory) from the metrics points, or one sentence
 * saying why there are none.
 */
function resourceSection(metrics, why) {
    const lines = ['### Resources', ''];
    const points = metrics?.points ?? [];
    if (metrics === null || points.length < 2) {
        const reason = metrics === null
            ? (why ?? 'the service reported no metrics for this run')
            : `the service reported ${points.length === 1 ? 'one sample' : 'no samples'} over time`;
        return [...lines, `No resource chart: ${reason}.`, ''];
    }
    const buckets = downsample(points);
    const labels = axisLabels(buckets.map(b => b.offsetMs));
    const cpu = buckets.map(b => b.cpu ?? 0);
    if (buckets.some(b => b.cpu !== null)) {
        const top = Math.max(100, Math.ceil(Math.max(...cpu) / 10) * 10);
        lines.push(...xychart({ title: 'CPU (%)', axis: '%', top, colour: CPU_COLOUR }, labels, cpu), '');
    }
    if (buckets.some(b => b.memory !== null)) {
        const peak = Math.max(...buckets.map(b => b.memory ?? 0));
        const total = metrics.memoryTotalMb !== null && metrics.memoryTotalMb >= peak ? metrics.memoryTotalMb : peak;
        const gib = total >= 2048;
        const unit = gib ? 'GiB' : 'MiB';
        const scale = (mb) => (gib ? mb / 1024 : mb);
        const title = `Memory (${unit}${metrics.memoryTotalMb !== null ? `, of ${formatMemory(metrics.memoryTotalMb)}` : ''})`;
        const chart = { title, axis: unit, top: scale(total), colour: MEMORY_COLOUR };
        lines.push(...xychart(chart, labels, buckets.map(b => scale(b.memory ?? 0))), '');
    }
    lines.push(`${points.length} samples${points.length > MAX_CHART_POINTS ? `, shown as ${buckets.length} points (CPU averaged, memory at its peak)` : ''}.`, '');
    return lines;
}
/** The per-tool table: calls, failures and time, longest first. */
function toolTable(tools, maxRows = MAX_TOOL_ROWS) {
    if (tools.length === 0)
        return [];
    const sorted = [...tools].sort((a, b) => b.totalMs - a.totalMs || b.calls - a.calls);
    const rows = sorted
        .slice(0, maxRows)
        .map(t => `| ${inlineCode(t.name, { table: true, maxChars: 60 })} | ${t.calls} | ${t.failures} | ${toolTime(t)} |`);
    const rest = sorted.length - rows.length;
    return [
        '| Tool | Calls | Failed | Time |',
        '| --- | ---: | ---: | ---: |',
        ...rows,
        ...(rest > 0 ? ['', `…and ${rest} more tool${rest === 1 ? '' : 's'}.`] : [])
    ];
}
/** A tool's time: `48s`, or `18s (1 running)` when calls were still running at the stop. */
function toolTime(t) {
    const running = t.running ? ` (${t.running} running)` : '';
    return `${(0,durations/* formatDuration */.a3)(t.totalMs)}${running}`;
}
/** The calls still running when the wait stopped, longest first. */
function runningCalls(timeline) {
    const running = (timeline?.spans ?? []).filter(s => s.running && s.endMs !== null);
    return running.sort((a, b) => b.endMs - b.startMs - (a.endMs - a.startMs));
}
/** What the chart leaves out or shares, in one sentence; null when it shows every step. */
function chartNote(shown, rows, merged, steps) {
    const parts = [];
    if (merged > 0)
        parts.push('runs of short consecutive calls share a row');
    if (shown < rows)
        parts.push(`the ${shown} longest of ${rows} rows (${steps} steps) are shown`);
    if (parts.length === 0)
        return null;
    const text = `${parts.join('; ')}; the table counts every call.`;
    return text.charAt(0).toUpperCase() + text.slice(1);
}
/** Where the time went: the gantt chart (or why there is none) and the per-tool table. */
function timelineSection(timeline) {
    const lines = ['### Where the time went', ''];
    if (!timeline || timeline.startMs === null || timeline.endMs === null) {
        return [...lines, 'No timeline: no agent events were seen.', ''];
    }
    const chart = ganttChart(timeline);
    const steps = timeline.spans.length + timeline.droppedSpans;
    if (chart === null) {
        lines.push('No timeline: the agent made no timed steps.', '');
    }
    else {
        lines.push(...chart.lines, '');
        const note = chartNote(chart.shown, chart.rows, chart.merged, steps);
        if (note)
            lines.push(note, '');
    }
    const table = toolTable(timeline.tools);
    if (table.length > 0)
        lines.push(...table, '');
    return lines;
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
;// CONCATENATED MODULE: ./src/text/cost.ts
/** Money as people read it in the summary and the pull-request comment. */
/** `$0.0123` (four decimals below a dollar, two above). */
function formatCost(usd) {
    return `$${usd < 1 ? usd.toFixed(4) : usd.toFixed(2)}`;
}

;// CONCATENATED MODULE: ./src/report/summary.ts
/**
 * The job summary: one Markdown page per run. A title naming the agent and
 * the outcome, one line of status · duration · cost · turns · tokens, on
 * failure the error and the last lines of the log as a reader saw them, the
 * final answer rendered as Markdown, where the time went (a gantt chart and a
 * per-tool table), resources over time (charts), the output files, and the
 * details in a collapsed section.
 *
 * Remote text is untrusted: it is redacted, and the answer is made safe
 * Markdown (see safe-markdown.ts); everything else (errors, log lines, file
 * and agent names) is shown only in code spans or fenced blocks whose fence
 * is longer than any backtick run inside. The page
 * stays under {@link MAX_SUMMARY_BYTES} (the runner rejects a step summary
 * over 1 MiB); whatever is cut is cut on a UTF-8 character boundary, with a
 * note.
 */











/** Hard cap of one summary, well below the runner's 1 MiB per step. */
const MAX_SUMMARY_BYTES = 512 * 1024;
/** The runner rejects a step summary file larger than this. */
const RUNNER_SUMMARY_LIMIT = 1024 * 1024;
/** Bytes set aside for the fixed parts of a section, the headings and the cut notes. */
const RESERVE = 4 * 1024;
const ERROR_BYTES = 16 * 1024;
const LOG_BYTES = 32 * 1024;
const FILES_BYTES = 64 * 1024;
/**
 * Builds the job summary page. Pure: the same input gives the same Markdown.
 * Always at most `limits.maxBytes` (default 512 KiB) of UTF-8.
 */
function buildSummary(input, limits = {}) {
    const maxBytes = limits.maxBytes ?? MAX_SUMMARY_BYTES;
    const redact = text => (input.redact ? input.redact(text) : text);
    const done = input.status === 'completed';
    const head = [...headLines(input, redact)];
    if (!done && input.error) {
        const error = redactedStart(input.error, ERROR_BYTES, redact);
        head.push(...errorSection(error, Buffer.byteLength(input.error)));
    }
    if (!done && input.logTail) {
        head.push(...logSection(input.logTail.map(redact), limits.maxLogLines ?? 50));
    }
    const tail = [];
    if (input.timeline !== undefined || input.metrics !== undefined) {
        tail.push(...timelineSection(input.timeline), ...resourceSection(input.metrics ?? null, input.metricsNote ?? null));
    }
    if (input.files)
        tail.push(...filesSection(input.files, limits.maxFiles ?? 50, redact), '');
    tail.push(...detailsSection(input, redact));
    // The answer gets whatever room the other sections left.
    const before = head.join('\n');
    const after = tail.join('\n');
    const budget = maxBytes - Buffer.byteLength(before) - Buffer.byteLength(after) - RESERVE;
    const answer = input.answer ? redactedStart(input.answer, Math.max(0, budget), redact) : '';
    const answerBytes = Buffer.byteLength(input.answer ?? '');
    const page = `${before}\n${answerSection(answer, budget, answerBytes).join('\n')}\n${after}`;
    // The sections are bounded; this only guards against a mistake in those bounds.
    if (Buffer.byteLength(page) <= maxBytes)
        return page;
    const note = '\n\n*(summary cut: it exceeded its size limit)*\n';
    return (0,sizes/* capUtf8 */.G)(page, maxBytes - Buffer.byteLength(note)) + note;
}
/** The run's duration: as reported, else from its timestamps. */
function runDuration(input) {
    if (input.durationMs !== null && input.durationMs !== undefined)
        return input.durationMs;
    return (0,durations/* msBetween */.z4)(input.startedAt ?? input.createdAt, input.completedAt);
}
/** The title naming the agent and the outcome, the one-line header, and the note. */
function headLines(input, redact) {
    const duration = runDuration(input);
    const agent = (0,sanitize/* cutChars */.oN)(redact(input.agent ?? 'VM0 agent'), 80);
    const title = `## ${headline(agent, { ...input.ending, status: input.status, durationMs: duration })}`;
    const lines = [title, '', headerLine(input, duration), ''];
    const running = runningLine(input.timeline, redact, input.ending?.stop ? 'the wait stopped' : 'the run ended');
    if (running)
        lines.push(running, '');
    if (input.note)
        lines.push(escapeMarkdown(input.note), '');
    return lines;
}
/** The calls still running when the wait stopped (or VM0 ended the run), named: what the run was doing then. */
function runningLine(timeline, redact, when) {
    const running = runningCalls(timeline);
    if (running.length === 0)
        return null;
    const shown = running.slice(0, 3).map(span => {
        const took = (0,durations/* formatDuration */.a3)((span.endMs ?? span.startMs) - span.startMs);
        return `${inlineCode(redact(span.label), { maxChars: 120 })} (${took} so far)`;
    });
    const more = running.length > shown.length ? ` and ${running.length - shown.length} more` : '';
    return `Still running when ${when}: ${shown.join(', ')}${more}.`;
}
/** `**completed** · 4m 12s · $0.0123 · 7 turns · 12.3k tokens in, 4.5k out` */
function headerLine(facts, durationMs) {
    const parts = [`**${escapeMarkdown((0,sanitize/* cutChars */.oN)(facts.status, 40))}**`];
    if (durationMs !== null)
        parts.push((0,durations/* formatDuration */.a3)(durationMs));
    if (facts.costUsd !== null && facts.costUsd !== undefined)
        parts.push(formatCost(facts.costUsd));
    if (facts.numTurns !== null && facts.numTurns !== undefined) {
        parts.push(`${facts.numTurns} turn${facts.numTurns === 1 ? '' : 's'}`);
    }
    const tokens = tokenText(facts.usage ?? null);
    if (tokens)
        parts.push(tokens);
    return parts.join(' · ');
}
function tokenText(usage) {
    if (usage === null)
        return null;
    const parts = [];
    if (usage.inputTokens !== null)
        parts.push(`${formatCount(usage.inputTokens)} in`);
    if (usage.outputTokens !== null)
        parts.push(`${formatCount(usage.outputTokens)} out`);
    if (usage.cacheReadTokens !== null && usage.cacheReadTokens > 0) {
        parts.push(`${formatCount(usage.cacheReadTokens)} cache reads`);
    }
    return parts.length === 0 ? null : `tokens ${parts.join(', ')}`;
}
/** The facts table, collapsed: run, agent, times, resources, tokens, the workflow run. */
function detailsSection(input, redact) {
    const rows = [...runRows(input, redact), ...metricRows(input.metrics), ...usageRows(input.usage)];
    if (input.workflowRunUrl)
        rows.push(['Workflow run', markdownLink('logs', input.workflowRunUrl)]);
    return [
        '<details>',
        '<summary>Run details</summary>',
        '',
        '| | |',
        '| --- | --- |',
        ...rows.map(([k, v]) => `| ${k} | ${v} |`),
        '',
        '</details>',
        ''
    ];
}
function runRows(input, redact) {
    const rows = [
        ['Agent', input.agent ? inlineCode(redact(input.agent), { table: true }) : '—'],
        ['Run', inlineCode(redact(input.runId), { table: true })],
        ['Status', `${statusIcon(input.status)} ${inlineCode(input.status, { table: true })}`]
    ];
    if (input.runStatus && input.runStatus !== input.status) {
        rows.push(['Run on VM0', inlineCode(input.runStatus, { table: true })]);
    }
    const started = (0,durations/* isoSeconds */.nE)(input.startedAt ?? input.createdAt);
    if (started)
        rows.push([input.startedAt ? 'Started' : 'Created', started]);
    const finished = (0,durations/* isoSeconds */.nE)(input.completedAt);
    if (finished)
        rows.push(['Finished', finished]);
    const duration = runDuration(input);
    if (duration !== null)
        rows.push(['Duration', (0,durations/* formatDuration */.a3)(duration)]);
    if (input.costUsd !== null && input.costUsd !== undefined) {
        rows.push(['Cost', formatCost(input.costUsd)]);
    }
    if (input.numTurns !== null && input.numTurns !== undefined) {
        rows.push(['Turns', String(input.numTurns)]);
    }
    return rows;
}
function metricRows(m) {
    const rows = [];
    if (m?.avgCpuPercent !== null && m?.avgCpuPercent !== undefined) {
        rows.push(['CPU (average)', `${m.avgCpuPercent.toFixed(1)} %`]);
    }
    if (m?.maxMemoryUsedMb !== null && m?.maxMemoryUsedMb !== undefined) {
        const total = m.memoryTotalMb !== null && m.memoryTotalMb > 0 ? ` of ${formatMemory(m.memoryTotalMb)}` : '';
        rows.push(['Memory (peak)', `${formatMemory(m.maxMemoryUsedMb)}${total}`]);
    }
    return rows;
}
function usageRows(usage) {
    if (!usage)
        return [];
    const rows = [];
    if (usage.inputTokens !== null)
        rows.push(['Input tokens', String(usage.inputTokens)]);
    if (usage.outputTokens !== null)
        rows.push(['Output tokens', String(usage.outputTokens)]);
    if (usage.cacheReadTokens !== null)
        rows.push(['Cache reads', String(usage.cacheReadTokens)]);
    return rows;
}
/** The error, fenced; `bytes` is its whole size (`error` may be only its start). */
function errorSection(error, bytes) {
    const fenced = fencedWithin(error, 'text', ERROR_BYTES);
    const lines = ['### Error', ''];
    if (fenced.block !== null)
        lines.push(fenced.block, '');
    if (fenced.cut)
        lines.push(cutNote(bytes, 'error'), '');
    return lines;
}
/** Keeps the last lines of `lines` whose total is at most `maxBytes` of UTF-8. */
function lastLinesWithin(lines, maxLines, maxBytes) {
    const out = [];
    let bytes = 0;
    for (let i = lines.length - 1; i >= 0 && out.length < maxLines; i--) {
        const line = (0,sizes/* capUtf8 */.G)(lines[i] ?? '', 2000);
        bytes += Buffer.byteLength(line) + 1;
        if (bytes > maxBytes)
            break;
        out.unshift(line);
    }
    return out;
}
function logSection(logTail, maxLogLines) {
    const lines = lastLinesWithin(logTail, maxLogLines, LOG_BYTES);
    if (lines.length === 0)
        return [];
    return [
        '<details open>',
        `<summary>The last ${lines.length} line${lines.length === 1 ? '' : 's'} of the log</summary>`,
        '',
        fencedBlock(lines.join('\n')),
        '',
        '</details>',
        ''
    ];
}
/** The answer made safe within `budget`; `bytes` is its whole size (`answer` may be only its start). */
function answerSection(answer, budget, bytes) {
    if (answer.trim() === '')
        return [];
    const safe = safeMarkdown(answer, Math.max(0, budget));
    const lines = ['### Answer', ''];
    if (safe.markdown !== '')
        lines.push(safe.markdown, '');
    if (safe.cut)
        lines.push(cutNote(bytes, 'answer'), '');
    return lines;
}
function cutNote(bytes, what) {
    const size = (0,sizes/* formatBytes */.z)(bytes);
    return what === 'answer'
        ? `*(answer cut here to fit the summary: it is ${size}; the whole answer is in the file named by the \`output-file\` output)*`
        : `*(cut: the error is ${size})*`;
}
function filesSection(files, maxFiles, redact) {
    const out = ['### Output files', ''];
    const from = files.vm0Artifact
        ? ` from VM0 artifact ${inlineCode(redact(files.vm0Artifact))}` +
            (files.vm0Version ? ` version ${inlineCode(redact(files.vm0Version))}` : '')
        : '';
    out.push(`${files.count} file${files.count === 1 ? '' : 's'}, ${(0,sizes/* formatBytes */.z)(files.totalBytes)} in all${from}.`);
    if (files.artifactName || files.artifactUrl) {
        const label = files.artifactName ? redact(files.artifactName) : 'workflow artifact';
        const link = safeUrl(files.artifactUrl)
            ? markdownLink(label, files.artifactUrl)
            : inlineCode(label);
        out.push(`Uploaded as workflow artifact ${link}.`);
    }
    out.push('');
    if (files.list.length === 0)
        return out;
    out.push('| File | Size |', '| --- | ---: |');
    const rows = fileRows(files.list, maxFiles, redact);
    out.push(...rows);
    const rest = files.count - rows.length;
    if (rest > 0)
        out.push('', `…and ${rest} more file${rest === 1 ? '' : 's'}.`);
    return out;
}
/** Table rows for at most `maxFiles` files and {@link FILES_BYTES} bytes. */
function fileRows(list, maxFiles, redact) {
    const rows = [];
    let bytes = 0;
    for (const file of list) {
        if (rows.length >= maxFiles)
            break;
        const row = `| ${inlineCode(redact(file.path), { table: true, maxChars: 300 })} | ${(0,sizes/* formatBytes */.z)(file.bytes)} |`;
        bytes += Buffer.byteLength(row) + 1;
        if (bytes > FILES_BYTES)
            break;
        rows.push(row);
    }
    return rows;
}
/**
 * Appends the page to the step summary (`GITHUB_STEP_SUMMARY`). Returns false,
 * with an info line, when there is no summary file (a local run) or when the
 * page would push the file over the runner's 1 MiB limit.
 */
function writeSummary(markdown, env = process.env) {
    const file = env['GITHUB_STEP_SUMMARY'];
    if (!file) {
        core/* info */.pq('No job summary written: GITHUB_STEP_SUMMARY is not set.');
        return false;
    }
    let existing;
    try {
        existing = (0,external_node_fs_.statSync)(file).size;
    }
    catch {
        existing = 0; // not there yet: the runner creates it on the first write
    }
    const text = markdown.endsWith('\n') ? markdown : `${markdown}\n`;
    if (existing + Buffer.byteLength(text) > RUNNER_SUMMARY_LIMIT) {
        core/* warning */.$e(`No job summary written: the step's summary would exceed the runner's 1 MiB limit (it already holds ${(0,sizes/* formatBytes */.z)(existing)}).`);
        return false;
    }
    try {
        (0,external_node_fs_.appendFileSync)(file, text, 'utf8');
    }
    catch (error) {
        core/* warning */.$e(`Could not write the job summary: ${error instanceof Error ? error.message : String(error)}`);
        return false;
    }
    return true;
}

;// CONCATENATED MODULE: ./src/report/pr-comment.ts









/** Longest one comment write may take (the search, the identity lookup and the write together). */
const COMMENT_WRITE_MS = 10_000;
/** GitHub rejects comment bodies over 65,536 characters; the answer gets this many bytes. */
const MAX_COMMENT_ANSWER_BYTES = 48 * 1024;
const MAX_COMMENT_ERROR_BYTES = 8 * 1024;
/**
 * The comment context from the runner's environment and the event payload
 * (see `readEventPayload`).
 */
function commentContextFromEnv(options) {
    const env = options.env ?? process.env;
    const [owner = '', repo = ''] = (env['GITHUB_REPOSITORY'] ?? '').split('/');
    return {
        token: options.token,
        owner,
        repo,
        prNumber: (0,context/* pullRequestNumber */.Kd)(options.payload ?? {}),
        issueNumber: (0,context/* issueNumber */.Pp)(options.payload ?? {}),
        eventName: env['GITHUB_EVENT_NAME'] ?? '',
        workflow: env['GITHUB_WORKFLOW'] ?? '',
        job: env['GITHUB_JOB'] ?? '',
        agent: options.agent,
        runUrl: (0,context/* workflowRunUrl */.CX)(env)
    };
}
/**
 * The hidden marker that identifies the comment:
 * `<!-- vm0-run-action:<workflow>:<job>:<agent> -->`, each part
 * percent-encoded so that no name can end the HTML comment or forge another
 * part.
 */
function commentMarker(ctx) {
    const part = (s) => encodeURIComponent(s).replace(/-/g, '%2D');
    return `<!-- vm0-run-action:${part(ctx.workflow)}:${part(ctx.job)}:${part(ctx.agent)} -->`;
}
/**
 * @actions/github, loaded when a comment is first written: most steps never
 * comment, so it stays out of the action's cold start.
 */
async function defaultFactory(token) {
    const { getOctokit } = await __webpack_require__.e(/* import() */ 351).then(__webpack_require__.bind(__webpack_require__, 61351));
    return getOctokit(token, {
        baseUrl: (process.env['GITHUB_API_URL'] || 'https://api.github.com').replace(/\/+$/, '')
    });
}
function statusOf(error) {
    if (typeof error === 'object' && error !== null && 'status' in error) {
        const status = error.status;
        if (typeof status === 'number')
            return status;
    }
    return null;
}
/** Posts and updates the pull-request comment; every method resolves, none throws. */
class PrCommenter {
    octokitFactory;
    log;
    writeTimeoutMs;
    client = null;
    commentId = null;
    /**
     * The token's own login, looked up once (when a marker comment is first
     * found); null when it could not be told, so no comment is adopted.
     */
    login = undefined;
    /** Set once the comment was skipped, so the end of the run does not try (or tell) again. */
    skipped = false;
    constructor(options = {}) {
        this.octokitFactory = options.octokit ?? defaultFactory;
        this.writeTimeoutMs = options.writeTimeoutMs ?? COMMENT_WRITE_MS;
        this.log = {
            notice: options.log?.notice ?? (m => log/* coreLog */.u.notice(m)),
            warning: options.log?.warning ?? (m => log/* coreLog */.u.warning(m)),
            info: options.log?.info ?? (m => log/* coreLog */.u.info(m))
        };
    }
    /** The id of the comment written, once there is one. */
    get id() {
        return this.commentId;
    }
    /**
     * Writes (or, on a re-run, updates) the comment with "⏳ running". True when
     * written. Each write is bounded (10 s) and ended by `signal`. The names in
     * it are redacted like everything the finished comment shows.
     */
    async startComment(ctx, runId = null, signal, redact = (text) => text) {
        const body = [
            commentMarker(ctx),
            `### ⏳ ${escapeMarkdown(redact(ctx.agent))} is running`,
            '',
            [
                runId ? `Run ${inlineCode(redact(runId))}` : null,
                ctx.runUrl ? markdownLink('Follow it in the workflow run', ctx.runUrl) : null
            ]
                .filter(Boolean)
                .join(' · '),
            ''
        ].join('\n');
        return this.write(ctx, body, signal);
    }
    /** Updates the comment (or writes it, if the start left none) with the run's result. */
    async finishComment(ctx, outcome, signal) {
        return this.write(ctx, finishedBody(ctx, outcome), signal);
    }
    /** Updates the comment (or writes it) with a body {@link finishedBody} made. */
    async finishWithBody(ctx, body, signal) {
        return this.write(ctx, body, signal);
    }
    async write(ctx, body, signal) {
        if (this.skipped)
            return false;
        const target = targetOf(ctx);
        if (target === null) {
            return this.skip(`comment-on-pr: no comment, since this workflow run is not for a pull request or an issue (event '${ctx.eventName || 'unknown'}')`);
        }
        if (!ctx.token) {
            return this.skip('comment-on-pr: no comment, since `github-token` is empty');
        }
        if (!ctx.owner || !ctx.repo) {
            return this.skip('comment-on-pr: no comment, since GITHUB_REPOSITORY is not set');
        }
        const timer = AbortSignal.timeout(this.writeTimeoutMs);
        const bound = signal ? AbortSignal.any([timer, signal]) : timer;
        try {
            await this.writeBounded({ ...ctx, token: ctx.token }, target, body, bound);
            return true;
        }
        catch (error) {
            if (bound.aborted) {
                this.log.warning(`comment-on-pr: the comment on ${target.name} was not written: ${timer.aborted ? `no answer within ${this.writeTimeoutMs / 1000} s` : 'the workflow was cancelled'}`);
                return false;
            }
            return this.failed(target, error);
        }
    }
    /** Finds the comment (once), then updates it or creates one; every request ends with `signal`. */
    async writeBounded(ctx, target, body, signal) {
        this.client ??= await this.octokitFactory(ctx.token);
        if (this.commentId === null)
            this.commentId = await this.find(ctx, target.number, signal);
        if (this.commentId !== null && (await this.update(ctx, this.commentId, body, signal))) {
            this.log.info(`Updated the comment on ${target.name}.`);
            return;
        }
        const created = await this.client.rest.issues.createComment({
            owner: ctx.owner,
            repo: ctx.repo,
            issue_number: target.number,
            body,
            request: { signal }
        });
        this.commentId = created.data.id;
        this.log.info(`Commented on ${target.name}.`);
    }
    failed(target, error) {
        const status = statusOf(error);
        if (status === 403 || status === 404) {
            const permission = target.kind === 'pr' ? 'pull-requests: write' : 'issues: write';
            return this.skip(`comment-on-pr: the token may not comment on ${target.name} (HTTP ${status}); ` +
                `pull requests from forks get a read-only token, and the token needs \`${permission}\`. No comment posted.`);
        }
        this.log.warning(`comment-on-pr: could not write the comment on ${target.name}: ${(0,errors/* errorMessage */.gJ)(error)}`);
        return false;
    }
    /** Updates a comment; false when it is gone (deleted since), so a new one is written. */
    async update(ctx, id, body, signal) {
        if (this.client === null)
            return false;
        try {
            await this.client.rest.issues.updateComment({
                owner: ctx.owner,
                repo: ctx.repo,
                comment_id: id,
                body,
                request: { signal }
            });
            return true;
        }
        catch (error) {
            if (statusOf(error) !== 404)
                throw error;
            this.commentId = null;
            return false;
        }
    }
    /**
     * The comment this workflow, job and agent wrote before: the first whose
     * body starts with the marker and whose author is the token's own identity.
     * Anyone can paste the marker into a comment of their own; such a comment
     * is never adopted (a new one is written instead).
     */
    async find(ctx, number, signal) {
        const client = this.client;
        if (client === null)
            return null;
        const marker = commentMarker(ctx);
        // Page by page rather than with paginate.iterator, which drops `request.signal`.
        for (let page = 1;; page++) {
            const listed = await client.rest.issues.listComments({
                owner: ctx.owner,
                repo: ctx.repo,
                issue_number: number,
                per_page: 100,
                page,
                request: { signal }
            });
            for (const comment of listed.data) {
                if (!comment.body?.startsWith(marker))
                    continue;
                if (this.login === undefined)
                    this.login = await this.ownLogin(client, signal);
                if (this.login === null)
                    return null;
                if (comment.user?.login === this.login)
                    return comment.id;
            }
            if (!/\brel="next"/.test(listed.headers.link ?? ''))
                return null;
        }
    }
    /**
     * The login comments written with the token appear under. GraphQL's
     * `viewer` answers it for every kind of token: a person's login for a
     * personal token, the app's bot login (`my-app[bot]`, `github-actions[bot]`
     * for `GITHUB_TOKEN`) for an installation token, for which `GET /user`
     * answers 403. `GET /user` is the fallback for a server without GraphQL.
     * Null (said once) when neither tells: then no comment is adopted.
     */
    async ownLogin(client, signal) {
        try {
            const answer = await client.graphql('query { viewer { login } }', { request: { signal } });
            const login = answer.viewer?.login;
            if (typeof login === 'string' && login !== '')
                return login;
        }
        catch (error) {
            if (signal.aborted)
                throw error;
        }
        try {
            const me = await client.rest.users.getAuthenticated({ request: { signal } });
            return me.data.login;
        }
        catch (error) {
            const status = statusOf(error);
            if (status !== 403 && status !== 404)
                throw error;
        }
        this.log.info('comment-on-pr: could not tell which login the token comments as (GraphQL `viewer` and ' +
            '`GET /user` both failed), so no earlier comment is updated: a new one is written.');
        return null;
    }
    skip(message) {
        this.skipped = true;
        this.log.notice(message);
        return false;
    }
}
/** The pull request, else the issue, the comment goes to; null when there is neither. */
function targetOf(ctx) {
    if (ctx.prNumber !== null) {
        return { kind: 'pr', number: ctx.prNumber, name: `pull request #${ctx.prNumber}` };
    }
    const issue = ctx.issueNumber ?? null;
    return issue === null ? null : { kind: 'issue', number: issue, name: `issue #${issue}` };
}
/** Rows of the per-tool table in the comment. */
const COMMENT_TOOL_ROWS = 8;
/**
 * The comment's body once the run ended: a compact version of the summary,
 * redacted as a whole. Also the `comment-body` output, for a later job that
 * posts it (the job that runs the agent may then hold no write token).
 */
function finishedBody(ctx, outcome) {
    const redact = outcome.redact ?? ((s) => s);
    const durationMs = outcome.durationMs ?? null;
    const title = headline(redact(ctx.agent), {
        ...outcome.ending,
        status: outcome.status,
        durationMs
    });
    const lines = [
        commentMarker(ctx),
        `### ${title}`,
        '',
        headerLine(outcome, durationMs),
        ''
    ];
    if (outcome.note)
        lines.push(escapeMarkdown(redact(outcome.note)), '');
    lines.push(...filesLine(outcome, redact));
    if (outcome.status !== 'completed' && outcome.error) {
        const error = fencedWithin(redactedStart(outcome.error, MAX_COMMENT_ERROR_BYTES, redact), 'text', MAX_COMMENT_ERROR_BYTES);
        lines.push('**Error**', '');
        if (error.block)
            lines.push(error.block, '');
        if (error.cut)
            lines.push('*(error cut)*', '');
    }
    const answer = outcome.answer
        ? redactedStart(outcome.answer, MAX_COMMENT_ANSWER_BYTES, redact)
        : '';
    if (answer.trim() !== '') {
        const safe = safeMarkdown(answer, MAX_COMMENT_ANSWER_BYTES);
        if (safe.markdown !== '')
            lines.push(safe.markdown, '');
        if (safe.cut)
            lines.push(answerCutNote(ctx.runUrl), '');
    }
    const tools = toolTable(outcome.tools ?? [], COMMENT_TOOL_ROWS);
    if (tools.length > 0) {
        lines.push('<details>', '<summary>Where the time went</summary>', '', ...tools, '', '</details>', '');
    }
    const footer = [
        outcome.runId ? `Run ${inlineCode(redact(outcome.runId))}` : null,
        ctx.runUrl ? markdownLink('Workflow run', ctx.runUrl) : null
    ].filter(Boolean);
    if (footer.length > 0)
        lines.push(footer.join(' · '), '');
    // Redacted last, on the whole body: nothing assembled above can carry a secret out.
    return (outcome.redact?.markup ?? redact)(lines.join('\n'));
}
function filesLine(outcome, redact) {
    if (outcome.fileCount === null || outcome.fileCount === undefined)
        return [];
    const size = outcome.totalBytes !== null && outcome.totalBytes !== undefined
        ? ` (${(0,sizes/* formatBytes */.z)(outcome.totalBytes)})`
        : '';
    const files = `${outcome.fileCount} output file${outcome.fileCount === 1 ? '' : 's'}${size}`;
    const link = outcome.artifactUrl
        ? `: ${markdownLink(redact(outcome.artifactName ?? 'download the workflow artifact'), outcome.artifactUrl)}`
        : '';
    return [`${files}${link}`, ''];
}
/**
 * The note under an answer cut to fit a comment: it points to the job
 * summary of the workflow run, which a reader of the pull request can open
 * (the `output-file` is on the runner), or says only that it was cut when
 * there is no workflow run (a local run).
 */
function answerCutNote(runUrl) {
    const cut = `answer cut here at ${(0,sizes/* formatBytes */.z)(MAX_COMMENT_ANSWER_BYTES)} to fit a comment`;
    return runUrl ? `*(${cut}: read on in the ${markdownLink('job summary', runUrl)})*` : `*(${cut})*`;
}

;// CONCATENATED MODULE: ./src/report/run-report.ts
/**
 * What the action tells people about a run beyond its log: the job summary
 * and the comment on the pull request or issue. Once a run exists, both are written on every
 * path (completed, failed, timed out, cancelled, handed off, following
 * failed) and never fail the step. A start that fails leaves no run to
 * report: its error fails the step and sets `status: not-started`.
 */







/** The facts to report for an outcome; pure. */
function reportFacts(outcome, settings, agent) {
    const seen = outcome.kind === 'handed-off' ? null : outcome.seen;
    const ended = outcome.kind === 'ended' ? outcome : null;
    return {
        status: (0,run_outcome/* statusOf */.c2)(outcome),
        ending: endingOf(outcome, settings),
        agent,
        run: outcome.run,
        result: seen?.result ?? null,
        answer: ended ? ended.answer : (seen?.result?.text ?? outcome.run.output),
        error: (0,run_outcome/* errorTextOf */.Jj)(outcome, settings),
        metrics: ended?.metrics ?? null,
        files: summaryFiles(ended?.collected.files ?? null, settings.artifactName),
        logTail: seen?.logTail ?? [],
        timeline: timelineOf(outcome),
        metricsNote: ended
            ? (ended.metricsNote ?? null)
            : 'metrics are read once the run has ended, and the action did not wait for its end',
        note: outcome.kind === 'handed-off'
            ? `Not waited for (wait: false): attach later with run-id ${outcome.run.id}.`
            : (ended?.collected.files?.note ?? null)
    };
}
/**
 * The timeline as the report shows it: when the wait stopped before the run
 * ended, the calls still open were running at that moment (read then); when
 * VM0 ended the run other than `completed` (its own timeout, a cancel, a
 * failure), they were running when it ended (VM0's clock, as the events').
 */
function timelineOf(outcome) {
    if (outcome.kind === 'handed-off')
        return null;
    const timing = outcome.seen.timing;
    if (timing === null)
        return null;
    if (outcome.kind === 'ended') {
        const endedMs = Date.parse(outcome.run.completedAt ?? '');
        if (outcome.run.status === 'completed' || Number.isNaN(endedMs))
            return timing;
        return (0,follow_timing/* stoppedAt */.P)(timing, endedMs);
    }
    return timing.readAtMs === undefined ? timing : (0,follow_timing/* stoppedAt */.P)(timing, timing.readAtMs);
}
/** The stop reason, the limit that ran out and whether the action cancelled the run. */
function endingOf(outcome, settings) {
    if (outcome.kind === 'stopped') {
        const limitMs = outcome.reason === 'timeout'
            ? settings.timeoutMs
            : outcome.reason === 'idle'
                ? settings.idleTimeoutMs
                : null;
        return { stop: outcome.reason, limitMs, ...cancelOf(outcome.cancel) };
    }
    if (outcome.kind === 'follow-failed')
        return { stop: 'follow-failed', ...cancelOf(outcome.cancel) };
    return null;
}
/** What the action's cancel did, for the title: a cancel that failed or came too late says so. */
function cancelOf(cancel) {
    if (cancel === null)
        return { cancelled: false, cancel: null };
    if (cancel.alreadyEnded)
        return { cancelled: false, cancel: 'ended' };
    return cancel.stopped
        ? { cancelled: true, cancel: 'cancelled' }
        : { cancelled: false, cancel: 'failed' };
}
function summaryInput(facts, env, redact) {
    const { run, result } = facts;
    return {
        status: facts.status,
        runStatus: run.status,
        ending: facts.ending,
        agent: facts.agent,
        runId: run.id,
        createdAt: run.createdAt,
        startedAt: run.startedAt,
        completedAt: run.completedAt,
        durationMs: run.executionTimeMs,
        costUsd: result?.costUsd ?? null,
        numTurns: result?.numTurns ?? null,
        usage: result?.usage ?? null,
        metrics: facts.metrics,
        metricsNote: facts.metricsNote,
        timeline: redactTimeline(facts.timeline, redact),
        answer: facts.answer,
        files: facts.files,
        error: facts.error,
        logTail: facts.logTail,
        workflowRunUrl: (0,context/* workflowRunUrl */.CX)(env),
        note: facts.note,
        redact
    };
}
function commentOutcome(facts, redact) {
    return {
        status: facts.status,
        ending: facts.ending,
        usage: facts.result?.usage ?? null,
        tools: redactTimeline(facts.timeline, redact)?.tools ?? null,
        runId: facts.run.id,
        answer: facts.answer,
        error: facts.error,
        costUsd: facts.result?.costUsd ?? null,
        numTurns: facts.result?.numTurns ?? null,
        durationMs: facts.run.executionTimeMs,
        fileCount: facts.files?.count ?? null,
        totalBytes: facts.files?.totalBytes ?? null,
        artifactName: facts.files?.artifactName ?? null,
        artifactUrl: facts.files?.artifactUrl ?? null,
        note: facts.note,
        redact
    };
}
class RunReport {
    settings;
    redact;
    agent;
    env;
    commenter;
    comment;
    constructor(settings, redact, payload, agent, env = process.env) {
        this.settings = settings;
        this.redact = redact;
        this.agent = agent;
        this.env = env;
        this.commenter = settings.commentOnPr ? new PrCommenter() : null;
        // Built either way: the `comment-body` output is set whether or not the action posts it.
        this.comment = commentContextFromEnv({ token: settings.githubToken, agent, env, payload });
    }
    /** The run exists: say so on the pull request (within 10 s, ended by `signal`, the cancellation). */
    async started(run, signal) {
        if (this.commenter) {
            await this.commenter.startComment(this.comment, run.id, signal, this.redact);
        }
    }
    /**
     * The action is done with the run: write the summary and update the
     * comment. The comment reports a timeout or a cancellation, so it is
     * written after them, within 10 s.
     */
    async finished(outcome) {
        const facts = reportFacts(outcome, this.settings, this.agent);
        if (this.settings.summary) {
            try {
                // Pieces are redacted before they are cut; the page is redacted again as a whole.
                const page = buildSummary(summaryInput(facts, this.env, this.redact));
                writeSummary((this.redact.markup ?? this.redact)(page), this.env);
            }
            catch (error) {
                core/* warning */.$e(`The job summary could not be written: ${(0,errors/* errorMessage */.gJ)(error)}`);
            }
        }
        const commentBody = finishedBody(this.comment, commentOutcome(facts, this.redact));
        if (this.commenter)
            await this.commenter.finishWithBody(this.comment, commentBody);
        return { commentBody };
    }
}
function summaryFiles(files, vm0Artifact) {
    if (!files || files.artifactsPath === null)
        return null;
    return {
        count: files.files.length,
        totalBytes: files.totalBytes,
        list: files.files.map(f => ({ path: f.path, bytes: f.size })),
        artifactName: files.upload?.name ?? null,
        artifactUrl: files.upload?.url ?? null,
        vm0Artifact,
        vm0Version: files.artifactVersion
    };
}
/**
 * Tool names and step labels come from the agent (a Bash title is the command
 * itself): they are redacted whole here, before the charts cut and reshape
 * them, since a cut secret is no longer found by the final pass.
 */
function redactTimeline(timeline, redact) {
    if (timeline === null)
        return null;
    return {
        ...timeline,
        spans: timeline.spans.map(span => ({
            ...span,
            name: redact(span.name),
            label: redact(span.label),
            ...(span.subject === undefined ? {} : { subject: redact(span.subject) })
        })),
        tools: timeline.tools.map(tool => ({ ...tool, name: redact(tool.name) }))
    };
}


/***/ })

};
