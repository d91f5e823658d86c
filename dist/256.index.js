export const id = 256;
export const ids = [256];
export const modules = {

/***/ 11256:
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
// EXTERNAL MODULE: ./src/text/sanitize.ts + 2 modules
var sanitize = __webpack_require__(93857);
;// CONCATENATED MODULE: ./src/report/safe-markdown.ts
/**
 * The agent's answer rendered as Markdown in the job summary and the
 * comment, made safe, in one pass over the text (linear time whatever the
 * input: no backtracking patterns):
 *
 * - Outside code, `&` and `<` are escaped, so no raw HTML (no `<img>`
 *   beacons, no `</details>` closing the page's structure) and no character
 *   references that would turn into `@` or `<` after parsing.
 * - Outside code, an `@` before a letter or digit (and not inside a word, as
 *   in an e-mail address) gets a zero-width joiner after it, and so does `#`
 *   before a digit: `@octocat`, `@org/team` and `#12` notify no one and
 *   link nothing.
 * - Code fences are balanced: a fence the answer leaves open is closed at its
 *   end, so it cannot swallow what the page says after it.
 * - `<!--` everywhere (code included) gets a zero-width joiner, so nothing in
 *   the answer reads as the comment's hidden marker.
 *
 * Code spans and fenced blocks keep their text (renderers escape it there). A
 * code span is only taken as one when it holds no `|` (a table splits cells
 * first), so a span cannot smuggle HTML out through a table cell; indented
 * code is escaped like text (it then shows `&lt;`, a cosmetic cost).
 */


const ZWJ = '\u200d';
/** `&` becomes `&amp;`: no line grows more than five times once made safe. */
const MAX_GROWTH = 5;
/** `<!--` made harmless anywhere (code included). */
function breakComments(text) {
    return text.includes('<!--') ? text.split('<!--').join(`<!${ZWJ}--`) : text;
}
function isAlnum(code) {
    return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}
/** Leading spaces (at most `max + 1` counted). */
function indentOf(line, max) {
    let i = 0;
    while (i <= max && line.charCodeAt(i) === 32)
        i++;
    return i;
}
/** The fence a line opens, if it is a fence line. */
function fenceOpening(line) {
    const indent = indentOf(line, 3);
    if (indent > 3)
        return null;
    const char = line[indent];
    if (char !== '`' && char !== '~')
        return null;
    let end = indent;
    while (line[end] === char)
        end++;
    const length = end - indent;
    if (length < 3)
        return null;
    // A backtick fence's info string cannot hold a backtick.
    if (char === '`' && line.indexOf('`', end) !== -1)
        return null;
    return { char, length };
}
function closesFence(line, fence) {
    const indent = indentOf(line, 3);
    if (indent > 3)
        return false;
    let end = indent;
    while (line[end] === fence.char)
        end++;
    if (end - indent < fence.length)
        return false;
    return line.slice(end).trim() === '';
}
/** One text character made safe, given the character before it. */
function safeChar(line, i) {
    const c = line[i] ?? '';
    if (c === '&')
        return '&amp;';
    if (c === '<')
        return '&lt;';
    if (c === '@' || c === '#') {
        const next = line.charCodeAt(i + 1);
        const before = i === 0 ? 32 : line.charCodeAt(i - 1);
        const trigger = c === '@' ? isAlnum(next) : next >= 48 && next <= 57;
        if (trigger && !isAlnum(before))
            return `${c}${ZWJ}`;
    }
    return c;
}
function backtickRuns(line) {
    const runs = [];
    let slashes = 0;
    for (let i = 0; i < line.length;) {
        if (line[i] !== '`') {
            slashes = line[i] === '\\' ? slashes + 1 : 0;
            i++;
            continue;
        }
        let end = i;
        while (line[end] === '`')
            end++;
        runs.push({ start: i, length: end - i, escaped: slashes % 2 === 1 });
        slashes = 0;
        i = end;
    }
    return runs;
}
/** `next[i]`: index of the first `|` at or after i (line.length when none). */
function nextPipes(line) {
    const next = new Int32Array(line.length + 1);
    next[line.length] = line.length;
    for (let i = line.length - 1; i >= 0; i--)
        next[i] = line[i] === '|' ? i : (next[i + 1] ?? 0);
    return next;
}
/**
 * The code spans of a line as [start, end) pairs, backtick runs included:
 * an opening run pairs with the next run of the same length (CommonMark),
 * unless a `|` lies between them. Each list of runs of one length is walked
 * forward only, so the whole line costs linear time.
 */
function codeSpans(line) {
    const runs = backtickRuns(line);
    if (runs.length < 2)
        return [];
    const byLength = new Map();
    runs.forEach((run, index) => {
        const list = byLength.get(run.length) ?? [];
        list.push(index);
        byLength.set(run.length, list);
    });
    const cursor = new Map();
    const pipes = nextPipes(line);
    const spans = [];
    for (let i = 0; i < runs.length; i++) {
        const run = runs[i];
        const open = run.escaped ? { start: run.start + 1, length: run.length - 1 } : run;
        if (open.length === 0)
            continue;
        const list = byLength.get(open.length) ?? [];
        let k = cursor.get(open.length) ?? 0;
        while (k < list.length && (list[k] ?? 0) <= i)
            k++;
        cursor.set(open.length, k);
        const closer = list[k];
        if (closer === undefined)
            continue;
        const close = runs[closer];
        if ((pipes[open.start] ?? 0) < close.start)
            continue;
        spans.push([open.start, close.start + close.length]);
        i = closer;
    }
    return spans;
}
/** Text outside code, characters [from, to) of the line, made safe. */
function safeText(line, from, to) {
    let out = '';
    let copied = from;
    for (let i = from; i < to; i++) {
        const c = line.charCodeAt(i);
        // & < @ #
        if (c !== 38 && c !== 60 && c !== 64 && c !== 35)
            continue;
        const safe = safeChar(line, i);
        if (safe.length === 1)
            continue;
        out += line.slice(copied, i) + safe;
        copied = i + 1;
    }
    return out + line.slice(copied, to);
}
/** One line outside fenced code made safe. */
function safeTextLine(line) {
    const spans = line.includes('`') ? codeSpans(line) : [];
    let out = '';
    let at = 0;
    for (const [start, end] of spans) {
        out += safeText(line, at, start) + breakComments(line.slice(start, end));
        at = end;
    }
    return out + safeText(line, at, line.length);
}
/** The text without the newlines at its end (no `/\n+$/`: that backtracks on long runs). */
function trimNewlines(text) {
    let end = text.length;
    while (end > 0 && text.charCodeAt(end - 1) === 10)
        end--;
    return text.slice(0, end);
}
/**
 * The longest safe start of a text line that fits in `room` bytes: cut, made
 * safe, and cut again in proportion to what making it safe added (a few
 * rounds; then a cut by the largest growth, which always fits).
 */
function safeLineWithin(raw, room) {
    let piece = (0,sizes/* capUtf8 */.G)(raw, room);
    for (let round = 0; round < 4; round++) {
        const safe = safeTextLine(piece);
        const size = Buffer.byteLength(safe);
        if (size <= room)
            return safe;
        // Shrink in proportion to what making it safe added.
        piece = (0,sizes/* capUtf8 */.G)(piece, Math.floor((Buffer.byteLength(piece) * room) / size));
    }
    return safeTextLine((0,sizes/* capUtf8 */.G)(raw, Math.floor(room / MAX_GROWTH)));
}
/** Lines of a text, found with indexOf (no regex over the whole text). */
function* linesOf(text) {
    let start = 0;
    while (start <= text.length) {
        const end = text.indexOf('\n', start);
        if (end === -1) {
            yield text.slice(start);
            return;
        }
        yield text.slice(start, end);
        start = end + 1;
    }
}
/**
 * The answer as safe Markdown of at most `maxBytes` of UTF-8 (see the module
 * comment). A cut falls at the end of a line where it can (a single line
 * longer than the room left is cut on a character boundary), and an open
 * fence is closed after it.
 */
function safeMarkdown(text, maxBytes) {
    const out = [];
    let bytes = 0;
    let fence = null;
    let cut = false;
    let blank = false;
    // Every character left after plainText becomes at least one byte of output:
    // past `maxBytes + 1` of them the output is cut anyway, so the rest is never read.
    const plain = (0,sanitize/* plainText */.wh)(text);
    const body = plain.length > maxBytes + 1 ? (0,sanitize/* cutChars */.oN)(plain, maxBytes + 1) : plain;
    for (const raw of linesOf(trimNewlines(body))) {
        // Outside code, more blank lines in a row render as one.
        if (fence === null && raw === '') {
            if (blank)
                continue;
            blank = true;
        }
        else {
            blank = false;
        }
        const opening = fence === null ? fenceOpening(raw) : null;
        const closing = fence !== null && closesFence(raw, fence);
        const line = fence !== null || opening !== null ? breakComments(raw) : safeTextLine(raw);
        const after = closing ? null : (opening ?? fence);
        const closer = after === null ? 0 : after.length + 1;
        const size = Buffer.byteLength(line) + 1;
        if (bytes + size + closer > maxBytes) {
            cut = true;
            const room = maxBytes - bytes - 1 - (fence === null ? 0 : fence.length + 1);
            // Only text lines are cut mid-line: part of a fence line could open a new fence.
            if (room > 0 && fence === null && opening === null) {
                out.push(safeLineWithin(raw, room));
            }
            else if (room > 0 && fence !== null && !closing) {
                out.push(breakComments((0,sizes/* capUtf8 */.G)(raw, Math.floor(room / 2))));
            }
            break;
        }
        out.push(line);
        bytes += size;
        fence = after;
    }
    if (fence !== null)
        out.push(fence.char.repeat(fence.length));
    return { markdown: out.join('\n'), cut };
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
    const fate = ending.cancelled
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
            return `❌ ${name}: following the run failed${ending.cancelled ? ' (cancelled by the action)' : ''}`;
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
    out = out.replace(/ {2,}/g, ' ').trim();
    const chars = Array.from(out);
    if (chars.length > max)
        out = `${chars.slice(0, max - 1).join('')}…`;
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
    if (!done && input.error)
        head.push(...errorSection(redact(input.error)));
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
    const answer = input.answer ? redact(input.answer) : '';
    const budget = maxBytes - Buffer.byteLength(before) - Buffer.byteLength(after) - RESERVE;
    const page = `${before}\n${answerSection(answer, budget).join('\n')}\n${after}`;
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
    const running = runningLine(input.timeline, redact);
    if (running)
        lines.push(running, '');
    if (input.note)
        lines.push(escapeMarkdown(input.note), '');
    return lines;
}
/** The calls still running when the wait stopped, named: what the run was doing then. */
function runningLine(timeline, redact) {
    const running = runningCalls(timeline);
    if (running.length === 0)
        return null;
    const shown = running.slice(0, 3).map(span => {
        const took = (0,durations/* formatDuration */.a3)((span.endMs ?? span.startMs) - span.startMs);
        return `${inlineCode(redact(span.label), { maxChars: 120 })} (${took} so far)`;
    });
    const more = running.length > shown.length ? ` and ${running.length - shown.length} more` : '';
    return `Still running when the wait stopped: ${shown.join(', ')}${more}.`;
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
function errorSection(error) {
    const fenced = fencedWithin(error, 'text', ERROR_BYTES);
    const lines = ['### Error', ''];
    if (fenced.block !== null)
        lines.push(fenced.block, '');
    if (fenced.cut)
        lines.push(cutNote(error, 'error'), '');
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
function answerSection(answer, budget) {
    if (answer.trim() === '')
        return [];
    const safe = safeMarkdown(answer, Math.max(0, budget));
    const lines = ['### Answer', ''];
    if (safe.markdown !== '')
        lines.push(safe.markdown, '');
    if (safe.cut)
        lines.push(cutNote(answer, 'answer'), '');
    return lines;
}
function cutNote(text, what) {
    const size = (0,sizes/* formatBytes */.z)(Buffer.byteLength(text));
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
/** The comment's body once the run ended: a compact version of the summary. */
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
    lines.push(...filesLine(outcome, redact));
    if (outcome.status !== 'completed' && outcome.error) {
        const error = fencedWithin(redact(outcome.error), 'text', MAX_COMMENT_ERROR_BYTES);
        lines.push('**Error**', '');
        if (error.block)
            lines.push(error.block, '');
        if (error.cut)
            lines.push('*(error cut)*', '');
    }
    const answer = outcome.answer ? redact(outcome.answer) : '';
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
 * ended, the calls still open were running at that moment (read then).
 */
function timelineOf(outcome) {
    if (outcome.kind === 'handed-off')
        return null;
    const timing = outcome.seen.timing;
    if (timing === null || outcome.kind === 'ended' || timing.readAtMs === undefined)
        return timing;
    return (0,follow_timing/* stoppedAt */.P)(timing, timing.readAtMs);
}
/** The stop reason, the limit that ran out and whether the action cancelled the run. */
function endingOf(outcome, settings) {
    if (outcome.kind === 'stopped') {
        const limitMs = outcome.reason === 'timeout'
            ? settings.timeoutMs
            : outcome.reason === 'idle'
                ? settings.idleTimeoutMs
                : null;
        return { stop: outcome.reason, limitMs, cancelled: outcome.cancel !== null };
    }
    if (outcome.kind === 'follow-failed')
        return { stop: 'follow-failed', cancelled: true };
    return null;
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
        this.comment = settings.commentOnPr
            ? commentContextFromEnv({ token: settings.githubToken, agent, env, payload })
            : null;
    }
    /** The run exists: say so on the pull request (within 10 s, ended by `signal`, the cancellation). */
    async started(run, signal) {
        if (this.commenter && this.comment) {
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
        if (this.commenter && this.comment) {
            await this.commenter.finishComment(this.comment, commentOutcome(facts, this.redact));
        }
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
