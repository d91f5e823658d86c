export const id = 649;
export const ids = [649];
export const modules = {

/***/ 5649:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  cancelHeldRun: () => (/* binding */ cancelHeldRun),
  defaultClient: () => (/* binding */ defaultClient)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 14 modules
var lib_core = __webpack_require__(6421);
;// CONCATENATED MODULE: ./src/base/errors.ts
/**
 * The action's error hierarchy. Every message says what went wrong and what
 * the user can do about it; none carries a secret (the token, `secrets`
 * values and presigned URLs never reach a message).
 */
/** Base of every error the action raises on purpose. */
class ActionError extends Error {
    name = 'ActionError';
    constructor(message, options) {
        super(message, options);
    }
}
/** An input that failed validation; raised before any request is made. */
class InputError extends ActionError {
    input;
    name = 'InputError';
    constructor(input, message, options) {
        super(message, options);
        this.input = input;
    }
}
/** An HTTP answer from the VM0 API carrying its JSON error envelope. */
class Vm0ApiError extends ActionError {
    status;
    body;
    requestId;
    method;
    path;
    name = 'Vm0ApiError';
    constructor(message, status, body, requestId, method, path, options) {
        super(message, options);
        this.status = status;
        this.body = body;
        this.requestId = requestId;
        this.method = method;
        this.path = path;
    }
}
/** 401: the token is missing, wrong or lacks permission. */
class AuthenticationError extends Vm0ApiError {
    name = 'AuthenticationError';
}
/** 404: what was looked up does not exist (for agents, the message lists those that do). */
class NotFoundError extends Vm0ApiError {
    name = 'NotFoundError';
}
/** 429 `concurrent_run_limit_exceeded`: the user already has the allowed number of active runs. */
class ConcurrencyLimitError extends Vm0ApiError {
    name = 'ConcurrencyLimitError';
}
/**
 * The request did not get a usable answer: a network error, a reset, or a
 * proxy's non-JSON error page. `sent` says whether the request may have
 * reached the server, which decides whether a create may be retried.
 */
class TransportError extends ActionError {
    sent;
    status;
    name = 'TransportError';
    constructor(message, sent, status, options) {
        super(message, options);
        this.sent = sent;
        this.status = status;
    }
}
/**
 * The server at `api-url` answered, but not as the VM0 API does: an HTML
 * page, a 404 without the VM0 error envelope, a redirect. No request of
 * this action reached VM0 (so a create started no run); retrying will not
 * help until `api-url` is fixed.
 */
class NotVm0ApiError extends TransportError {
    name = 'NotVm0ApiError';
}
/**
 * An event stream that was open and then ended or broke off before the run
 * completed: the caller reconnects from the last sequence it saw.
 */
class StreamDroppedError extends TransportError {
    name = 'StreamDroppedError';
}
/**
 * The event stream itself sent `event: error` (the service says
 * `run_not_found` when the run vanished). Unlike a drop, reconnecting will
 * not help, and unlike an error answer there is no HTTP status: the caller
 * stops streaming and reads the run another way, which reports its fate.
 */
class StreamErrorEvent extends ActionError {
    detail;
    code;
    name = 'StreamErrorEvent';
    constructor(
    /** The service's message, on one line and without secrets. */
    detail, 
    /** The service's code, e.g. `run_not_found`, when it sent one. */
    code, options) {
        super(`The VM0 event stream reported: ${detail}`, options);
        this.detail = detail;
        this.code = code;
    }
}
/** A wait that ran out of time (`timeout`, `idle-timeout`). */
class WaitTimeoutError extends (/* unused pure expression or super */ null && (ActionError)) {
    name = 'WaitTimeoutError';
}
/** The run ended in a status other than `completed`. */
class RunFailedError extends ActionError {
    runId;
    status;
    runError;
    name = 'RunFailedError';
    constructor(runId, status, runError, options) {
        super(`VM0 run ${runId} ended with status '${status}'` +
            (runError ? `: ${runError}` : '') +
            `. Set 'fail-on-error: false' to let the step pass anyway.`, options);
        this.runId = runId;
        this.status = status;
        this.runError = runError;
    }
}
/**
 * A VM0 answer saying the run is not in a state for the request (400
 * `invalid_state`, the platform's `RUN_NOT_CANCELLABLE`), e.g. cancelling a
 * run that already finished: for a cancel, the wanted end state may already hold.
 */
function isInvalidStateError(error) {
    return (error instanceof Vm0ApiError &&
        (error.body.code === 'invalid_state' || error.body.code === 'RUN_NOT_CANCELLABLE'));
}
/** Turns anything thrown (not only `Error`) into one line for `core.setFailed`. */
function errorMessage(error) {
    if (error instanceof Error)
        return error.message || error.name;
    if (typeof error === 'string')
        return error;
    try {
        return `Unexpected error: ${JSON.stringify(error)}`;
    }
    catch {
        return `Unexpected error: ${String(error)}`;
    }
}
/**
 * The stack of an error followed by those of its causes (up to five), for
 * the debug log: the one-line message is for the user, the stack is for
 * whoever has to find out why something unexpected failed. Undefined for a
 * thrown value that is not an Error.
 */
function errorStack(error) {
    const stacks = [];
    const seen = new Set();
    for (let e = error; e instanceof Error && !seen.has(e) && stacks.length < 5; e = e.cause) {
        seen.add(e);
        if (e.stack)
            stacks.push(stacks.length === 0 ? e.stack : `Caused by: ${e.stack}`);
    }
    return stacks.length === 0 ? undefined : stacks.join('\n');
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./src/settings/names.ts
/**
 * The action's input names and the values an empty input stands for: the
 * one place that spells them, so `action.yml`, the code and the tests agree.
 */
/** The action's input names, as written in `action.yml` and in workflows. */
const names_Inputs = {
    Vm0Token: 'vm0-token',
    Api: 'api',
    ApiUrl: 'api-url',
    Agent: 'agent',
    AgentId: 'agent-id',
    AgentVersion: 'agent-version',
    SessionId: 'session-id',
    CheckpointId: 'checkpoint-id',
    ThreadId: 'thread-id',
    Model: 'model',
    RunId: 'run-id',
    Prompt: 'prompt',
    PromptFile: 'prompt-file',
    Variables: 'variables',
    Secrets: 'secrets',
    Volumes: 'volumes',
    ArtifactName: 'artifact-name',
    ArtifactVersion: 'artifact-version',
    Collect: 'collect',
    Wait: 'wait',
    Timeout: 'timeout',
    IdleTimeout: 'idle-timeout',
    CancelOnTimeout: 'cancel-on-timeout',
    LogLevel: 'log-level',
    FailOnError: 'fail-on-error',
    Path: 'path',
    MaxOutputSize: 'max-output-size',
    MaxOutputFiles: 'max-output-files',
    Upload: 'upload',
    UploadName: 'upload-name',
    RetentionDays: 'retention-days',
    CompressionLevel: 'compression-level',
    IfNoFilesFound: 'if-no-files-found',
    IncludeHiddenFiles: 'include-hidden-files',
    Overwrite: 'overwrite',
    Summary: 'summary',
    CommentOnPr: 'comment-on-pr',
    GithubToken: 'github-token',
    AllowedActors: 'allowed-actors',
    GithubContext: 'github-context'
};
/** Environment variables read as fallbacks for inputs. */
const EnvFallbacks = {
    Token: 'VM0_TOKEN',
    ApiUrl: 'VM0_API_URL'
};
/** Used when neither `api-url` nor env `VM0_API_URL` is set, by backend. */
const DEFAULT_API_URLS = {
    platform: 'https://api.okou.ai',
    v1: 'https://api.vm0.ai'
};
/**
 * Code defaults for inputs left empty. They equal the defaults in
 * `action.yml` (a test checks it), so an empty input means the same whether
 * or not the runner applied the default. An input whose default depends on
 * the backend (`api-url`, `if-no-files-found`) or that one backend refuses
 * when given (`collect`) has no default in `action.yml`: the runner would
 * otherwise pass it as if the user had set it.
 */
const names_Defaults = {
    wait: true,
    timeoutMs: 2 * 60 * 60 * 1000,
    idleTimeoutMs: 0,
    cancelOnTimeout: true,
    logLevel: 'full',
    failOnError: true,
    upload: true,
    /** `max-output-size`: 2GiB. */
    maxOutputBytes: 2 * 1024 ** 3,
    maxOutputFiles: 50_000,
    compressionLevel: 'auto',
    collect: 'run',
    /** Empty `if-no-files-found`: a `/v1` run names an artifact on purpose; a platform agent may publish nothing. */
    ifNoFilesFound: { platform: 'ignore', v1: 'warn' },
    includeHiddenFiles: false,
    overwrite: false,
    summary: true,
    commentOnPr: false,
    githubContext: false
};

// EXTERNAL MODULE: ./node_modules/decode-named-character-reference/index.js + 1 modules
var decode_named_character_reference = __webpack_require__(7126);
;// CONCATENATED MODULE: ./src/text/sanitize.ts
/**
 * Remote text made plain: the rules for removing control characters,
 * escapes and invisible characters, and for cutting text without splitting
 * a character. Remote text inside the action's own lines goes through
 * `remoteText` (remote.ts); log lines that keep colour are made in `lines.ts`.
 * What a reader sees of a text, for finding secrets in it: `seenText`.
 */

// ESC-started sequences (CSI, also unfinished, which keeps failed matches cheap; OSC; two-byte).
const ESCAPES = /\u001b(?:\[[0-?]*[ -/]*[@-~]?|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-Z\\-_])?/g;
// C0/C1 controls other than tab and newline, and the Unicode line separators (U+0085 is in C1).
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g;
/**
 * Characters that print as nothing and can hide inside a word (a secret, a
 * command): zero-width spaces and joiners, bidi and other format controls,
 * soft hyphen, filler characters. The zero-width joiner is kept between two
 * non-ASCII characters, where it joins emoji. The one list of them: the
 * redactor, the step log (lines.ts), the summary, the input checks and the
 * quoting of values (quote.ts) all read it here.
 */
const INVISIBLE_CHARS = String.raw `\u00ad\u061c\u115f\u1160\u180e\u200b\u200c\u200e\u200f\u202a-\u202e\u2060-\u206f\u3164\ufeff\uffa0`;
const INVISIBLE = new RegExp(`[${INVISIBLE_CHARS}]|(?<![^\\u0000-\\u007f])\\u200d|\\u200d(?![^\\u0000-\\u007f])`, 'g');
// What ends a line or spaces words: line breaks, tabs, separators.
const LINE_BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]+/g;
// Every control (tab and newline too), line separator and invisible character, for escaping.
const SHOWN_ESCAPED = new RegExp(`[\\p{Cc}\\u2028\\u2029]|${INVISIBLE.source}`, 'gu');
// Any character one of the rules above could remove: a cheap test before the work.
const MAY_HIDE = new RegExp(`[\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029${INVISIBLE_CHARS}]|\\u200d`);
/** True when `text` holds a control, escape, line separator or invisible character. */
function sanitize_mayHide(text) {
    return MAY_HIDE.test(text);
}
/**
 * Controls (other than tab and newline) and invisible characters removed;
 * escapes are the caller's (lines.ts keeps colour).
 */
function dropHidden(text) {
    return text.replace(CONTROLS, '').replace(INVISIBLE, '');
}
/**
 * Each control, line separator and invisible character written as an escape
 * (`\n`, `\r`, `\t`, `\u200b`), so a quoted value shows what it holds.
 */
function escapeHidden(text) {
    if (!sanitize_mayHide(text))
        return text;
    return text.replace(SHOWN_ESCAPED, c => {
        if (c === '\n')
            return '\\n';
        if (c === '\r')
            return '\\r';
        if (c === '\t')
            return '\\t';
        return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
    });
}
/**
 * Remote text as plain lines: `\r\n`/`\r` become `\n`; escapes, other
 * controls and invisible characters are removed. This is what redaction
 * looks at, so a secret with a NUL, an escape or a zero-width space between
 * its characters is still found.
 */
function sanitize_plainText(text) {
    return dropHidden(text.replace(/\r\n?/g, '\n').replace(ESCAPES, ''));
}
/**
 * Breaks every `##[` with a zero-width space. The runner reads `##[cmd]`
 * anywhere in a line as a command, and the log viewer draws groups from
 * `##[group]` lines even when the runner only printed them (inside a
 * fence), so a fence is not enough for this form. The line reads the same.
 */
function breakLegacyCommands(text) {
    return text.includes('##[') ? text.replaceAll('##[', '##\u200b[') : text;
}
/**
 * Breaks what the runner would read as a workflow command inside a line the
 * action prints: the legacy `##[` form anywhere in the line (see
 * {@link breakLegacyCommands}) and `::` at the start. A zero-width space goes
 * between the characters, so the text reads the same.
 */
function sanitize_breakCommands(text) {
    return breakLegacyCommands(text).replace(/^(\s*):(?=:)/, '$1:\u200b');
}
/**
 * One line: line breaks and tabs become a space; escapes, other controls and
 * invisible characters go (so a secret with a NUL inside stays whole and
 * redactable); spaces are squeezed. No cut and no command breaking: see
 * `remoteText`.
 */
function sanitize_flattenLine(value) {
    const flat = dropHidden(value.replace(ESCAPES, '').replace(LINE_BREAKS, ' '));
    return flat.replace(/\s+/g, ' ').trim();
}
/**
 * The first `max` UTF-16 units, never splitting a surrogate pair. Cut
 * redacted text only: a secret can span the cut (`remoteText` and the log
 * line helpers move their cut before a known secret).
 */
function sanitize_cutChars(text, max) {
    if (text.length <= max)
        return text;
    const code = text.charCodeAt(max - 1);
    return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}
// What renders as nothing anywhere (the step log, a rendered page): controls other than tab and
// line breaks, format characters (joiners, bidi, BOM, soft hyphen, tags) and the other default
// ignorable code points (variation selectors U+FE00–FE0F and U+E0100–E01EF, fillers).
const UNSEEN_CLASS = String.raw `\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\p{Cf}\p{Default_Ignorable_Code_Point}`;
const UNSEEN = new RegExp(`^[${UNSEEN_CLASS}]+$`, 'u');
// Where the seen text can differ from the text: an escape or reference, or an unseen character.
const SPECIAL = new RegExp(`[\\\\&${UNSEEN_CLASS}]`, 'gu');
const ESCAPE_AT = new RegExp(ESCAPES.source, 'y');
// A character reference as CommonMark reads it (the `;` required; names are at most 31 letters).
const REFERENCE_AT = /&(?:#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{0,31}));/y;
const ASCII_PUNCTUATION = /^[!-/:-@[-`{-~]$/;
/**
 * The text as rendered on GitHub (a page) and as shown in the step log, in
 * one: Markdown backslash escapes of ASCII punctuation and HTML character
 * references (`&#95;`, `&#x5f;`, `&lowbar;`) become the character they show;
 * escape sequences, controls (not tab and line breaks), format characters and
 * other invisible code points (variation selectors, joiners, BOM, soft
 * hyphen, NUL) are left out. One pass, left to right: linear in the text.
 * Redaction looks for secrets here and hides the original span, escapes and
 * invisibles included. With `map: false` only the text is made (`starts`
 * null): cheaper, for a first look that usually finds nothing.
 */
function seenText(text, map = true) {
    SPECIAL.lastIndex = 0;
    if (!SPECIAL.test(text))
        return { text, starts: null };
    const starts = map ? new Int32Array(text.length + 1) : null;
    const parts = [];
    let size = 0;
    const emit = (chars, from, each) => {
        parts.push(chars);
        if (starts === null)
            return;
        for (let k = 0; k < chars.length; k++)
            starts[size++] = each ? from + k : from;
    };
    let at = 0;
    SPECIAL.lastIndex = 0;
    for (let m = SPECIAL.exec(text); m !== null; m = SPECIAL.exec(text)) {
        if (m.index > at)
            emit(text.slice(at, m.index), at, true);
        const [chars, length] = seenAt(text, m.index);
        emit(chars, m.index, false);
        at = m.index + length;
        SPECIAL.lastIndex = at;
    }
    if (at < text.length)
        emit(text.slice(at), at, true);
    if (starts === null)
        return { text: parts.join(''), starts: null };
    starts[size] = text.length;
    return { text: parts.join(''), starts: starts.subarray(0, size + 1) };
}
/** What the special character at `at` shows (an escape, a reference, nothing) and its length. */
function seenAt(text, at) {
    const c = text[at];
    if (c === '\\') {
        const next = text[at + 1] ?? '';
        return ASCII_PUNCTUATION.test(next) ? [next, 2] : ['\\', 1];
    }
    if (c === '&') {
        REFERENCE_AT.lastIndex = at;
        const ref = REFERENCE_AT.exec(text);
        if (ref === null)
            return ['&', 1];
        const shown = referenceChars(ref);
        if (shown === null)
            return ['&', 1];
        return [UNSEEN.test(shown) ? '' : shown, ref[0].length];
    }
    if (c === '\u001b') {
        ESCAPE_AT.lastIndex = at;
        return ['', ESCAPE_AT.exec(text)?.[0].length ?? 1];
    }
    return ['', (text.codePointAt(at) ?? 0) > 0xffff ? 2 : 1];
}
/** The characters a character reference renders as (U+FFFD for an invalid code point), or null for an unknown name. */
function referenceChars(ref) {
    if (ref[3] !== undefined) {
        const named = (0,decode_named_character_reference/* decodeNamedCharacterReference */.s)(ref[3]);
        return named === false ? null : named;
    }
    const code = ref[1] !== undefined ? Number(ref[1]) : parseInt(ref[2] ?? '0', 16);
    const valid = code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
    return String.fromCodePoint(valid ? code : 0xfffd);
}

;// CONCATENATED MODULE: ./src/text/secrets.ts
/**
 * The one redactor. Every channel the action writes (log lines, outputs,
 * `output-file`, the job summary, the PR comment, error messages, the
 * transcript file) passes its final text through a redactor built here, so
 * the rule for what is hidden lives in one place:
 *
 * - the text is made plain first (controls, escapes and invisible characters
 *   removed: `plainText`), then secrets are looked for in what a reader sees
 *   of it (`seenText`: Markdown backslash escapes and HTML character
 *   references decoded, variation selectors, joiners and other invisible
 *   characters left out), so `ghp\_…`, `ghp&#95;…` or a secret with a NUL,
 *   `ESC[0m`, U+FE0F or a zero-width space between its characters is found,
 *   and the whole original span is hidden, escapes and invisibles included;
 * - each secret is hidden whole, and in the forms the runner masks too: its
 *   base64 at the three byte offsets (standard and URL alphabets, only the
 *   characters that do not depend on what follows), JSON-escaped and
 *   URL-encoded;
 * - a multi-line secret is hidden whole, and line by line only for lines long
 *   and specific enough to be a secret on their own;
 * - values shorter than {@link MIN_SECRET_LENGTH} are not used (they would
 *   garble any text and protect nothing): the action warns about them;
 * - signed URLs keep their address but lose their signature and credential.
 *
 * The settings register every secret they mask here as well
 * ({@link registerSecrets}), as `::add-mask::` registers it with the runner:
 * the log printer redacts with that list, and the helpers that cut log lines
 * never cut inside a registered secret (a prefix the runner cannot mask).
 */

/**
 * Values shorter than this are not used for redaction: replacing every `a` or
 * `12` in a text garbles it without protecting anything.
 */
const MIN_SECRET_LENGTH = 4;
/** A line of a multi-line secret is hidden on its own only with this many letters or digits. */
const MIN_LINE_LENGTH = 8;
/** Derived base64 forms shorter than this are not used: they match too much. */
const MIN_DERIVED_LENGTH = 6;
/** True when a secret value is long enough to be redacted (see {@link MIN_SECRET_LENGTH}). */
function isRedactable(value) {
    return value.trim().length >= MIN_SECRET_LENGTH;
}
/**
 * A line of a multi-line secret specific enough to hide alone: at least
 * {@link MIN_LINE_LENGTH} letters or digits, and those at least half the line
 * (`{`, `},` or `"ok": true,` are not).
 */
function isSpecificLine(line) {
    const alnum = line.replace(/[^\p{L}\p{N}]/gu, '').length;
    return alnum >= MIN_LINE_LENGTH && alnum * 2 >= line.length;
}
/** The base64 characters of `bytes` that do not depend on the bytes after them. */
function stableBase64(bytes) {
    return bytes.toString('base64').slice(0, Math.floor((bytes.length * 8) / 6));
}
/**
 * The forms a secret can take in text besides itself, as the runner masks
 * them: base64 at byte offsets 0, 1 and 2 (a secret after a prefix of any
 * length, as in `base64(user:password)`), standard and URL alphabets, without
 * padding or the last partial character; JSON-escaped; URL-encoded.
 */
function secretForms(value) {
    if (value.length < MIN_SECRET_LENGTH)
        return [];
    const bytes = Buffer.from(value, 'utf8');
    const forms = new Set();
    for (const shift of [0, 1, 2]) {
        if (bytes.length <= shift)
            continue;
        const b64 = stableBase64(bytes.subarray(shift));
        if (b64.length < MIN_DERIVED_LENGTH)
            continue;
        forms.add(b64);
        forms.add(b64.replace(/\+/g, '-').replace(/\//g, '_'));
    }
    forms.add(JSON.stringify(value).slice(1, -1));
    const uri = encodeURIComponent(value);
    forms.add(uri);
    forms.add(uri.replace(/%20/g, '+'));
    forms.delete(value);
    return [...forms].filter(f => f.length >= MIN_SECRET_LENGTH);
}
/**
 * Every string a redactor hides for these values, longest first: each value
 * (as given, trimmed and made plain), the specific lines of a multi-line
 * value, and the {@link secretForms} of each; each also as a reader sees it
 * (`seenText`), since that is where they are looked for.
 */
function secretNeedles(values) {
    const needles = new Set();
    const keep = (needle) => {
        for (const n of [needle, seenText(needle).text])
            if (n.length >= MIN_SECRET_LENGTH)
                needles.add(n);
    };
    const add = (candidate) => {
        if (candidate.length < MIN_SECRET_LENGTH)
            return;
        keep(candidate);
        for (const form of secretForms(candidate))
            keep(form);
    };
    for (const value of values) {
        if (!isRedactable(value))
            continue;
        for (const whole of new Set([value, value.trim(), sanitize_plainText(value), sanitize_plainText(value).trim()])) {
            add(whole);
        }
        const lines = sanitize_plainText(value).split('\n');
        if (lines.length > 1) {
            for (const line of lines)
                if (isSpecificLine(line.trim()))
                    add(line.trim());
        }
    }
    return [...needles].sort((a, b) => b.length - a.length);
}
/** Spans of an original text to hide, as `[start, end)` pairs, merged when they overlap. */
class Spans {
    original;
    seen;
    reach = null;
    first = Infinity;
    last = 0;
    constructor(original, seen) {
        this.original = original;
        this.seen = seen;
    }
    /** Marks the original characters behind seen units `[from, to)` (invisibles after them too). */
    add(from, to) {
        const { starts } = this.seen;
        const start = starts === null ? from : (starts[from] ?? 0);
        const end = starts === null ? to : (starts[to] ?? this.original.length);
        if (end <= start)
            return;
        this.reach ??= new Int32Array(this.original.length);
        if (end > (this.reach[start] ?? 0))
            this.reach[start] = end;
        this.first = Math.min(this.first, start);
        this.last = Math.max(this.last, end);
    }
    /** The merged spans, in order. */
    merged() {
        const out = [];
        const reach = this.reach;
        if (reach === null)
            return out;
        for (let at = this.first; at < this.last; at++) {
            const end = reach[at] ?? 0;
            if (end <= at)
                continue;
            const open = out[out.length - 1];
            if (open !== undefined && at < open[1])
                open[1] = Math.max(open[1], end);
            else
                out.push([at, end]);
        }
        return out;
    }
    /** The original text with each merged span replaced by `***`. */
    hide() {
        const spans = this.merged();
        if (spans.length === 0)
            return this.original;
        let out = '';
        let at = 0;
        for (const [start, end] of spans) {
            out += `${this.original.slice(at, start)}***`;
            at = end;
        }
        return out + this.original.slice(at);
    }
}
/**
 * The spans of `text` that show a needle (or, with `urls`, the value of a
 * signed URL's sensitive parameter) once read as a reader sees it. Each
 * needle is one native search over the seen text: linear in the text. The
 * map back to the original is made only when something was found.
 */
function secretSpans(text, needles, urls) {
    const found = seenMatches(seenText(text, false).text, needles, urls);
    if (found.length === 0)
        return new Spans(text, { text, starts: null });
    const spans = new Spans(text, seenText(text));
    for (let i = 0; i < found.length; i += 2)
        spans.add(found[i] ?? 0, found[i + 1] ?? 0);
    return spans;
}
/** The `[from, to)` ranges of `seen` to hide, flat (`from, to, from, to, …`). */
function seenMatches(seen, needles, urls) {
    const found = [];
    for (const needle of needles) {
        for (let at = seen.indexOf(needle); at >= 0; at = seen.indexOf(needle, at + needle.length)) {
            found.push(at, at + needle.length);
        }
    }
    if (urls && seen.includes('://')) {
        for (const m of seen.matchAll(URL_PATTERN)) {
            for (const [from, to] of sensitiveValues(m[0]))
                found.push(m.index + from, m.index + to);
        }
    }
    return found;
}
/**
 * A redact function: the text made plain (see `plainText`), every
 * {@link secretNeedles} value replaced with `***`, and signed URLs masked
 * (see {@link redactPresignedUrls}), all found in what a reader sees of the
 * text (`seenText`). Redact the final text of a channel, and cut only after
 * redacting.
 */
function createRedactor(values) {
    const needles = secretNeedles(values);
    const markup = (text) => secretSpans(text, needles, true).hide();
    return Object.assign((text) => markup(sanitize_plainText(text)), { markup });
}
/** Query parameters whose value grants access: signatures, credentials, tokens. */
const SENSITIVE_PARAMS = new Set([
    'x-amz-signature',
    'x-amz-credential',
    'x-amz-security-token',
    'x-goog-signature',
    'x-goog-credential',
    'sig',
    'signature',
    'token',
    'key-pair-id',
    'policy'
]);
// One URL: a scheme and everything up to a character that cannot be in a bare URL. One quantifier.
const URL_PATTERN = /https?:\/\/[^\s"'<>`]*/gi;
// A parameter name that could be sensitive, percent-encoded or not: checked before any splitting.
const MAYBE_SENSITIVE = /sig|token|credential|key-pair|policy|%/i;
/** The `[from, to)` ranges, in `url`, of the values of its sensitive query parameters. */
function sensitiveValues(url) {
    const q = url.indexOf('?');
    if (q < 0 || !MAYBE_SENSITIVE.test(url.slice(q)))
        return [];
    const hash = url.indexOf('#', q);
    const out = [];
    let at = q + 1;
    for (const param of url.slice(q + 1, hash < 0 ? undefined : hash).split('&')) {
        const eq = param.indexOf('=');
        if (eq >= 0 && eq < param.length - 1 && SENSITIVE_PARAMS.has(paramName(param.slice(0, eq)))) {
            out.push([at + eq + 1, at + param.length]);
        }
        at += param.length + 1;
    }
    return out;
}
function paramName(name) {
    if (!name.includes('%'))
        return name.toLowerCase();
    try {
        return decodeURIComponent(name).toLowerCase();
    }
    catch {
        return name.toLowerCase();
    }
}
/**
 * Masks the signature and credential of signed URLs (S3, GCS, Azure SAS,
 * CloudFront): the value of each such query parameter becomes `***`; the
 * address and the other parameters stay readable. Linear in the text.
 */
function redactPresignedUrls(text) {
    if (!text.includes(':'))
        return text;
    return secretSpans(text, [], true).hide();
}
/** The secrets registered by the settings, and their needles. */
const known = { values: new Set(), needles: [] };
/**
 * Registers secrets for the log: the printer redacts them and the line
 * cutting helpers never cut inside one. The settings call this for every
 * value they mask, as `::add-mask::` registers it with the runner.
 */
function registerSecrets(values) {
    let added = false;
    for (const value of values) {
        if (!isRedactable(value) || known.values.has(value))
            continue;
        known.values.add(value);
        added = true;
    }
    if (added)
        known.needles = secretNeedles(known.values);
}
/** True when the text, as a reader sees it, holds a registered secret. */
function holdsKnownSecret(text) {
    if (known.needles.length === 0)
        return false;
    return secretSpans(text, known.needles, false).merged().length > 0;
}
/**
 * A log line with registered secrets and URL signatures hidden. A line that
 * holds none comes back unchanged (colour and all); one that does comes back
 * plain, redacted, with workflow commands broken.
 */
function redactLine(line) {
    if (known.needles.length === 0 && !/[:&]/.test(line))
        return line;
    const plain = plainText(line);
    const redacted = secretSpans(plain, known.needles, true).hide();
    return redacted === plain ? line : breakCommands(redacted);
}
/**
 * Where to cut `text` so that no registered secret is split: `end`, or the
 * start of a secret that spans it (that secret is then left out whole). The
 * secret is looked for as a reader sees it, so one with invisible characters
 * or escapes between its characters is not cut either.
 */
function safeCutEnd(text, end) {
    if (known.needles.length === 0)
        return end;
    for (const [start, stop] of secretSpans(text, known.needles, false).merged()) {
        if (start < end && end < stop)
            return start;
        if (start >= end)
            break;
    }
    return end;
}

;// CONCATENATED MODULE: ./src/text/quote.ts
/**
 * How the action names a value in its own messages: an input's value, an
 * entry name from an archive. One rule for both, so a value reads the same
 * in an input error and in an artifacts warning.
 */


/** The longest quoted value, quotes included: enough to tell values apart, short enough for one log line. */
const MAX_QUOTED_CHARS = 100;
/**
 * `value` quoted: each control, line-separator and invisible character
 * escaped (`\n`, `\u200b`: see `escapeHidden`), the legacy `##[` command
 * form broken (a quoted value never starts a line, so `::` cannot act), and
 * cut with `…` to at most 100 characters, never inside a registered secret
 * (the redaction after could not find its prefix).
 */
function quote_quote(value) {
    const escaped = escapeHidden(value);
    const room = MAX_QUOTED_CHARS - 2;
    if (escaped.length <= room)
        return `'${breakLegacyCommands(escaped)}'`;
    const head = sanitize_cutChars(escaped, room - 1);
    return `'${breakLegacyCommands(head.slice(0, safeCutEnd(escaped, head.length)))}…'`;
}
/**
 * Items as a phrase: `a`, `a or b`, `a, b and c`. At most `max` are named
 * and the rest counted (`a, b and 3 more`); `total` counts items the caller
 * did not pass (a list it cut already).
 */
function listOf(items, word, { max = items.length, total = items.length } = {}) {
    const shown = items.slice(0, max);
    const rest = Math.max(total, items.length) - shown.length;
    if (rest > 0)
        return `${shown.join(', ')} and ${rest} more`;
    if (shown.length <= 1)
        return shown.join('');
    return `${shown.slice(0, -1).join(', ')} ${word} ${shown[shown.length - 1] ?? ''}`;
}
/** `1 file`, `3 files`: a count and its noun, plural when it is not one. */
function counted(n, noun) {
    return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

;// CONCATENATED MODULE: ./src/settings/settings.ts
/**
 * The shape of what the input layer returns: every value validated once
 * here, so the rest of the action trusts it and checks nothing again.
 */
/** The accepted `log-level` values. */
const settings_LOG_LEVELS = (/* unused pure expression or super */ null && (['full', 'summary', 'none']));
/** The accepted `api` values: `auto` picks by the token (`vm0_pat_` → platform, `vm0_live_` → v1). */
const API_CHOICES = ['auto', 'platform', 'v1'];
/** The accepted `if-no-files-found` values. */
const settings_IF_NO_FILES_FOUND = (/* unused pure expression or super */ null && (['warn', 'error', 'ignore']));

;// CONCATENATED MODULE: ./src/settings/backends.ts
/**
 * The two backends as the inputs see them: which one a step speaks (`api`
 * and the token's prefix), and which inputs each one takes. {@link BACKEND_RULES}
 * is the one table the refusals are read from and the README's inputs ×
 * backend table is generated from (`scripts/docs.ts`), so they cannot drift.
 */



const YES = { use: true };
const FILES_INSTEAD = 'the platform returns the files the agent publishes; they are collected by default';
/** Which inputs each backend takes; an input not listed here works the same on both. */
const BACKEND_RULES = {
    [names_Inputs.Vm0Token]: {
        platform: { use: true, note: 'a personal key `vm0_pat_…`' },
        v1: { use: true, note: 'a `vm0_live_…` token' }
    },
    [names_Inputs.ApiUrl]: {
        platform: { use: true, note: 'default `https://api.okou.ai`' },
        v1: { use: true, note: 'default `https://api.vm0.ai`' }
    },
    [names_Inputs.Agent]: {
        platform: { use: true, note: "the agent's display name, any case; a new thread per run" },
        v1: { use: true, note: "the agent's name" }
    },
    [names_Inputs.AgentVersion]: {
        platform: {
            use: false,
            instead: 'a platform run uses the agent as configured now; change the agent in the web app'
        },
        v1: YES
    },
    [names_Inputs.SessionId]: {
        platform: { use: false, instead: 'use `thread-id` to continue a conversation' },
        v1: YES
    },
    [names_Inputs.CheckpointId]: {
        platform: { use: false, instead: 'use `thread-id` to continue a conversation' },
        v1: YES
    },
    [names_Inputs.ThreadId]: {
        platform: YES,
        v1: { use: false, instead: '`/v1` has no threads; use `session-id` to continue a session' }
    },
    [names_Inputs.Model]: {
        platform: YES,
        v1: { use: false, instead: "`/v1` runs the model set in the agent's configuration" }
    },
    [names_Inputs.Variables]: {
        platform: {
            use: false,
            instead: 'the platform has no run variables: put what the agent needs in the prompt, or use `github-context: true`'
        },
        v1: YES
    },
    [names_Inputs.Secrets]: {
        platform: {
            use: false,
            instead: 'configure secrets and connectors on the agent in the web app'
        },
        v1: YES
    },
    [names_Inputs.Volumes]: {
        platform: {
            use: false,
            instead: 'a platform run mounts no volumes: give the agent what it needs in the web app, or in the prompt'
        },
        v1: YES
    },
    [names_Inputs.ArtifactName]: { platform: { use: false, instead: FILES_INSTEAD }, v1: YES },
    [names_Inputs.ArtifactVersion]: { platform: { use: false, instead: FILES_INSTEAD }, v1: YES },
    [names_Inputs.Collect]: { platform: { use: false, instead: FILES_INSTEAD }, v1: YES },
    [names_Inputs.GithubContext]: {
        platform: { use: true, note: 'a short block at the top of the prompt' },
        v1: { use: true, note: '`GITHUB_*` variables' }
    },
    [names_Inputs.IfNoFilesFound]: {
        platform: { use: true, note: 'empty means `ignore`' },
        v1: { use: true, note: 'empty means `warn`' }
    }
};
/** How each backend is named in messages. */
const BACKEND_NAMES = {
    platform: 'the VM0 platform',
    v1: 'the `/v1` API'
};
/** The token prefixes `api: auto` recognises. */
const PREFIXES = { platform: 'vm0_pat_', v1: 'vm0_live_' };
/**
 * The backend from `api` (already trimmed; `auto`, `platform` or `v1`, any
 * case; empty means `auto`) and the token: `auto` picks the platform for a
 * `vm0_pat_` token and `/v1` for a `vm0_live_` one. Any other token with
 * `auto` is a problem naming `api` and `vm0-token`, never the token. An
 * empty token was reported already and adds nothing here.
 */
function readApi(value, token, fail) {
    const lower = value.toLowerCase() || 'auto';
    const choice = API_CHOICES.find(c => c === lower) ?? null;
    if (choice === null) {
        fail(names_Inputs.Api, `\`${names_Inputs.Api}\` must be ${listOf(API_CHOICES, 'or')}; got ${quote_quote(value)}`);
    }
    if (choice === 'platform' || choice === 'v1') {
        // The platform answers every `vm0_live_` token with a 401 that sends the user to rotate a
        // key that is fine: say what is wrong before any request. (A `vm0_pat_` key with `api: v1`
        // stays the user's call: a deployment of their own may accept it.)
        if (choice === 'platform' && token.startsWith(PREFIXES.v1)) {
            fail(names_Inputs.Api, `\`${names_Inputs.Api}: platform\` needs a personal key \`vm0_pat_…\` (made in the web app under Settings → API keys), but \`${names_Inputs.Vm0Token}\` holds a \`vm0_live_…\` token, which only the \`/v1\` API of deployments built before March 2026 accepts (its value is not shown); use a personal key, or set \`${names_Inputs.Api}: v1\` (or \`auto\`) to speak \`/v1\``);
        }
        return { api: choice, chosenBy: `\`api: ${choice}\`` };
    }
    for (const api of ['platform', 'v1']) {
        if (token.startsWith(PREFIXES[api])) {
            return { api, chosenBy: `the \`${PREFIXES[api]}…\` token` };
        }
    }
    if (choice === 'auto' && token !== '') {
        fail(names_Inputs.Api, `\`${names_Inputs.Api}: auto\` cannot tell the backend from the token in \`${names_Inputs.Vm0Token}\`: it starts with neither \`vm0_pat_\` (a personal key for the VM0 platform) nor \`vm0_live_\` (the \`/v1\` API of deployments built before March 2026); check that \`${names_Inputs.Vm0Token}\` holds the right key (its value is not shown), or set \`${names_Inputs.Api}: platform\` or \`${names_Inputs.Api}: v1\``);
    }
    return { api: 'v1', chosenBy: `\`${names_Inputs.Api}\`` };
}
/**
 * Refuses every given input the backend cannot carry, each in one problem
 * naming the input, the backend (and how it was chosen) and the
 * alternative. Returns the names refused, so that no other rule reports
 * them a second time.
 */
function backends_refuseForBackend(backend, given, fail) {
    const refused = new Set();
    for (const [name, isGiven] of Object.entries(given)) {
        const rule = BACKEND_RULES[name]?.[backend.api];
        if (!isGiven || rule === undefined || rule.use)
            continue;
        refused.add(name);
        fail(name, `\`${name}\` cannot be used with ${BACKEND_NAMES[backend.api]} (chosen by ${backend.chosenBy}): ${rule.instead}; remove \`${name}\``);
    }
    return refused;
}

;// CONCATENATED MODULE: ./src/settings/checks.ts
/**
 * The rules single values must follow: the token, the API URL, ids,
 * version ids and upload names. They are checked here once; the VM0 client
 * and the upload trust what passed.
 */



/** A VM0 version id (of an artifact or a volume): 8 to 64 hex characters. */
const HEX_VERSION = /^[0-9a-fA-F]{8,64}$/;
/** VM0 ids (runs, agents, sessions, checkpoints) are UUIDs; the service answers any other with a 500. */
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NO_SECRETS_HINT = 'Workflows triggered by pull requests from forks receive no secrets, so the token is empty there.';
/** The characters a workflow artifact name cannot hold, as messages list them. */
const UPLOAD_NAME_FORBIDDEN_TEXT = '" : < > | * ? \\ / or a line break';
const UPLOAD_NAME_FORBIDDEN = /[":<>|*?\r\n\\/]/g;
/**
 * The distinct characters of `name` that a workflow artifact name cannot
 * hold (the artifact service refuses the upload), in order; [] when none.
 */
function uploadNameForbidden(name) {
    return [...new Set(name.match(UPLOAD_NAME_FORBIDDEN))];
}
/** `name` with each character a workflow artifact name cannot hold replaced by `-`. */
function replaceUploadNameForbidden(name) {
    return name.replace(UPLOAD_NAME_FORBIDDEN, '-');
}
/** Checks a given `upload-name`. */
function checks_checkUploadName(name, fail) {
    // `.`, `..` are path segments; `...` or `. .` is what Windows trims to nothing (a name
    // loses its trailing dots and spaces there), so the artifact could not be downloaded as named.
    if (/^[. ]+$/.test(name)) {
        fail(Inputs.UploadName, `\`${Inputs.UploadName}\` must be a name with a character other than dots and spaces, not ${quote(name)} (a path segment, or nothing once Windows trims a name's trailing dots and spaces); give a name such as vm0-output`);
    }
    else if (uploadNameForbidden(name).length > 0) {
        fail(Inputs.UploadName, `\`${Inputs.UploadName}\` must not contain any of ${UPLOAD_NAME_FORBIDDEN_TEXT} (workflow artifact names cannot); got ${quote(name)}`);
    }
}
/**
 * Checks an input that names what to run (`agent`, `agent-id`, `session-id`,
 * `checkpoint-id`, `thread-id`, `agent-version`, `model`): it is printed in
 * the log ("Target: …"), so a line break or another control character is refused.
 */
function checks_checkNoControls(name, value, fail) {
    if (value !== null && mayHide(value)) {
        fail(name, `\`${name}\` must be one line of printable characters (no line breaks, control or invisible characters); got ${quote(value)}`);
    }
}
/** Checks a given `run-id`: it goes into URL paths. */
function checks_checkRunId(runId, fail) {
    checks_checkUuid(Inputs.RunId, 'run', runId, fail);
}
/**
 * Checks an id input (`run-id`, `agent-id`, `session-id`, `checkpoint-id`, `thread-id`)
 * is a UUID before any request: the service answers a malformed id with a
 * 500, which would otherwise look like trouble worth retrying.
 */
function checks_checkUuid(input, what, value, fail) {
    if (!UUID_PATTERN.test(value)) {
        fail(input, `\`${input}\` must be a VM0 ${what} id, a UUID such as 3f0c9a4e-1b2d-4c5e-8f70-112233445566; got ${quote(value)}` +
            (input === Inputs.AgentId ? `; to name an agent, use \`${Inputs.Agent}\` instead` : ''));
    }
}
/** `artifact-version`: a hex version id, or null for the latest (empty or `latest`). */
function checks_readArtifactVersion(value, fail) {
    if (value === '' || value.toLowerCase() === 'latest')
        return null;
    if (HEX_VERSION.test(value))
        return value;
    fail(Inputs.ArtifactVersion, `\`${Inputs.ArtifactVersion}\` must be a version id of 8 to 64 hex characters, or \`latest\` (or empty) for the latest version; got ${quote(value)}`);
    return null;
}
/** `collect`: `run` (or empty), `head`, or a hex version id; any case. */
function checks_readCollect(value, fail) {
    const lower = value.toLowerCase();
    if (lower === '' || lower === 'run')
        return { kind: 'run' };
    if (lower === 'head')
        return { kind: 'head' };
    if (HEX_VERSION.test(value))
        return { kind: 'version', id: lower };
    fail(Inputs.Collect, `\`${Inputs.Collect}\` must be \`run\` (the version this run wrote), \`head\` (the artifact's current version) or a version id of 8 to 64 hex characters; got ${quote(value)}`);
    return { kind: 'run' };
}
/** `compression-level`: `auto` (or empty) or a whole number from 0 to 9. */
function checks_readCompressionLevel(value, fail) {
    if (value === '' || value.toLowerCase() === 'auto')
        return 'auto';
    const n = /^\d+$/.test(value) ? Number(value) : NaN;
    if (n >= 0 && n <= 9)
        return n;
    fail(Inputs.CompressionLevel, `\`${Inputs.CompressionLevel}\` must be \`auto\` or a whole number from 0 to 9; got ${quote(value)}`);
    return 'auto';
}
/**
 * The token from `vm0-token`, else env `VM0_TOKEN`, masked the moment it is
 * read. Required, and without whitespace or control characters (it goes into
 * a header); messages never show it.
 */
function checks_readToken(getInput, env, mask, fail) {
    let source = `\`${names_Inputs.Vm0Token}\``;
    let token = getInput(names_Inputs.Vm0Token).trim();
    if (token)
        mask(token);
    else {
        token = (env[EnvFallbacks.Token] ?? '').trim();
        source = `env ${EnvFallbacks.Token}`;
        if (token)
            mask(token);
    }
    if (token === '') {
        fail(names_Inputs.Vm0Token, `\`${names_Inputs.Vm0Token}\` is required: set the input (e.g. \`vm0-token: \${{ secrets.VM0_TOKEN }}\`) or the ${EnvFallbacks.Token} environment variable. ${NO_SECRETS_HINT}`);
    }
    else if (/[\s\p{Cc}]/u.test(token)) {
        fail(names_Inputs.Vm0Token, `The VM0 token (from ${source}) contains whitespace or control characters; give the token alone (its value is not shown)`);
    }
    return token;
}
/**
 * The API base URL from `api-url` (already trimmed), else env
 * `VM0_API_URL`, else `fallback` (the backend's default): https (http only
 * for a loopback host, since the token goes in a header), without
 * credentials, query or fragment; returned without a trailing slash.
 */
function readApiUrl(input, env, fallback, fail) {
    let value = input;
    let source = `\`${names_Inputs.ApiUrl}\``;
    if (value === '') {
        value = (env[EnvFallbacks.ApiUrl] ?? '').trim();
        source = `\`${names_Inputs.ApiUrl}\` (from env ${EnvFallbacks.ApiUrl})`;
    }
    if (value === '')
        return fallback;
    const form = 'an http(s) URL such as https://api.vm0.ai';
    let url;
    try {
        url = new URL(value);
    }
    catch {
        fail(names_Inputs.ApiUrl, `${source} must be ${form}; got ${quote_quote(value)}`);
        return fallback;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        fail(names_Inputs.ApiUrl, `${source} must be ${form}; got ${quote_quote(value)}`);
    }
    else if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
        fail(names_Inputs.ApiUrl, `${source} must use https: the token would travel in cleartext over http, which is accepted only for a loopback address (127.0.0.1, ::1 or localhost); got ${quote_quote(value)}`);
    }
    else if (url.username !== '' || url.password !== '') {
        fail(names_Inputs.ApiUrl, `${source} must not hold credentials (give the token in \`${names_Inputs.Vm0Token}\`); got '${url.protocol}//***@${url.host}${url.pathname}'`);
    }
    else if (url.search !== '' || url.hash !== '') {
        fail(names_Inputs.ApiUrl, `${source} must be ${form}, without query or fragment; got ${quote_quote(value)}`);
    }
    else {
        return (url.origin + url.pathname).replace(/\/+$/, '');
    }
    return fallback;
}
/**
 * A host name that can only mean this machine: `localhost` (and names under
 * it), 127.0.0.0/8 and ::1, as the WHATWG URL parser spells them.
 */
function isLoopbackHost(hostname) {
    const host = hostname.toLowerCase().replace(/\.$/, '');
    if (host === 'localhost' || host.endsWith('.localhost'))
        return true;
    if (host === '[::1]')
        return true;
    return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

;// CONCATENATED MODULE: ./src/text/durations.ts
/**
 * Durations as users write them in a workflow (`90s`, `30m`, `2h`, `1h30m`,
 * `1h30m15s`; a bare number is refused, except `0`) and back again for messages; the
 * time between two timestamps, and a timestamp shown to the second.
 */
const MS_PER_SECOND = 1000;
const MS_PER_MINUTE = 60 * MS_PER_SECOND;
const MS_PER_HOUR = 60 * MS_PER_MINUTE;
/**
 * The longest duration accepted: 24 days. Node's timers hold at most
 * 2^31-1 ms (about 24.8 days) and fire at once when given more, so a larger
 * value would end a wait immediately instead of never.
 */
const durations_MAX_DURATION_MS = 24 * 24 * MS_PER_HOUR;
/** The accepted forms, for error messages. */
const durations_DURATION_FORMS = 'a duration with a unit, like 90s, 30m, 2h or 1h30m';
const UNITS = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;
/**
 * Parses a duration into milliseconds. Units are `h`, `m` and `s`, in that
 * order, each at most once, case-insensitive; `0` alone is zero. A bare
 * number is refused: `timeout-minutes: 30` reads as minutes elsewhere in a
 * workflow, so `30` is ambiguous (settings/durations.ts says so to the user).
 * Returns `null` for anything else (including fractions, negative numbers,
 * spaces inside and values beyond {@link MAX_DURATION_MS}), so the caller can
 * name the input in its message.
 */
function durations_parseDuration(text) {
    const value = text.trim().toLowerCase();
    if (value === '')
        return null;
    if (/^0+$/.test(value))
        return 0;
    const match = UNITS.exec(value);
    if (!match)
        return null;
    const [, h, m, s] = match;
    if (h === undefined && m === undefined && s === undefined)
        return null;
    const ms = Number(h ?? 0) * MS_PER_HOUR + Number(m ?? 0) * MS_PER_MINUTE + Number(s ?? 0) * MS_PER_SECOND;
    if (!Number.isSafeInteger(ms) || ms > durations_MAX_DURATION_MS)
        return null;
    return ms;
}
/**
 * Formats milliseconds for people: `2h`, `1h30m`, `1m30s`, `45s`, `1.5s`,
 * `250ms`. Whole seconds are shown without fractions; below a minute a
 * fraction of a second keeps one decimal; above it the remainder under a
 * second is dropped.
 */
function durations_formatDuration(ms) {
    if (!Number.isFinite(ms) || ms < 0)
        return `${ms}ms`;
    if (ms < MS_PER_SECOND)
        return `${Math.round(ms)}ms`;
    if (ms < MS_PER_MINUTE && ms % MS_PER_SECOND !== 0) {
        const seconds = Math.floor(ms / 100) / 10;
        return `${seconds}s`;
    }
    const total = Math.floor(ms / MS_PER_SECOND);
    const h = Math.floor(total / 3600);
    const m = Math.floor((total % 3600) / 60);
    const s = total % 60;
    return (h ? `${h}h` : '') + (m ? `${m}m` : '') + (s ? `${s}s` : '') || '0s';
}
/**
 * Seconds for log lines about waits and retries: `0.35 s`, `1.4 s`, `12 s`
 * (two decimals at most below ten seconds, whole seconds above).
 */
function formatSeconds(ms) {
    const s = ms / 1000;
    return `${s >= 10 ? Math.round(s) : Number(s.toFixed(2))} s`;
}
/** Milliseconds between two ISO timestamps; null when either is missing or invalid, or `to` is before `from`. */
function msBetween(from, to) {
    if (!from || !to)
        return null;
    const ms = Date.parse(to) - Date.parse(from);
    return Number.isFinite(ms) && ms >= 0 ? ms : null;
}
/** A timestamp as ISO 8601 in UTC to the second (`2026-01-02T03:04:05Z`); null when missing or invalid. */
function isoSeconds(value) {
    if (!value)
        return null;
    const ms = Date.parse(value);
    return Number.isFinite(ms) ? new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z') : null;
}

;// CONCATENATED MODULE: ./src/settings/durations.ts
/**
 * The duration inputs (`timeout`, `idle-timeout`), in the forms of
 * `text/durations.ts`, with messages that tell a malformed value from one
 * that is too long.
 */


/**
 * The duration in ms; null when empty, invalid, or 0 where `zeroMeansOff`
 * (the caller's default then applies). 0 is refused otherwise.
 */
function durations_readDuration(name, value, zeroMeansOff, fail) {
    if (value === '')
        return null;
    if (/^\d+$/.test(value.trim()) && Number(value) !== 0) {
        // `timeout-minutes: 30` means minutes elsewhere in a workflow: a bare number is ambiguous.
        const n = value.trim();
        fail(name, `\`${name}\` needs a unit: got ${quote(value)}; write ${n}s for seconds or ${n}m for minutes`);
        return null;
    }
    const ms = parseDuration(value);
    if (ms === null) {
        const wellFormed = /^\d+$|^(\d+h)?(\d+m)?(\d+s)?$/i.test(value);
        fail(name, wellFormed
            ? `\`${name}\` must be at most ${formatDuration(MAX_DURATION_MS)} (24 days); got ${quote(value)}`
            : `\`${name}\` must be ${DURATION_FORMS}${zeroMeansOff ? ' (0 turns it off)' : ''}; got ${quote(value)}`);
        return null;
    }
    if (ms === 0) {
        if (zeroMeansOff)
            return null;
        fail(name, `\`${name}\` must be more than 0 (${DURATION_FORMS}); got ${quote(value)}`);
        return null;
    }
    return ms;
}

;// CONCATENATED MODULE: ./src/settings/problems.ts
/**
 * How the input layer words and gathers its problems: every input is read
 * even after one is wrong, so a workflow author sees all mistakes at once.
 */


/** Several inputs were invalid; `message` holds one line per problem. */
class InputErrors extends InputError {
    errors;
    name = 'InputErrors';
    constructor(errors) {
        super(errors[0]?.input ?? '', errors.map(e => e.message).join('\n'));
        this.errors = errors;
    }
}
/** Duck-typed: errors from `fs` may come from another realm (e.g. under jest's VM modules). */
function problems_errorText(error) {
    return isObject(error) && typeof error['message'] === 'string' ? error['message'] : String(error);
}

;// CONCATENATED MODULE: ./src/settings/pairs.ts
/**
 * The two grammars of the map inputs (`variables`, `secrets`, `volumes`):
 * `KEY=value` lines, or a JSON object of strings where the input allows it.
 * Secret values, and anything that could hold one, never reach a message.
 */




/** A variable or secret name: what an environment variable may be called. */
const pairs_KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
const KEY_FORM = 'letters, digits and _, not starting with a digit';
/** `variables`: lines or JSON; values are shown in messages. */
const pairs_VARIABLES_SPEC = {
    input: names_Inputs.Variables,
    secret: false,
    json: true,
    keyPattern: pairs_KEY_PATTERN,
    form: 'KEY=value lines or a JSON object of strings',
    lineForm: 'KEY=value',
    keyForm: `KEY: ${KEY_FORM}`
};
/** `secrets`: lines or JSON; values are never shown and never empty. */
const pairs_SECRETS_SPEC = {
    input: names_Inputs.Secrets,
    secret: true,
    json: true,
    keyPattern: pairs_KEY_PATTERN,
    form: 'KEY=value lines or a JSON object of strings',
    lineForm: 'KEY=value',
    keyForm: `KEY: ${KEY_FORM}`,
    checkValue: (value, key) => value === ''
        ? `a non-empty value for '${key}' (a secret that is not set expands to an empty string; pull requests from forks receive no secrets)`
        : null
};
/** `volumes`: `name=version` lines only; `latest` in any case becomes `latest`. */
const pairs_VOLUMES_SPEC = {
    input: names_Inputs.Volumes,
    secret: false,
    json: false,
    keyPattern: /^[^\s=]+$/,
    form: 'name=version lines',
    lineForm: 'name=version',
    keyForm: 'name: no spaces; version: `latest` or 8 to 64 hex characters',
    checkValue: value => /^latest$/i.test(value) || HEX_VERSION.test(value)
        ? null
        : '`latest` or a version id of 8 to 64 hex characters',
    normalise: value => (/^latest$/i.test(value) ? 'latest' : value)
};
/**
 * Parses one map input: a JSON object of strings when `spec.json` allows it
 * and the input starts with `{`, else `KEY=value` lines. Every problem is
 * passed to `fail`; the valid entries are kept.
 */
function pairs_parsePairs(raw, spec, fail) {
    const trimmed = raw.trim();
    if (trimmed === '')
        return {};
    const entries = new Map();
    if (spec.json && trimmed.startsWith('{'))
        parseJsonPairs(trimmed, spec, entries, fail);
    else
        parseLinePairs(raw, spec, entries, fail);
    return Object.fromEntries(entries);
}
/** A JSON object whose values are all strings; keys as the spec allows. */
function parseJsonPairs(json, spec, entries, fail) {
    const { input, secret } = spec;
    let parsed;
    try {
        parsed = JSON.parse(json);
    }
    catch (error) {
        const detail = secret ? jsonPosition(error) : `: ${errorText(error)}`;
        fail(input, `\`${input}\` is not valid JSON${detail}; it must be ${spec.form}`);
        return;
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        fail(input, `\`${input}\` must be ${spec.form}; got JSON that is not an object`);
        return;
    }
    let index = 0;
    for (const [key, value] of Object.entries(parsed)) {
        index += 1;
        if (!spec.keyPattern.test(key)) {
            fail(input, secret
                ? `\`${input}\` entry ${index}: the key is not a valid name (${spec.keyForm}); it is not shown since it may be part of a secret`
                : `\`${input}\` key ${quote(key)} is not a valid name (${spec.keyForm})`);
        }
        else if (typeof value !== 'string') {
            fail(input, `\`${input}\` key '${key}' must have a string value; got ${jsonKind(value)} (in JSON, quote it: "${key}": "…")`);
        }
        else {
            acceptValue(spec, entries, key, value, `key '${key}'`, fail);
        }
    }
}
/**
 * `KEY=value` lines: blank lines and `#` comments skipped; the value is
 * everything after the first `=`, both sides trimmed; each key once.
 */
function parseLinePairs(raw, spec, entries, fail) {
    const { input, secret } = spec;
    const firstLine = new Map();
    raw.split(/\r\n|\r|\n/).forEach((rawLine, i) => {
        const lineNo = i + 1;
        const line = rawLine.trim();
        if (line === '' || line.startsWith('#'))
            return;
        const eq = line.indexOf('=');
        const key = eq < 0 ? '' : line.slice(0, eq).trim();
        if (eq < 0 || !spec.keyPattern.test(key)) {
            const accepted = `${spec.lineForm} (${spec.keyForm})` +
                (spec.json ? ', or the whole input must be a JSON object of strings' : '');
            fail(input, secret
                ? `\`${input}\` line ${lineNo} must be ${accepted}; the line is not shown since it may hold a secret. A value that spans lines needs the JSON form, e.g. '{"KEY": \${{ toJSON(secrets.KEY) }}}'`
                : `\`${input}\` line ${lineNo} must be ${accepted}; got ${quote(line)}`);
            return;
        }
        const previous = firstLine.get(key);
        if (previous !== undefined) {
            fail(input, `\`${input}\` line ${lineNo}: '${key}' is already set on line ${previous}; give each key once`);
            return;
        }
        firstLine.set(key, lineNo);
        acceptValue(spec, entries, key, line.slice(eq + 1).trim(), `line ${lineNo} ('${key}')`, fail);
    });
}
/** Keeps the value (normalised) unless the spec refuses it; `where` names its place in the input. */
function acceptValue(spec, entries, key, value, where, fail) {
    const problem = spec.checkValue?.(value, key);
    if (problem) {
        const shown = spec.secret ? '' : `${quote(value)} `;
        fail(spec.input, `\`${spec.input}\` ${where}: the value ${shown}must be ${problem}`);
        return;
    }
    entries.set(key, spec.normalise ? spec.normalise(value) : value);
}
/** `null`, `an array`, `an object`, `a number`… for a JSON value that is not a string. */
function jsonKind(value) {
    if (value === null)
        return 'null';
    if (Array.isArray(value))
        return 'an array';
    return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
/** Where a JSON parse failed, without the excerpt of the text that Node's message may quote. */
function jsonPosition(error) {
    const text = errorText(error);
    const lineCol = /line (\d+) column (\d+)/.exec(text);
    if (lineCol)
        return ` (line ${lineCol[1]}, column ${lineCol[2]})`;
    const position = /position (\d+)/.exec(text);
    if (position)
        return ` (at character ${position[1]})`;
    return '';
}

;// CONCATENATED MODULE: ./src/settings/masking.ts
/**
 * What to mask, and when: a value is masked with each of its lines, and the
 * `secrets` input is masked whole before it is parsed, so that not even a
 * malformed secret can reach the log.
 */


/**
 * Masks every value the `secrets` input could hold, before it is validated,
 * so that even a malformed input leaves nothing readable. The form is told
 * apart as `parsePairs` does it: a JSON object when it starts with `{`.
 */
function masking_maskSecretsInput(raw, mask) {
    const trimmed = raw.trim();
    if (trimmed === '')
        return;
    if (trimmed.startsWith('{'))
        maskJsonSecrets(trimmed, mask);
    else
        maskSecretLines(raw, mask);
}
/** Every leaf value and every key that is not a valid name; every line when it is not valid JSON. */
function maskJsonSecrets(json, mask) {
    let parsed;
    try {
        parsed = JSON.parse(json);
    }
    catch {
        for (const line of json.split(/\r\n|\r|\n/))
            mask(line);
        return;
    }
    const visit = (value) => {
        if (typeof value === 'string')
            mask(value);
        else if (typeof value === 'number' || typeof value === 'boolean')
            mask(String(value));
        else if (value !== null && typeof value === 'object') {
            for (const [key, inner] of Object.entries(value)) {
                if (!KEY_PATTERN.test(key))
                    mask(key);
                visit(inner);
            }
        }
    };
    visit(parsed);
}
/** Each value of a `KEY=value` line, or the whole line when it is not one. */
function maskSecretLines(raw, mask) {
    for (const rawLine of raw.split(/\r\n|\r|\n/)) {
        const line = rawLine.trim();
        const comment = line.startsWith('#');
        const body = comment ? line.replace(/^#\s*/, '') : line;
        const eq = body.indexOf('=');
        // A commented-out `KEY=value` line may still hold a secret; other comments are prose.
        if (eq > 0 && KEY_PATTERN.test(body.slice(0, eq).trim()))
            mask(body.slice(eq + 1));
        else if (!comment)
            mask(body);
    }
}
/**
 * The value, and each of its lines (trimmed too) when it has several and the
 * line is long and specific enough to be a secret on its own (a `{` or
 * `"ok": true,` line masked would garble every log line that has one);
 * blanks skipped.
 */
function maskCandidates(value) {
    const out = [];
    const add = (v) => {
        if (v.trim() !== '' && !out.includes(v))
            out.push(v);
    };
    add(value);
    add(value.trim());
    const lines = value.split(/\r\n|\r|\n/);
    if (lines.length > 1) {
        for (const line of lines) {
            if (!isSpecificLine(line.trim()))
                continue;
            add(line);
            add(line.trim());
        }
    }
    return out;
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
;// CONCATENATED MODULE: ./src/github/context.ts
/**
 * The workflow's context as the agent sees it (`github-context: true`), and
 * the facts about the triggering event that the PR comment needs. Pure apart
 * from {@link readEventPayload}: everything takes `env` and the event payload
 * so tests pass plain objects.
 */




/** The value at `path` in an event payload, or undefined where the path leaves the objects. */
function context_field(value, ...path) {
    let current = value;
    for (const key of path) {
        if (!isObject(current))
            return undefined;
        current = current[key];
    }
    return current;
}
/** A non-empty string, else null. */
function context_text(value) {
    return typeof value === 'string' && value !== '' ? value : null;
}
/**
 * The triggering event's payload, read from `GITHUB_EVENT_PATH`; `{}` when
 * the variable is unset or the file is missing or not a JSON object (a local
 * run), with a debug line saying why.
 */
function readEventPayload(env = process.env) {
    const path = env['GITHUB_EVENT_PATH'];
    if (!path)
        return {};
    try {
        const parsed = JSON.parse(readFileSync(path, 'utf8'));
        if (isObject(parsed))
            return parsed;
        core.debug(`The event payload in ${path} is not a JSON object; ignoring it`);
    }
    catch (error) {
        core.debug(`Could not read the event payload from ${path}: ${typeof error === 'object' && error !== null && 'message' in error ? String(error.message) : String(error)}`);
    }
    return {};
}
/**
 * The pull request number of the triggering event: `pull_request`,
 * `pull_request_target`, `pull_request_review(_comment)` (from
 * `pull_request.number`) and `issue_comment` on a pull request (from
 * `issue.number` when `issue.pull_request` is present). Null otherwise.
 */
function pullRequestNumber(payload) {
    const pr = context_field(payload, 'pull_request', 'number');
    if (typeof pr === 'number' && Number.isInteger(pr) && pr > 0)
        return pr;
    const issue = context_field(payload, 'issue');
    if (isObject(issue) && isObject(issue['pull_request'])) {
        const n = issue['number'];
        if (typeof n === 'number' && Number.isInteger(n) && n > 0)
            return n;
    }
    return null;
}
/**
 * The issue of an `issues` or `issue_comment` event that is not about a pull
 * request (`issue.number`); null otherwise (see {@link pullRequestNumber}).
 */
function issueNumber(payload) {
    const issue = context_field(payload, 'issue');
    if (!isObject(issue) || isObject(issue['pull_request']))
        return null;
    const n = issue['number'];
    return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : null;
}
/**
 * The link to this workflow run: `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}`,
 * plus `/attempts/N` for a re-run attempt (N > 1). Null when the repository or
 * run id is unknown.
 */
function workflowRunUrl(env) {
    const repository = env['GITHUB_REPOSITORY'];
    const runId = env['GITHUB_RUN_ID'];
    if (!repository || !runId)
        return null;
    const server = (env['GITHUB_SERVER_URL'] || 'https://github.com').replace(/\/+$/, '');
    const attempt = Number(env['GITHUB_RUN_ATTEMPT'] ?? '1');
    const suffix = Number.isInteger(attempt) && attempt > 1 ? `/attempts/${attempt}` : '';
    return `${server}/${repository}/actions/runs/${runId}${suffix}`;
}
/**
 * The workflow's context as `GITHUB_*` variables for the agent: repository,
 * ref, sha, event name, actor and run URL; on a pull request also its number,
 * `GITHUB_HEAD_REF`, `GITHUB_BASE_REF` and `GITHUB_HEAD_SHA` (on pull-request
 * events `GITHUB_SHA` is the test merge commit, not the branch's head).
 * Only values that are known and non-empty are included.
 */
function githubContextVariables(env, eventPayload) {
    const out = {};
    const set = (key, value) => {
        const v = context_text(value);
        if (v !== null)
            out[key] = v;
    };
    set('GITHUB_REPOSITORY', env['GITHUB_REPOSITORY']);
    set('GITHUB_REF', env['GITHUB_REF']);
    set('GITHUB_SHA', env['GITHUB_SHA']);
    set('GITHUB_EVENT_NAME', env['GITHUB_EVENT_NAME']);
    set('GITHUB_ACTOR', env['GITHUB_ACTOR']);
    set('GITHUB_RUN_URL', workflowRunUrl(env));
    const pr = pullRequestNumber(eventPayload);
    if (pr !== null) {
        out['GITHUB_PR_NUMBER'] = String(pr);
        set('GITHUB_HEAD_REF', context_text(env['GITHUB_HEAD_REF']) ?? context_field(eventPayload, 'pull_request', 'head', 'ref'));
        set('GITHUB_BASE_REF', context_text(env['GITHUB_BASE_REF']) ?? context_field(eventPayload, 'pull_request', 'base', 'ref'));
        set('GITHUB_HEAD_SHA', context_field(eventPayload, 'pull_request', 'head', 'sha'));
    }
    return out;
}
/** The lines that open and close {@link githubContextBlock}. */
const CONTEXT_BLOCK_START = '--- GitHub context ---';
const CONTEXT_BLOCK_END = '--- end of GitHub context ---';
/** A workflow value as one short line: it must not break the block's structure. */
function contextValue(value) {
    const v = context_text(value);
    if (v === null)
        return null;
    const flat = flattenLine(v);
    return flat === '' ? null : cutChars(flat, 200);
}
/**
 * The workflow's context as a short, delimited block for the top of a
 * platform prompt (the platform has no run variables): repository, event,
 * ref, SHA, the pull request (with its head) or the issue, and the run URL,
 * one `Label: value` line each, between {@link CONTEXT_BLOCK_START} and
 * {@link CONTEXT_BLOCK_END}. The values come from the workflow but are
 * treated as text: each is one line of at most 200 characters without
 * control characters, so none can end the block early or add lines to it.
 * Unknown values are left out; '' when nothing is known.
 */
function githubContextBlock(env, eventPayload) {
    const lines = [];
    const add = (label, value) => {
        const v = contextValue(value);
        if (v !== null)
            lines.push(`${label}: ${v}`);
    };
    add('Repository', env['GITHUB_REPOSITORY']);
    add('Event', env['GITHUB_EVENT_NAME']);
    add('Ref', env['GITHUB_REF']);
    add('SHA', env['GITHUB_SHA']);
    const pr = pullRequestNumber(eventPayload);
    const issue = issueNumber(eventPayload);
    if (pr !== null) {
        add('Pull request', `#${pr}`);
        add('Head', context_text(env['GITHUB_HEAD_REF']) ?? context_field(eventPayload, 'pull_request', 'head', 'ref'));
        add('Head SHA', context_field(eventPayload, 'pull_request', 'head', 'sha'));
        add('Base', context_text(env['GITHUB_BASE_REF']) ?? context_field(eventPayload, 'pull_request', 'base', 'ref'));
    }
    else if (issue !== null) {
        add('Issue', `#${issue}`);
    }
    add('Workflow run', workflowRunUrl(env));
    if (lines.length === 0)
        return '';
    return [CONTEXT_BLOCK_START, ...lines, CONTEXT_BLOCK_END].join('\n');
}
/**
 * The agent's variables: the workflow context plus the user's `variables`,
 * where the user's value wins on a clash. Clashes are reported in one info
 * line (names only: values are not shown).
 */
function mergeVariables(context, user, log = core.info) {
    const clashes = Object.keys(user).filter(key => Object.hasOwn(context, key));
    if (clashes.length > 0) {
        log(`\`variables\` sets ${clashes.join(', ')}, which \`github-context\` also sets; the value from \`variables\` is used`);
    }
    return { ...context, ...user };
}

;// CONCATENATED MODULE: ./src/github/actor.ts
/**
 * Who may start a paid run. On events a person triggers (a comment, an issue,
 * a review, a discussion, a pull request from a fork) anyone who can write a
 * comment could otherwise spend the workflow owner's VM0 credits and steer
 * the agent. So before the action sends anything to VM0 it checks the
 * person behind the event (docs/actor-check.md):
 *
 * 1. `allowed-actors` names them (or is `*`): allowed.
 * 2. The repository permission API says admin, maintain or write: allowed;
 *    any other answer (read, triage, none): refused.
 * 3. The token cannot read that permission (no token, 401/403/404, the API
 *    unreachable): the event's own `author_association` of the person decides,
 *    OWNER, MEMBER or COLLABORATOR allowed, anything else refused.
 *
 * Events no outsider can trigger (push, schedule, workflow_dispatch, which
 * already needs write access) are not checked. A pull request is, from a fork
 * or from a branch of the repository (anyone who can read it may open one
 * between two of its branches; a triage user may label one).
 */

/** `allowed-actors: '*'`: everyone may start a run. */
const actor_EVERYONE = '*';
/** A GitHub login (letters, digits, single hyphens, at most 39) with an optional `[bot]` suffix. */
const LOGIN = /^[a-z\d](?:[a-z\d]|-(?=[a-z\d])){0,38}(?:\[bot\])?$/i;
/** Whether `value` has the form of a GitHub login (a user, or an app's `name[bot]`). */
function actor_isLogin(value) {
    return LOGIN.test(value);
}
/**
 * The events a person outside the repository's writers can trigger, and
 * where the payload holds the `author_association` of that person (null:
 * nowhere, so only the permission API can allow them). Starring (`watch`),
 * forking and wiki edits (`gollum`) are open to anyone on a public repository.
 */
const PERSON_EVENTS = {
    issue_comment: 'comment',
    issues: 'issue',
    pull_request_review: 'review',
    pull_request_review_comment: 'comment',
    discussion: 'discussion',
    discussion_comment: 'comment',
    pull_request: 'pull_request',
    pull_request_target: 'pull_request',
    watch: null,
    fork: null,
    gollum: null
};
/** Permissions (`permission` or `role_name` of the API) that may start a run by default. */
const WRITERS = new Set(['admin', 'maintain', 'write']);
/** `author_association` values trusted when the permission cannot be read. */
const TRUSTED_ASSOCIATIONS = (/* unused pure expression or super */ null && (['OWNER', 'MEMBER', 'COLLABORATOR']));
/** Why the event needs no check, or null when it needs one. */
function noCheckNeeded(eventName) {
    if (!Object.hasOwn(PERSON_EVENTS, eventName)) {
        return eventName === ''
            ? 'no event (a local run)'
            : `a \`${eventName}\` event, which only the repository's writers can trigger`;
    }
    // A pull request from a branch of the repository is checked too: anyone who can read a public
    // repository may open one between two of its branches, and a triage user may label one.
    return null;
}
/**
 * The person behind the event: the payload's `sender` (who commented,
 * opened, reviewed), else `GITHUB_ACTOR`. Null when neither is a login.
 */
function eventActor(env, payload) {
    const login = text(field(payload, 'sender', 'login')) ?? text(env['GITHUB_ACTOR']);
    return login !== null && actor_isLogin(login) ? login : null;
}
/**
 * The `author_association` of `actor` in the event: that of the comment,
 * issue, review, discussion or pull request the event is about, only when
 * `actor` wrote it (on `issues: labeled` the labeler is not the author).
 */
function associationOf(eventName, payload, actor) {
    const key = PERSON_EVENTS[eventName];
    if (key === undefined || key === null)
        return null;
    const subject = field(payload, key);
    const author = text(field(subject, 'user', 'login'));
    if (author === null || author.toLowerCase() !== actor.toLowerCase())
        return null;
    return text(field(subject, 'author_association'));
}
/** Checks the person behind the event; never throws. */
async function checkActor(input) {
    const { env, payload } = input;
    const eventName = env['GITHUB_EVENT_NAME'] ?? '';
    const skip = noCheckNeeded(eventName);
    if (skip !== null)
        return { kind: 'not-checked', why: skip };
    const actor = eventActor(env, payload);
    if (actor === null) {
        return {
            kind: 'refused',
            actor: null,
            message: `No run was started: the \`${eventName}\` event names no user (no \`sender.login\` in ` +
                'the event, no `GITHUB_ACTOR`), so the action cannot tell whether they may start a paid ' +
                "run. Set `allowed-actors: '*'` only if anyone may start one."
        };
    }
    const allowed = input.allowedActors.map(a => a.toLowerCase());
    if (allowed.includes(actor_EVERYONE))
        return { kind: 'allowed', actor, why: "`allowed-actors: '*'`" };
    if (allowed.includes(actor.toLowerCase())) {
        return { kind: 'allowed', actor, why: '`allowed-actors` names them' };
    }
    return checkPermission(input, eventName, actor);
}
/** Steps 2 and 3 of the check: the permission API, else the event's association. */
async function checkPermission(input, eventName, actor) {
    const repository = input.env['GITHUB_REPOSITORY'] ?? '';
    const answer = await readPermissionOf(input.readPermission, repository, actor);
    if (answer.kind === 'read') {
        const level = [answer.permission, answer.roleName ?? ''].find(p => WRITERS.has(p));
        if (level !== undefined)
            return { kind: 'allowed', actor, why: `they have \`${level}\` access` };
        const shown = answer.roleName ?? answer.permission;
        return refused(actor, eventName, `they have \`${shown}\` access to ${repository}`);
    }
    const association = associationOf(eventName, input.payload, actor);
    const unread = `their permission could not be read (${answer.reason})`;
    if (association !== null && TRUSTED_ASSOCIATIONS.includes(association)) {
        return {
            kind: 'allowed',
            actor,
            why: `${unread}, and the event says they are \`${association}\``
        };
    }
    const said = association === null
        ? 'the event gives no `author_association` of theirs'
        : `the event says they are \`${association}\``;
    return refused(actor, eventName, `${unread} and ${said}, while only ${TRUSTED_ASSOCIATIONS.join(', ')} pass without it ` +
        '(give `github-token` read access to the repository to check the permission itself)');
}
async function readPermissionOf(read, repository, actor) {
    if (read === null)
        return { kind: 'unreadable', reason: '`github-token` is empty' };
    const [owner = '', repo = ''] = repository.split('/');
    if (owner === '' || repo === '') {
        return { kind: 'unreadable', reason: 'GITHUB_REPOSITORY is not set' };
    }
    return read(owner, repo, actor);
}
function refused(actor, eventName, reason) {
    const bot = /\[bot\]$/i.test(actor);
    return {
        kind: 'refused',
        actor,
        message: `No run was started: \`${actor}\` triggered this \`${eventName}\` event, and by default ` +
            `only users with write access to the repository may start a paid VM0 run; ${reason}. ` +
            `To let ${bot ? 'this bot' : 'them'} start runs, add \`${actor}\` to \`allowed-actors\` ` +
            "(`allowed-actors: '*'` lets anyone who can trigger the workflow spend your VM0 credits " +
            'and steer the agent).'
    };
}
/** Longest the permission read may take: a hanging API must not hold the step. */
const PERMISSION_READ_MS = 10_000;
/** Why a failed read failed, from the error's HTTP status (never its text: it may quote a URL). */
function unreadableReason(error) {
    // Octokit reports a connection that failed as a 500 without a response.
    const answered = typeof error === 'object' && error !== null && 'response' in error && error.response != null;
    const status = answered && 'status' in error ? Number(error.status) : NaN;
    switch (status) {
        case 401:
            return 'GitHub refused `github-token` (401)';
        case 403:
            return '`github-token` may not read it (403)';
        case 404:
            return '`github-token` cannot see the repository or the user (404)';
        default:
            return Number.isFinite(status)
                ? `the GitHub API answered ${status}`
                : 'the GitHub API could not be reached';
    }
}
/**
 * The permission read through `@actions/github` (the runner's proxy settings
 * apply) at `GITHUB_API_URL`, bounded by {@link PERMISSION_READ_MS} and the
 * workflow's cancellation. Loaded only when an event needs the check.
 */
function githubPermissionReader(token, env, signal) {
    return async (owner, repo, username) => {
        try {
            const { getOctokit } = await __webpack_require__.e(/* import() */ 413).then(__webpack_require__.bind(__webpack_require__, 2413));
            const octokit = getOctokit(token, {
                baseUrl: (env['GITHUB_API_URL'] || 'https://api.github.com').replace(/\/+$/, '')
            });
            const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({
                owner,
                repo,
                username,
                request: { signal: AbortSignal.any([signal, AbortSignal.timeout(PERMISSION_READ_MS)]) }
            });
            return {
                kind: 'read',
                permission: String(data.permission),
                roleName: typeof data.role_name === 'string' ? data.role_name : null
            };
        }
        catch (error) {
            return { kind: 'unreadable', reason: unreadableReason(error) };
        }
    };
}

;// CONCATENATED MODULE: ./src/settings/prompt.ts
/**
 * The prompt of a run to start: given inline or read from a file, with the
 * OS's reason when the file cannot be read.
 */





/**
 * The prompt of a run to start, from `prompt` or else `prompt-file`
 * (resolved against the workspace, and inside it once symbolic links are
 * resolved), trimmed; exactly one of them, not empty.
 */
function prompt_readPrompt(prompt, promptFile, workspace, files, fail) {
    if (prompt !== '' && promptFile !== '') {
        fail(Inputs.Prompt, `Give the prompt in \`${Inputs.Prompt}\` or in \`${Inputs.PromptFile}\`, not both (\`${Inputs.PromptFile}\` is ${quote(promptFile)})`);
        return { text: prompt, file: null };
    }
    if (prompt !== '')
        return { text: prompt, file: null };
    if (promptFile === '') {
        fail(Inputs.Prompt, `A prompt is required: set \`${Inputs.Prompt}\` (the text) or \`${Inputs.PromptFile}\` (a file holding it), or set \`${Inputs.RunId}\` to follow a run that already exists`);
        return { text: '', file: null };
    }
    const file = nodePath.resolve(workspace, promptFile);
    const real = insideWorkspace(promptFile, file, workspace, files.realpath, fail);
    if (real === null)
        return { text: '', file };
    let content;
    try {
        content = files.readFile(real);
    }
    catch (error) {
        fail(Inputs.PromptFile, `\`${Inputs.PromptFile}\` ${quote(promptFile)} could not be read from ${file}: ${osReason(error)}`);
        return { text: '', file };
    }
    const text = content.trim();
    if (text === '') {
        fail(Inputs.PromptFile, `\`${Inputs.PromptFile}\` ${file} is empty; the prompt must not be empty`);
    }
    return { text, file };
}
/**
 * The real path of the prompt file when it lies inside the workspace, both
 * as written and once symbolic links are resolved; null (with the problem
 * recorded) otherwise. The file goes to the service as the prompt, so a path
 * such as /proc/self/environ (which holds the inputs, tokens included) must
 * never be read.
 */
function insideWorkspace(given, file, workspace, realpath, fail) {
    const outside = (where) => {
        fail(Inputs.PromptFile, `\`${Inputs.PromptFile}\` must be a file inside the workspace ${workspace}; ${quote(given)} ${where}`);
        return null;
    };
    const root = nodePath.resolve(workspace);
    if (!within(root, file))
        return outside(`is ${file}`);
    let real;
    try {
        real = realpath(file);
    }
    catch (error) {
        fail(Inputs.PromptFile, `\`${Inputs.PromptFile}\` ${quote(given)} could not be read from ${file}: ${osReason(error)}`);
        return null;
    }
    let realRoot = root;
    try {
        realRoot = realpath(root);
    }
    catch {
        // A workspace that cannot be resolved is compared as written.
    }
    return within(realRoot, real) ? real : outside(`leads to ${real} through a symbolic link`);
}
/** Whether `path` is `root` or below it (both absolute and normalised). */
function within(root, path) {
    const rel = nodePath.relative(root, path);
    return (rel === '' ||
        (rel !== '..' && !rel.startsWith(`..${nodePath.sep}`) && !nodePath.isAbsolute(rel)));
}
/** `ENOENT: no such file or directory`, without the path Node appends (the message names it already). */
function osReason(error) {
    const message = errorText(error).replace(/, \w+ '.*'$/s, '');
    const code = isObject(error) && typeof error['code'] === 'string' ? error['code'] : null;
    return code && !message.includes(code) ? `${code}: ${message}` : message;
}

;// CONCATENATED MODULE: ./src/settings/sizes.ts

const sizes_UNITS = {
    '': 1,
    b: 1,
    kb: 1e3,
    mb: 1e6,
    gb: 1e9,
    tb: 1e12,
    kib: 1024,
    mib: 1024 ** 2,
    gib: 1024 ** 3,
    tib: 1024 ** 4
};
/** The accepted form, as messages spell it. */
const SIZE_FORM = 'a size such as 2GiB, 500MiB or 1073741824 (bytes; units B, KiB, MiB, GiB, TiB, KB, MB, GB, TB)';
/** The size in bytes, or null when `value` is not one of the forms above. */
function parseSize(value) {
    const match = /^(\d{1,15}(?:\.\d{1,6})?)\s*([a-z]{0,3})$/i.exec(value.trim());
    if (match === null)
        return null;
    const unit = sizes_UNITS[(match[2] ?? '').toLowerCase()];
    if (unit === undefined)
        return null;
    return Math.floor(Number(match[1]) * unit);
}
/** A size input in bytes, from `min` to `max`; null when empty or invalid (the default then applies). */
function sizes_readSize(name, value, range, fail) {
    if (value === '')
        return null;
    const bytes = parseSize(value);
    if (bytes === null) {
        fail(name, `\`${name}\` must be ${SIZE_FORM}; got ${quote(value)}`);
        return null;
    }
    if (bytes < range.min || bytes > range.max) {
        fail(name, `\`${name}\` must be from ${range.minText} to ${range.maxText} (${SIZE_FORM}); got ${quote(value)}`);
        return null;
    }
    return bytes;
}

;// CONCATENATED MODULE: ./src/settings/reader.ts
/**
 * Reading raw inputs into typed values: the defaults for the side effects,
 * masking, and the problem list every reader appends to.
 */







const BOOLEAN_FORMS = 'true, false, yes, no, 1 or 0';
/** `true/false/yes/no/1/0`, any case; null for anything else. */
function parseBoolean(value) {
    switch (value.trim().toLowerCase()) {
        case 'true':
        case 'yes':
        case '1':
            return true;
        case 'false':
        case 'no':
        case '0':
            return false;
        default:
            return null;
    }
}
/**
 * One pass over the inputs: each typed read records a problem and returns
 * the fallback instead of throwing, and {@link InputReader.finish} throws
 * them all together. Everything masked is also cut out of every message.
 */
class reader_InputReader {
    env;
    readFile;
    realpath;
    workspace;
    problems = [];
    getInput;
    setSecret;
    masked = new Set();
    constructor(deps) {
        this.getInput =
            deps.getInput ?? ((name) => lib_core/* getInput */.V4(name, { trimWhitespace: false }));
        this.env = deps.env ?? process.env;
        this.readFile = deps.readFile ?? ((p) => external_node_fs_.readFileSync(p, 'utf8'));
        this.realpath = deps.realpath ?? ((p) => external_node_fs_.realpathSync(p));
        this.setSecret = deps.setSecret ?? lib_core/* setSecret */.Pq;
        this.workspace = deps.workspace ?? (this.env['GITHUB_WORKSPACE'] || process.cwd());
    }
    /** Records a problem; belt and braces, a secret pasted into the wrong input is redacted from it. */
    fail = (input, message) => {
        this.problems.push(new InputError(input, createRedactor(this.masked)(message)));
    };
    /**
     * Masks the value and its lines, once each, with the forms the runner
     * would miss (base64 at any offset, JSON-escaped, URL-encoded), and
     * registers it with the log printer's redactor.
     */
    mask = (value) => {
        registerSecrets([value]);
        for (const candidate of maskCandidates(value)) {
            for (const form of [candidate, ...secretForms(candidate)]) {
                if (this.masked.has(form))
                    continue;
                this.masked.add(form);
                this.setSecret(form);
            }
        }
    };
    /** The input as given, untrimmed; '' when absent. */
    raw = (name) => this.getInput(name);
    /** The input, surrounding whitespace trimmed. */
    text(name) {
        return this.getInput(name).trim();
    }
    /** The trimmed input, or null when empty. */
    optional(name) {
        return this.text(name) || null;
    }
    bool(name, fallback) {
        const value = this.text(name);
        if (value === '')
            return fallback;
        const parsed = parseBoolean(value);
        if (parsed === null) {
            this.fail(name, `\`${name}\` must be ${BOOLEAN_FORMS} (any case); got ${quote_quote(value)}`);
            return fallback;
        }
        return parsed;
    }
    /** One of `choices`, any case. */
    oneOf(name, choices, fallback) {
        const value = this.text(name);
        if (value === '')
            return fallback;
        const lower = value.toLowerCase();
        const found = choices.find(c => c === lower);
        if (found === undefined) {
            this.fail(name, `\`${name}\` must be ${listOf(choices, 'or')}; got ${quote_quote(value)}`);
            return fallback;
        }
        return found;
    }
    /** A whole number from `min` to `max`; null when empty or invalid. `emptyMeaning` is named in the message. */
    integer(name, min, max, emptyMeaning) {
        const value = this.text(name);
        if (value === '')
            return null;
        const n = /^\d+$/.test(value) ? Number(value) : NaN;
        if (!(n >= min && n <= max)) {
            this.fail(name, `\`${name}\` must be a whole number from ${min} to ${max}${emptyMeaning ? `, or ${emptyMeaning}` : ''}; got ${quote_quote(value)}`);
            return null;
        }
        return n;
    }
    /** Throws what was recorded: the problem itself when there is one, {@link InputErrors} for several. */
    finish() {
        const [only] = this.problems;
        if (only && this.problems.length === 1)
            throw only;
        if (this.problems.length > 1)
            throw new InputErrors(this.problems);
    }
}

;// CONCATENATED MODULE: ./src/settings/inputs.ts
/**
 * Every input the action reads, read once, validated, and returned as one
 * typed {@link Settings}. Nothing else in the action calls `core.getInput`.
 *
 * Order matters for secrecy: the token, the GitHub token and every `secrets`
 * value are masked before any other input is read, and no message built here
 * ever holds one of them. Order also fixes the order of the problems listed
 * when several inputs are wrong.
 */













/**
 * Reads only `vm0-token`, `api` and `api-url` (masking the token), for the
 * post step: it must not fail on inputs it does not use. Resolves the
 * backend and the API URL as {@link getSettings} does. Throws the first
 * `InputError` found.
 */
function getConnection(deps = {}) {
    const reader = new reader_InputReader(deps);
    const token = checks_readToken(reader.raw, reader.env, reader.mask, reader.fail);
    const { api, apiUrl } = readBackend(reader, token);
    const first = reader.problems[0];
    if (first)
        throw first;
    return { api, token, apiUrl };
}
/**
 * Reads and validates every input, masking secrets as they are read. Throws
 * an `InputError` (an `InputErrors` when several inputs are wrong)
 * whose message names each input, the value received (never for the token or
 * a secret) and the accepted form. Has no other effect than `setSecret`.
 */
function getSettings(deps = {}) {
    const reader = new InputReader(deps);
    const secret = readSecretsFirst(reader);
    const backend = readBackend(reader, secret.token);
    const run = readRun(reader, backend, secret.secretsRaw);
    const following = readFollowing(reader);
    const output = readOutput(reader, backend.api);
    const report = readReport(reader, secret.githubToken);
    const allowedActors = readAllowedActors(reader);
    reader.finish();
    return {
        api: backend.api,
        token: secret.token,
        apiUrl: backend.apiUrl,
        ...run,
        ...following,
        ...output,
        ...report,
        allowedActors
    };
}
/** `api` resolved against the token, then `api-url` with that backend's default. */
function readBackend(reader, token) {
    // A token already refused says enough: `api: auto` does not add that it cannot read it.
    const refused = reader.problems.some(p => p.input === names_Inputs.Vm0Token);
    const backend = readApi(reader.text(names_Inputs.Api), refused ? '' : token, reader.fail);
    const fallback = DEFAULT_API_URLS[backend.api];
    const apiUrl = readApiUrl(reader.text(names_Inputs.ApiUrl), reader.env, fallback, reader.fail);
    return { ...backend, apiUrl };
}
/** The token, the GitHub token and the `secrets` input, each masked before the next input is read. */
function readSecretsFirst(reader) {
    const token = readToken(reader.raw, reader.env, reader.mask, reader.fail);
    const githubToken = reader.text(Inputs.GithubToken) || null;
    if (githubToken !== null)
        reader.mask(githubToken);
    const secretsRaw = reader.raw(Inputs.Secrets);
    maskSecretsInput(secretsRaw, reader.mask);
    return { token, githubToken, secretsRaw };
}
/** Reads the inputs that say what to run, in the order their problems are listed. */
function readRunInputs(reader, secretsRaw) {
    return {
        runId: reader.optional(Inputs.RunId),
        prompt: reader.text(Inputs.Prompt),
        promptFile: reader.text(Inputs.PromptFile),
        agent: reader.optional(Inputs.Agent),
        agentId: reader.optional(Inputs.AgentId),
        agentVersion: reader.optional(Inputs.AgentVersion),
        sessionId: reader.optional(Inputs.SessionId),
        checkpointId: reader.optional(Inputs.CheckpointId),
        threadId: reader.optional(Inputs.ThreadId),
        model: reader.optional(Inputs.Model),
        variablesRaw: reader.raw(Inputs.Variables),
        secretsRaw,
        volumesRaw: reader.raw(Inputs.Volumes),
        artifactName: reader.optional(Inputs.ArtifactName),
        artifactVersion: reader.text(Inputs.ArtifactVersion),
        collect: reader.text(Inputs.Collect),
        githubContext: reader.bool(Inputs.GithubContext, Defaults.githubContext)
    };
}
/** Which of the inputs a backend may refuse were given (not empty). */
function givenFlags(given) {
    return {
        [Inputs.AgentVersion]: given.agentVersion !== null,
        [Inputs.SessionId]: given.sessionId !== null,
        [Inputs.CheckpointId]: given.checkpointId !== null,
        [Inputs.ThreadId]: given.threadId !== null,
        [Inputs.Model]: given.model !== null,
        [Inputs.Variables]: given.variablesRaw.trim() !== '',
        [Inputs.Secrets]: given.secretsRaw.trim() !== '',
        [Inputs.Volumes]: given.volumesRaw.trim() !== '',
        [Inputs.ArtifactName]: given.artifactName !== null,
        [Inputs.ArtifactVersion]: given.artifactVersion !== '',
        [Inputs.Collect]: given.collect !== ''
    };
}
/**
 * What to run: a run to start, or (with `run-id`) an existing run to attach
 * to. Inputs the backend cannot carry are refused first, and no other rule
 * reports them again.
 */
function readRun(reader, backend, secretsRaw) {
    const given = readRunInputs(reader, secretsRaw);
    const refused = refuseForBackend(backend, givenFlags(given), reader.fail);
    const { fail } = reader;
    const kept = (name) => !refused.has(name);
    const pairs = (name, raw, spec) => kept(name) ? parsePairs(raw, spec, fail) : {};
    const variables = pairs(Inputs.Variables, given.variablesRaw, VARIABLES_SPEC);
    const secrets = pairs(Inputs.Secrets, given.secretsRaw, SECRETS_SPEC);
    const volumes = pairs(Inputs.Volumes, given.volumesRaw, VOLUMES_SPEC);
    const artifactVersion = kept(Inputs.ArtifactVersion)
        ? readArtifactVersion(given.artifactVersion, fail)
        : null;
    const collect = kept(Inputs.Collect) ? readCollect(given.collect, fail) : { kind: 'run' };
    const prompt = given.runId === null
        ? readStart(reader, backend.api, given, refused)
        : checkAttach(reader, given.runId, given, refused);
    const { runId, agent, agentId, agentVersion, sessionId, checkpointId, threadId, model } = given;
    const { artifactName, githubContext } = given;
    return {
        ...{ runId, ...prompt, agent, agentId, agentVersion, sessionId, checkpointId, threadId, model },
        ...{ variables, secrets, volumes, artifactName, artifactVersion, collect, githubContext }
    };
}
/** Starting a run: a prompt and something that names the agent. */
function readStart(reader, api, given, refused) {
    const { text, file } = readPrompt(given.prompt, given.promptFile, reader.workspace, { readFile: reader.readFile, realpath: reader.realpath }, reader.fail);
    checkStartValues(reader, given, refused);
    const { agent, agentId } = given;
    if (agent !== null && agentId !== null) {
        // The service would run the id's agent while the report named the other.
        reader.fail(Inputs.AgentId, `\`${Inputs.Agent}\` and \`${Inputs.AgentId}\` both name the agent to run; give one of them (got ${quote(agent)} and ${quote(agentId)})`);
    }
    if (api === 'platform')
        checkPlatformTarget(reader, given);
    else
        checkV1Target(reader, given);
    return { prompt: text, promptFile: file };
}
/** Each input that names what to run is one printable line; ids are UUIDs. Refused inputs are not checked again. */
function checkStartValues(reader, given, refused) {
    for (const [name, value] of [
        [Inputs.Agent, given.agent],
        [Inputs.AgentId, given.agentId],
        [Inputs.AgentVersion, given.agentVersion],
        [Inputs.SessionId, given.sessionId],
        [Inputs.CheckpointId, given.checkpointId],
        [Inputs.ThreadId, given.threadId],
        [Inputs.Model, given.model]
    ]) {
        if (!refused.has(name))
            checkNoControls(name, value, reader.fail);
    }
    for (const [name, what, value] of [
        [Inputs.AgentId, 'agent', given.agentId],
        [Inputs.SessionId, 'session', given.sessionId],
        [Inputs.CheckpointId, 'checkpoint', given.checkpointId],
        [Inputs.ThreadId, 'thread', given.threadId]
    ]) {
        if (value !== null && !refused.has(name))
            checkUuid(name, what, value, reader.fail);
    }
}
/** `/v1`: an agent by name or id, a session or a checkpoint. */
function checkV1Target(reader, given) {
    const { agent, agentId, sessionId, checkpointId } = given;
    if (agent === null && agentId === null && sessionId === null && checkpointId === null) {
        reader.fail(Inputs.Agent, `Say which agent to run: \`${Inputs.Agent}\` (a name), or instead \`${Inputs.AgentId}\`, \`${Inputs.SessionId}\` (to continue a session) or \`${Inputs.CheckpointId}\` (to resume a checkpoint); or set \`${Inputs.RunId}\` to follow a run that already exists`);
    }
}
/**
 * The platform: an agent by display name or id (a new thread), or a thread
 * to continue; not both, since a thread goes on with its own agent.
 */
function checkPlatformTarget(reader, given) {
    const { agent, agentId, threadId } = given;
    const named = agent !== null ? Inputs.Agent : agentId !== null ? Inputs.AgentId : null;
    if (threadId !== null && named !== null) {
        reader.fail(Inputs.ThreadId, `\`${Inputs.ThreadId}\` continues a chat thread with the agent it already has, so \`${named}\` cannot choose another; give \`${Inputs.ThreadId}\` alone to continue the thread, or \`${named}\` alone to start a new one`);
    }
    if (threadId !== null && given.model !== null) {
        // The public thread route takes a prompt only: the thread keeps the model it has.
        reader.fail(Inputs.Model, `\`${Inputs.Model}\` chooses the model of a new thread; a message to \`${Inputs.ThreadId}\` goes on with the model the thread has, so remove \`${Inputs.Model}\` (or start a new thread with \`${Inputs.Agent}\` or \`${Inputs.AgentId}\`)`);
    }
    if (threadId === null && named === null) {
        reader.fail(Inputs.Agent, `Say which agent to run: \`${Inputs.Agent}\` (its display name), or instead \`${Inputs.AgentId}\` (its UUID) or \`${Inputs.ThreadId}\` (to continue a chat thread); or set \`${Inputs.RunId}\` to follow a run that already exists`);
    }
}
/** Attaching to a run: a valid run id, and none of the inputs that only starting uses. */
function checkAttach(reader, runId, given, refused) {
    checkRunId(runId, reader.fail);
    const startOnly = [
        [Inputs.Prompt, given.prompt !== ''],
        [Inputs.PromptFile, given.promptFile !== ''],
        [Inputs.Agent, given.agent !== null],
        [Inputs.AgentId, given.agentId !== null],
        [Inputs.AgentVersion, given.agentVersion !== null],
        [Inputs.SessionId, given.sessionId !== null],
        [Inputs.CheckpointId, given.checkpointId !== null],
        // `thread-id` is not start-only: on the platform it says where the attached run's answer
        // and published files are (a run does not name its thread).
        [Inputs.Model, given.model !== null],
        [Inputs.Variables, given.variablesRaw.trim() !== ''],
        [Inputs.Secrets, given.secretsRaw.trim() !== ''],
        [Inputs.Volumes, given.volumesRaw.trim() !== ''],
        [Inputs.ArtifactVersion, given.artifactVersion !== ''],
        [Inputs.GithubContext, given.githubContext]
    ];
    for (const [name, isGiven] of startOnly) {
        if (isGiven && !refused.has(name)) {
            reader.fail(name, `\`${name}\` cannot be used with \`${Inputs.RunId}\`: \`${Inputs.RunId}\` follows a run that already exists and starts nothing; remove one of the two`);
        }
    }
    return { prompt: '', promptFile: null };
}
/** How the run is followed and what ends the wait. */
function readFollowing(reader) {
    const { fail } = reader;
    return {
        wait: reader.bool(Inputs.Wait, Defaults.wait),
        timeoutMs: readDuration(Inputs.Timeout, reader.text(Inputs.Timeout), false, fail) ?? Defaults.timeoutMs,
        idleTimeoutMs: readDuration(Inputs.IdleTimeout, reader.text(Inputs.IdleTimeout), true, fail) ??
            Defaults.idleTimeoutMs,
        cancelOnTimeout: reader.bool(Inputs.CancelOnTimeout, Defaults.cancelOnTimeout),
        logLevel: reader.oneOf(Inputs.LogLevel, LOG_LEVELS, Defaults.logLevel),
        failOnError: reader.bool(Inputs.FailOnError, Defaults.failOnError)
    };
}
/** Where the output files go and how they are uploaded. */
function readOutput(reader, api) {
    const path = reader.text(Inputs.Path);
    const upload = reader.bool(Inputs.Upload, Defaults.upload);
    const uploadName = reader.optional(Inputs.UploadName);
    if (uploadName !== null)
        checkUploadName(uploadName, reader.fail);
    return {
        path: path === '' ? null : nodePath.resolve(reader.workspace, path),
        ...readExtractionLimits(reader),
        upload,
        uploadName,
        retentionDays: readRetentionDays(reader),
        compressionLevel: readCompressionLevel(reader.text(Inputs.CompressionLevel), reader.fail),
        ifNoFilesFound: reader.oneOf(Inputs.IfNoFilesFound, IF_NO_FILES_FOUND, Defaults.ifNoFilesFound[api]),
        includeHiddenFiles: reader.bool(Inputs.IncludeHiddenFiles, Defaults.includeHiddenFiles),
        overwrite: reader.bool(Inputs.Overwrite, Defaults.overwrite)
    };
}
/** How much the output archive may unpack to: `max-output-size` and `max-output-files`. */
function readExtractionLimits(reader) {
    const range = { min: 1024 ** 2, max: 1024 ** 4, minText: '1MiB', maxText: '1TiB' };
    return {
        maxOutputBytes: readSize(Inputs.MaxOutputSize, reader.text(Inputs.MaxOutputSize), range, reader.fail) ??
            Defaults.maxOutputBytes,
        maxOutputFiles: reader.integer(Inputs.MaxOutputFiles, 1, 10_000_000, null) ?? Defaults.maxOutputFiles
    };
}
/** The job summary and the pull-request comment. */
function readReport(reader, githubToken) {
    const summary = reader.bool(Inputs.Summary, Defaults.summary);
    const commentOnPr = reader.bool(Inputs.CommentOnPr, Defaults.commentOnPr);
    if (commentOnPr && githubToken === null) {
        reader.fail(Inputs.GithubToken, `\`${Inputs.CommentOnPr}: true\` needs \`${Inputs.GithubToken}\` (default \${{ github.token }}), but it is empty; the token needs permission to write pull-request comments`);
    }
    return { summary, commentOnPr, githubToken };
}
/**
 * `allowed-actors`: GitHub logins (a bot as `name[bot]`) separated by commas,
 * spaces or lines, or `*` alone for everyone.
 */
function readAllowedActors(reader) {
    const value = reader.text(Inputs.AllowedActors);
    const entries = value.split(/[\s,]+/).filter(entry => entry !== '');
    const wrong = entries.find(entry => entry !== EVERYONE && !isLogin(entry));
    if (wrong !== undefined) {
        reader.fail(Inputs.AllowedActors, `\`${Inputs.AllowedActors}\` must list GitHub logins (a bot as \`name[bot]\`) separated by commas, or be \`'*'\` for everyone; got ${quote(wrong)} in ${quote(value)}`);
        return [];
    }
    if (entries.includes(EVERYONE) && entries.length > 1) {
        reader.fail(Inputs.AllowedActors, `\`${Inputs.AllowedActors}: '*'\` lets everyone start runs, so it stands alone; got ${quote(value)}: remove \`*\` to allow only the logins listed, or the logins to allow everyone`);
        return [];
    }
    return entries;
}
/**
 * `retention-days` as actions/upload-artifact reads it: empty or 0 keep the
 * repository's default (null); the upper bound is the repository's setting,
 * which the artifact service applies, so none is checked here.
 */
function readRetentionDays(reader) {
    const value = reader.text(Inputs.RetentionDays);
    if (value === '')
        return null;
    if (!/^\d{1,6}$/.test(value)) {
        reader.fail(Inputs.RetentionDays, `\`${Inputs.RetentionDays}\` must be a whole number of days, or 0 or empty for the repository's default; got ${quote(value)}`);
        return null;
    }
    const days = Number(value);
    return days === 0 ? null : days;
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:timers/promises"
var promises_ = __webpack_require__(8500);
;// CONCATENATED MODULE: ./src/base/json.ts
/** A plain JSON object (not null, not an array): what parsed remote data is checked against. */
function json_isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
;// CONCATENATED MODULE: ./src/text/remote.ts
/**
 * The one way to print remote text (from the service, a proxy, an archive or
 * the agent) inside a line the action writes itself, outside any fence.
 */


/**
 * Remote text made safe for one of the action's own log lines: one line
 * (line breaks become spaces; escapes, controls and invisible characters go),
 * workflow commands broken (`##[` anywhere, `::` at the start: the runner
 * would obey either), and at most `max` characters with `…`, never cutting
 * inside a registered secret.
 */
function remoteText(value, max = 200) {
    const flat = sanitize_flattenLine(value);
    if (flat.length <= max)
        return sanitize_breakCommands(flat);
    const head = sanitize_cutChars(flat, max - 1);
    return `${sanitize_breakCommands(head.slice(0, safeCutEnd(flat, head.length)))}…`;
}

;// CONCATENATED MODULE: ./src/vm0/error-map.ts
/**
 * Turning VM0 answers and network failures into the action's typed errors,
 * with messages that say what to do and carry the request id, and never a
 * secret (the token and `secrets` values are redacted from anything the
 * service echoes; proxy pages are reduced to a short sanitized excerpt).
 */




const summaries = new WeakMap();
/** The short form of a failure for retry log lines ("503 Service Unavailable", "ECONNRESET"). */
function failureSummary(error) {
    return typeof error === 'object' && error !== null ? (summaries.get(error) ?? null) : null;
}
function withSummary(error, summary) {
    summaries.set(error, summary);
    return error;
}
/** The `x-request-id` header, as remote text (a proxy can put anything there). */
function requestIdOf(answer) {
    return answer.requestId === null ? null : remoteText(answer.requestId, 100) || null;
}
function statusText(status, given) {
    // A reason phrase comes from whatever answered (a proxy too): printed as remote text.
    const reason = given ? remoteText(given, 60) : '';
    return reason !== '' ? reason : (external_node_http_.STATUS_CODES[status] ?? 'Unknown');
}
/**
 * Reads the VM0 error envelope `{"error":{"type","code","message"}}`.
 * Returns null when the text is not JSON or not that envelope (e.g. a
 * proxy's own JSON error), which the caller treats as a transport failure.
 */
function parseEnvelope(text) {
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch {
        return null;
    }
    if (typeof parsed !== 'object' || parsed === null)
        return null;
    const error = parsed['error'];
    if (typeof error !== 'object' || error === null || Array.isArray(error))
        return null;
    const e = error;
    const s = (v) => (typeof v === 'string' && v !== '' ? v : null);
    return { type: s(e['type']), code: s(e['code']), message: s(e['message']) };
}
/**
 * The error for a non-2xx answer on a JSON route: a redirect means the URL
 * points somewhere else, anything else is mapped by {@link answerError}.
 */
function failedAnswerError(ctx, answer) {
    if (answer.status >= 300 && answer.status < 400)
        return redirectError(ctx, answer);
    return answerError(ctx, answer);
}
/** Maps a non-2xx answer to a typed error. */
function answerError(ctx, answer) {
    const body = parseEnvelope(answer.text);
    if (body === null && answer.status === 404 && isBareNotFound(answer.text) && onV1(ctx)) {
        return retiredApiError(ctx, 404, `answered 404 {"error":"Not found"}`, '404 Not found');
    }
    if (body === null)
        return foreignAnswerError(ctx, answer);
    return apiError(ctx, answer.status, body, requestIdOf(answer));
}
/** Builds the typed error for a VM0 JSON error envelope. */
function apiError(ctx, status, rawBody, requestId) {
    const body = {
        type: rawBody.type === null ? null : remoteText(rawBody.type, 60),
        code: rawBody.code === null ? null : remoteText(rawBody.code, 60),
        message: rawBody.message === null ? null : remoteText(redact(rawBody.message, ctx.secrets), 300)
    };
    const where = `${ctx.method} ${ctx.path}`;
    const tag = `${status} ${body.code ?? body.type ?? statusText(status)}`;
    const said = body.message === null ? '' : `: ${trimPeriod(body.message)}`;
    const rid = requestId ? ` Request id ${requestId}.` : '';
    const args = [status, body, requestId, ctx.method, ctx.path];
    if (status === 401 || status === 403)
        return authError(tag, said, rid, body, args);
    if (status === 404) {
        return new NotFoundError(`${body.message === null ? `Not found: ${where}` : trimPeriod(body.message)} (${tag}, ${where}).${rid}`, ...args);
    }
    if (status === 429 && body.code === 'concurrent_run_limit_exceeded') {
        return new ConcurrencyLimitError(`VM0 refused to start another run (${tag}${said}): the account already has as many active ` +
            `runs as it is allowed. Wait for the active run to finish, or cancel it.${rid}`, ...args);
    }
    if (status === 500 && (body.code === 'internal_error' || body.code === null)) {
        return new Vm0ApiError(`VM0 could not process ${where} (${tag}${said}). The service also answers this way to ` +
            `invalid requests (an empty prompt, a malformed id or parameter), so check the inputs; ` +
            `if they look right, the service is having trouble.${rid}`, ...args);
    }
    if (status >= 500) {
        return new Vm0ApiError(`VM0 failed on ${where} (${tag}${said}).${rid}`, ...args);
    }
    if (status === 400) {
        return new Vm0ApiError(`VM0 rejected ${where} (${tag}${said}).${rid}`, ...args);
    }
    return new Vm0ApiError(`VM0 answered ${where} with ${tag}${said}.${rid}`, ...args);
}
/** What to do about a refused token; VM0 tokens expire after 90 days. */
const TOKEN_ADVICE = 'Check the `vm0-token` input / VM0_TOKEN secret: VM0 tokens expire after 90 days and can be ' +
    'revoked; create a new token with the VM0 CLI or dashboard and update the secret.';
/** 401/403: quotes the service's own message (it can say more than "invalid key") and says what to do. */
function authError(tag, said, rid, body, args) {
    if (body.code === 'permission_denied' || args[0] === 403) {
        return new AuthenticationError(`VM0 refused access (${tag}${said}): the token is valid but lacks permission; ` +
            `check that the \`vm0-token\` input / VM0_TOKEN secret belongs to the right account.${rid}`, ...args);
    }
    return new AuthenticationError(`VM0 rejected the token (${tag}${said}). ${TOKEN_ADVICE}${rid}`, ...args);
}
/**
 * A non-2xx answer without the VM0 envelope: an HTML or empty page from a
 * proxy, a gateway's own JSON, or the wrong server altogether.
 */
function foreignAnswerError(ctx, answer) {
    const { status } = answer;
    const text = statusText(status, answer.statusText);
    const what = describeBody(answer);
    const quote = excerpt(answer.text, answer.contentType, ctx.secrets);
    if (!(status >= 500 || status === 408 || status === 425 || status === 429)) {
        if (what === 'an HTML page' && onV1(ctx) && isHostedHost(ctx.host)) {
            return retiredApiError(ctx, status, `answered ${status} with a web page`, `${status} HTML page`);
        }
        return withSummary(new NotVm0ApiError(`${notVm0(ctx)}: ${ctx.method} ${ctx.path} answered ${status} ${text} with ${what}` +
            `${quote === '' ? '' : ` ("${quote}")`}, not with a VM0 JSON error. ${apiUrlAdvice(ctx)}`, true, status, {}), `${status} ${text}`);
    }
    const advice = 'The VM0 service may be down, restarting or overloaded.';
    return withSummary(new TransportError(`${ctx.method} ${ctx.path}: ${ctx.host} answered ${status} ${text} with ${what} instead of ` +
        `a VM0 JSON error, so a proxy or gateway answered, not the VM0 service` +
        `${quote === '' ? '' : ` ("${quote}")`}. ${advice}` +
        (ctx.sentHint ? ` ${ctx.sentHint}` : ''), true, status, {}), `${status} ${text}`);
}
/** A 2xx answer whose body could not be used (not JSON, or not the expected shape). */
function unusableAnswerError(ctx, answer, problem) {
    const quote = excerpt(answer.text, answer.contentType, ctx.secrets);
    if (describeBody(answer) === 'an HTML page') {
        if (onV1(ctx) && isHostedHost(ctx.host)) {
            const { status } = answer;
            return retiredApiError(ctx, status, `answered ${status} with a web page`, `${status} HTML page`);
        }
        return withSummary(new NotVm0ApiError(`${notVm0(ctx)}: ${ctx.method} ${ctx.path} answered ${answer.status} with an HTML page` +
            `${quote === '' ? '' : ` ("${quote}")`}. ${apiUrlAdvice(ctx)}`, true, answer.status, {}), `${answer.status} HTML page`);
    }
    return withSummary(new TransportError(`${ctx.method} ${ctx.path}: ${ctx.host} answered ${answer.status} with ${problem}` +
        `${quote === '' ? '' : ` ("${quote}")`}. Check that the \`api-url\` input points at ` +
        `the VM0 API.${answer.requestId ? ` Request id ${requestIdOf(answer)}.` : ''}`, true, answer.status, {}), `${answer.status} unusable body`);
}
/** What to check of `api-url`, for the API the request was for (docs/platform-api.md, vm0-api.md). */
function apiUrlAdvice(ctx) {
    return onV1(ctx)
        ? 'Check that the `api-url` input points at the VM0 API (e.g. https://api.vm0.ai) and that ' +
            'the deployment serves its /v1 API.'
        : "Check that the `api-url` input points at the VM0 platform's API (leave it empty for the " +
            'hosted https://api.okou.ai).';
}
/** "`api-url` (https://…) does not look like the VM0 API" */
function notVm0(ctx) {
    return `\`api-url\` (${ctx.apiUrl ?? ctx.host}) does not look like the VM0 API`;
}
/** A redirect on a JSON route: the URL points somewhere else (e.g. a web page that wants a login). */
function redirectError(ctx, answer) {
    if (onV1(ctx) && isHostedHost(ctx.host)) {
        return retiredApiError(ctx, answer.status, `answered with a redirect (${answer.status}) to a web page`, `${answer.status} redirect`);
    }
    return withSummary(new NotVm0ApiError(`${notVm0(ctx)}: ${ctx.method} ${ctx.path} answered with a redirect (${answer.status}), ` +
        `which the VM0 API never does on this route. ${apiUrlAdvice(ctx)}`, true, answer.status, {}), `${answer.status} redirect`);
}
/**
 * The platform's answer to any path it does not serve, on any host: a 404
 * whose whole body is `{"error":"Not found"}` (no VM0 envelope).
 */
function isBareNotFound(text) {
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch {
        return false;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        return false;
    const keys = Object.keys(parsed);
    const error = parsed['error'];
    return keys.length === 1 && typeof error === 'string' && /^not found\.?$/i.test(error.trim());
}
/** A request of the `/v1` client (the platform's own client words its 404s itself). */
function onV1(ctx) {
    return ctx.path === '/v1' || ctx.path.startsWith('/v1/');
}
/** The hosted service's hosts, then and now: vm0.ai, okou.ai and their subdomains. */
function isHostedHost(host) {
    const name = host.replace(/:\d+$/, '').toLowerCase().replace(/\.$/, '');
    return ['vm0.ai', 'okou.ai'].some(domain => name === domain || name.endsWith(`.${domain}`));
}
/**
 * What the hosted service answers a `/v1` request with since it removed that
 * API: said plainly, with the way out (a personal key, and the action speaks
 * the platform), instead of advice to check an `api-url` that is right.
 */
function retiredApiError(ctx, status, what, summary) {
    return withSummary(new NotVm0ApiError(`${ctx.method} ${ctx.path} ${what}: the server at \`api-url\` (${ctx.apiUrl ?? ctx.host}) ` +
        `does not serve the \`/v1\` API. The hosted VM0 service removed \`/v1\` on 2026-03-02, ` +
        `and \`vm0_live_\` tokens no longer work there; its keys are now personal keys ` +
        `\`vm0_pat_…\`, made in the web app under Settings → API keys. Put such a key in the ` +
        `\`VM0_TOKEN\` secret and, with \`api: auto\` (the default), the action speaks today's ` +
        `platform; leave \`api-url\` empty for the hosted service. A deployment built before ` +
        `March 2026 serves \`/v1\`: if you meant one, check \`api-url\`.`, true, status, {}), summary);
}
/** The error for an `event: error` on a run's event stream; the service's text is kept to one safe line. */
function streamErrorEvent(ctx, message, code) {
    return new StreamErrorEvent(remoteText(redact(message, ctx.secrets), 300), code === null ? null : remoteText(code, 60));
}
/** Connection-phase failures: the request certainly never left this machine. */
const NOT_SENT_CODES = new Set([
    'ECONNREFUSED',
    'ENOTFOUND',
    'EAI_AGAIN',
    'UND_ERR_CONNECT_TIMEOUT'
]);
/** Failures that mean "never sent" only when they happen while connecting. */
const CONNECT_ONLY_CODES = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'ETIMEDOUT']);
function errorCode(error) {
    if (typeof error !== 'object' || error === null)
        return null;
    const code = error.code;
    return typeof code === 'string' ? code : null;
}
/**
 * True only when a network error certainly happened before any byte of the
 * request was written: refused connection, DNS failure, connect timeout.
 * Happy-eyeballs failures arrive as an AggregateError of such errors.
 */
function neverSent(error, depth = 0) {
    if (typeof error !== 'object' || error === null || depth > 5)
        return false;
    if (error instanceof AggregateError && error.errors.length > 0) {
        return error.errors.every(e => neverSent(e, depth + 1));
    }
    const code = errorCode(error);
    if (code !== null) {
        if (NOT_SENT_CODES.has(code))
            return true;
        if (CONNECT_ONLY_CODES.has(code))
            return error.syscall === 'connect';
        return false;
    }
    const cause = error.cause;
    return cause !== undefined && neverSent(cause, depth + 1);
}
function firstCode(error, depth = 0) {
    if (typeof error !== 'object' || error === null || depth > 5)
        return null;
    const code = errorCode(error);
    if (code !== null)
        return code;
    if (error instanceof AggregateError) {
        for (const e of error.errors) {
            const c = firstCode(e, depth + 1);
            if (c !== null)
                return c;
        }
    }
    return firstCode(error.cause, depth + 1);
}
/** Maps a network-level failure (no usable HTTP answer) to a TransportError keeping `cause`. */
function networkError(ctx, cause, detail) {
    const sent = !neverSent(cause);
    const code = firstCode(cause);
    const hostname = ctx.host.replace(/:\d+$/, '');
    let what;
    switch (code) {
        case 'ECONNREFUSED':
            what =
                `${ctx.host} refused the connection (ECONNREFUSED); check the \`api-url\` input` +
                    ` (${ctx.apiUrl ?? ctx.host}) and that VM0 is reachable from the runner`;
            break;
        case 'ENOTFOUND':
            what = `the host name ${hostname} could not be resolved (ENOTFOUND); check the \`api-url\` input (${ctx.apiUrl ?? ctx.host})`;
            break;
        case 'EAI_AGAIN':
            what = `looking up ${hostname} failed temporarily (EAI_AGAIN)`;
            break;
        case 'UND_ERR_CONNECT_TIMEOUT':
            what = `connecting to ${ctx.host} timed out`;
            break;
        case 'ECONNRESET':
        case 'UND_ERR_SOCKET':
        case 'EPIPE':
            what = `the connection was closed before a complete answer arrived (${code})`;
            break;
        case 'UND_ERR_HEADERS_TIMEOUT':
            what = 'no answer arrived in time';
            break;
        case 'UND_ERR_BODY_TIMEOUT':
            what = 'the answer stalled (no data in time)';
            break;
        case 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH':
            what = 'the answer was truncated';
            break;
        default: {
            const message = cause instanceof Error ? remoteText(redact(cause.message, ctx.secrets), 120) : '';
            what = `${code ?? (cause instanceof Error ? cause.name : 'unknown error')}${message ? `: ${message}` : ''}`;
        }
    }
    const hint = sent && ctx.sentHint ? ` ${ctx.sentHint}` : '';
    return withSummary(new TransportError(`Could not get an answer from VM0 for ${ctx.method} ${ctx.path}: ${detail ?? what}.${hint}`, sent, null, { cause }), code ?? (detail !== undefined ? 'timeout' : 'network error'));
}
function describeBody(answer) {
    if (answer.text.trim() === '')
        return 'an empty body';
    const type = (answer.contentType ?? '').toLowerCase();
    if (type.includes('html') || /^\s*</.test(answer.text))
        return 'an HTML page';
    if (type.includes('json'))
        return 'JSON that is not a VM0 error';
    return `a non-JSON body${answer.contentType ? ` (${remoteText(answer.contentType, 60)})` : ''}`;
}
/**
 * At most a short, single-line, printable excerpt of a foreign body: the
 * HTML `<title>` when there is one, else the text without tags.
 */
function excerpt(text, contentType, secrets) {
    if (text.trim() === '')
        return '';
    const looksHtml = (contentType ?? '').toLowerCase().includes('html') || /^\s*</.test(text);
    let s = text.slice(0, 4096);
    if (looksHtml) {
        const title = /<title[^>]*>([^<]*)<\/title>/i.exec(s);
        s = title?.[1] ?? s.replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/gi, ' ');
        s = s.replace(/<[^>]*>/g, ' ');
    }
    return remoteText(redact(s, secrets), 80);
}
/** Hides the given secrets (and presigned URL signatures) in `text`, by the one redaction rule. */
function redact(text, secrets) {
    return createRedactor(secrets)(text);
}
function trimPeriod(text) {
    return text.replace(/[.\s]+$/, '');
}

// EXTERNAL MODULE: ./node_modules/undici/index.js
var undici = __webpack_require__(6752);
;// CONCATENATED MODULE: ./src/vm0/http.ts
/**
 * One HTTP exchange with the VM0 API over undici: URL building, bearer
 * auth, a per-attempt deadline, reading the body, and turning network
 * failures into TransportError. Status mapping lives in error-map.ts,
 * retries in retry.ts.
 */



const MAX_BODY_BYTES = 32 * 1024 * 1024;
/**
 * Splits a base URL into origin and path prefix; tolerates a trailing slash
 * or a trailing `/v1`. The URL is trusted: the settings layer checked it is
 * an absolute http(s) URL.
 */
function parseBaseUrl(baseUrl) {
    const url = new URL(baseUrl.trim());
    let prefix = url.pathname.replace(/\/+$/, '');
    // Paths below all start with /v1: accept a base URL that already ends with it.
    if (prefix.endsWith('/v1'))
        prefix = prefix.slice(0, -3);
    return { origin: url.origin, prefix, host: url.host };
}
class HttpTransport {
    origin;
    prefix;
    host;
    token;
    dispatcher;
    userAgent;
    timeoutMs;
    secrets;
    constructor(opts) {
        const { origin, prefix, host } = parseBaseUrl(opts.baseUrl);
        this.origin = origin;
        this.prefix = prefix;
        this.host = host;
        this.token = opts.token;
        this.dispatcher = opts.dispatcher;
        this.userAgent = opts.userAgent;
        this.timeoutMs = opts.requestTimeoutMs;
        this.secrets = [opts.token, ...(opts.secrets ?? [])];
    }
    /** Full URL of an API path with its query parameters (undefined/null values are left out). */
    url(path, query) {
        const url = new URL(this.origin + this.prefix + path);
        for (const [key, value] of Object.entries(query ?? {})) {
            if (value !== undefined && value !== null)
                url.searchParams.append(key, String(value));
        }
        return url.toString();
    }
    context(req, extraSecrets = []) {
        const ctx = {
            method: req.method,
            path: req.path,
            host: this.host,
            apiUrl: this.origin + this.prefix,
            secrets: [...this.secrets, ...extraSecrets]
        };
        if (req.sentHint !== undefined)
            ctx.sentHint = req.sentHint;
        return ctx;
    }
    headers(req) {
        const headers = {
            authorization: `Bearer ${this.token}`,
            accept: req.accept ?? 'application/json',
            'user-agent': this.userAgent
        };
        if (req.json !== undefined)
            headers['content-type'] = 'application/json';
        return headers;
    }
    /**
     * Sends one request and reads the whole answer, whatever its status.
     * Throws TransportError when no complete answer arrives (network error,
     * reset, deadline), or the caller's abort reason when `req.signal` fires.
     */
    async send(req, extraSecrets = []) {
        const ctx = this.context(req, extraSecrets);
        const controller = new AbortController();
        let timedOut = false;
        const timer = setTimeout(() => {
            timedOut = true;
            controller.abort(new Error('VM0 request deadline'));
        }, this.timeoutMs);
        const onAbort = () => controller.abort(req.signal?.reason);
        if (req.signal?.aborted) {
            clearTimeout(timer);
            throw req.signal.reason;
        }
        req.signal?.addEventListener('abort', onAbort, { once: true });
        try {
            const res = await (0,undici.request)(this.url(req.path, req.query), {
                method: req.method,
                headers: this.headers(req),
                body: req.json === undefined ? null : JSON.stringify(req.json),
                signal: controller.signal,
                ...(this.dispatcher ? { dispatcher: this.dispatcher } : {})
            });
            const text = await readText(res.body);
            return {
                status: res.statusCode,
                statusText: res.statusText || null,
                headers: res.headers,
                contentType: header(res.headers, 'content-type'),
                requestId: header(res.headers, 'x-request-id'),
                text
            };
        }
        catch (error) {
            if (req.signal?.aborted)
                throw req.signal.reason;
            if (timedOut) {
                throw networkError(ctx, error, `no complete answer within ${formatSeconds(this.timeoutMs)}`);
            }
            throw networkError(ctx, error);
        }
        finally {
            clearTimeout(timer);
            req.signal?.removeEventListener('abort', onAbort);
        }
    }
    /**
     * Opens a streaming request and returns as soon as headers arrive. The
     * body is the caller's to consume or destroy. `idleTimeoutMs` bounds the
     * gap between body chunks; `req.signal` aborts it.
     */
    async open(req, idleTimeoutMs) {
        const ctx = this.context(req);
        if (req.signal?.aborted)
            throw req.signal.reason;
        try {
            return await (0,undici.request)(this.url(req.path, req.query), {
                method: req.method,
                headers: { ...this.headers(req), 'cache-control': 'no-cache' },
                body: null,
                headersTimeout: this.timeoutMs,
                bodyTimeout: idleTimeoutMs,
                ...(req.signal ? { signal: req.signal } : {}),
                ...(this.dispatcher ? { dispatcher: this.dispatcher } : {})
            });
        }
        catch (error) {
            if (req.signal?.aborted)
                throw req.signal.reason;
            throw networkError(ctx, error);
        }
    }
}
function header(headers, name) {
    const value = headers[name];
    if (Array.isArray(value))
        return value[0] ?? null;
    return value ?? null;
}
/** Reads a body to text (UTF-8), refusing absurd sizes instead of exhausting memory. */
async function readText(body) {
    const chunks = [];
    let size = 0;
    for await (const chunk of body) {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
            body.destroy?.();
            throw new Error(`answer larger than ${MAX_BODY_BYTES} bytes`);
        }
        chunks.push(Buffer.from(chunk));
    }
    return Buffer.concat(chunks).toString('utf8');
}

;// CONCATENATED MODULE: ./src/vm0/retry.ts
/**
 * When to try a VM0 request again, as one pure function.
 *
 * Reads (and a cancel, which is safe to repeat) are retried on network
 * errors, 5xx, 408/429 and proxy error pages. Everything else, above all
 * `POST /v1/runs`, is retried only when the request certainly never left
 * this machine: the service has no idempotency key, so a repeated create
 * may start a second, paid run.
 *
 * Two modes: a fixed number of attempts (before a run exists, where a
 * failure that persists should surface quickly), or "until a deadline"
 * (while a run exists: a blip must never cost the run, so transient
 * failures, non-JSON error pages of any status included, are retried with
 * backoff capped at {@link PATIENT_MAX_DELAY_MS} until the deadline).
 */



const DEFAULT_MAX_ATTEMPTS = 5;
const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 8000;
/** Longest wait between two tries while retrying until a deadline. */
const PATIENT_MAX_DELAY_MS = 30_000;
/** Decides whether to retry a failed attempt and how long to wait first. */
function retryDecision(input) {
    const idempotent = input.idempotent ?? isSafeMethod(input.method);
    const { error, until } = input;
    let retryable;
    if (error instanceof TransportError) {
        if (!error.sent)
            retryable = true;
        else if (!idempotent)
            return { retry: false, reason: 'may-have-been-sent' };
        else
            retryable = error.status === null || isRetryableStatus(error.status) || !!until;
    }
    else if (error instanceof ConcurrencyLimitError) {
        retryable = false;
    }
    else if (error instanceof Vm0ApiError) {
        retryable = idempotent && isRetryableStatus(error.status);
    }
    else {
        retryable = false;
    }
    if (!retryable)
        return { retry: false, reason: 'not-retryable' };
    if (until) {
        const delayMs = backoffDelay(input.attempt, input.random, {
            baseDelayMs: input.baseDelayMs,
            maxDelayMs: input.maxDelayMs ?? PATIENT_MAX_DELAY_MS
        });
        const left = until.untilMs - until.nowMs;
        if (left <= 0)
            return { retry: false, reason: 'deadline' };
        // The last try happens at the deadline rather than never.
        return { retry: true, delayMs: Math.min(delayMs, left) };
    }
    if (input.attempt >= input.maxAttempts)
        return { retry: false, reason: 'attempts-exhausted' };
    return { retry: true, delayMs: backoffDelay(input.attempt, input.random, input) };
}
/**
 * Capped exponential backoff with "equal jitter": half the window is fixed
 * so retries never bunch up at zero, the other half is random.
 */
function backoffDelay(attempt, random, opts = {}) {
    const base = opts.baseDelayMs ?? BASE_DELAY_MS;
    const cap = opts.maxDelayMs ?? MAX_DELAY_MS;
    const window = Math.min(cap, base * 2 ** Math.max(0, attempt - 1));
    const r = Math.min(Math.max(random, 0), 1);
    return Math.round(window / 2 + (window / 2) * r);
}
function isSafeMethod(method) {
    const m = method.toUpperCase();
    return m === 'GET' || m === 'HEAD';
}
function isRetryableStatus(status) {
    return status >= 500 || status === 429 || status === 408 || status === 425;
}
/**
 * True for a failure that retrying may fix: no answer at all, a non-JSON
 * error page, or a 408/425/429/5xx. An authentication error, a 404 or a
 * 400 with the VM0 envelope is not (a concurrency 429 neither).
 */
function isTransient(error) {
    if (error instanceof TransportError)
        return true;
    if (error instanceof ConcurrencyLimitError)
        return false;
    return error instanceof Vm0ApiError && isRetryableStatus(error.status);
}
/** A short description of a failed attempt, for the one-line retry log. */
function describeFailure(error) {
    if (error instanceof Vm0ApiError) {
        return `${error.status} ${error.body.code ?? error.body.type ?? 'error'}`;
    }
    if (error instanceof TransportError) {
        const short = failureSummary(error);
        if (short !== null)
            return short;
        return error.status === null ? 'network error' : `${error.status}`;
    }
    if (error instanceof Error)
        return error.name;
    return 'unknown error';
}
/** "GET /v1/runs/x attempt 2/5 failed: 503 Service Unavailable; retrying in 1.4 s" */
function retryLine(method, path, attempt, maxAttempts, error, delayMs) {
    return (`${method} ${path} attempt ${attempt}/${maxAttempts} failed: ${describeFailure(error)}; ` +
        `retrying in ${formatSeconds(delayMs)}`);
}
/**
 * The decision after a failed attempt, in "until the deadline" mode once
 * patience is armed (the run exists), telling patience whether VM0 answered:
 * an answer of its own (401, 404, 400) proves it is reachable. Both clients
 * (`/v1` and the platform) decide this way.
 */
function decideAfterFailure(input) {
    const { patience, now, idempotent, ...rest } = input;
    const untilMs = patience?.deadlineMs ?? null;
    const decision = retryDecision({
        ...rest,
        ...(idempotent === undefined ? {} : { idempotent }),
        ...(untilMs === null ? {} : { until: { untilMs, nowMs: now() } })
    });
    if (patience && untilMs !== null) {
        if (isTransient(input.error))
            patience.failed(input.error);
        else
            patience.reached();
    }
    return decision;
}
/** Waits before the next attempt; the workflow's cancellation ends the wait with its reason. */
async function pauseBeforeRetry(sleep, ms, signal) {
    try {
        await sleep(ms, signal);
    }
    catch (sleepError) {
        if (signal?.aborted)
            throw signal.reason;
        throw sleepError;
    }
    if (signal?.aborted)
        throw signal.reason;
}

;// CONCATENATED MODULE: ./src/platform/errors.ts
/**
 * The platform's answers as the action's errors (docs/platform-api.md).
 *
 * The public chat-thread routes are the core: the action cannot work without
 * them. Every other route is enrichment: when the platform lacks one (404
 * with the bare body `{"error":"Not found"}`, its answer to any unknown path,
 * or 405), the client says so once and throws a {@link RouteMissingError} the
 * caller goes on without. A core route answering that way means the platform
 * moved it: {@link CoreRouteMovedError} names the route and when the contract
 * was read, so a user can report it.
 */




/** When docs/platform-api.md was read from the platform's source. */
const CONTRACT_READ = '2026-09-19';
/** An enrichment route this platform does not serve; what is lost without it is in `lost`. */
class RouteMissingError extends ActionError {
    route;
    lost;
    name = 'RouteMissingError';
    constructor(
    /** `GET /api/runs/:id`: the route's template, never an id. */
    route, 
    /** What the action cannot do without it, e.g. "the agent's events in the step log". */
    lost, options) {
        super(`The route ${route} is missing on this platform: ${lost}.`, options);
        this.route = route;
        this.lost = lost;
    }
}
/** A core route answered as an unknown path: the platform moved or removed it. */
class CoreRouteMovedError extends ActionError {
    name = 'CoreRouteMovedError';
}
/** The one line said when an enrichment route is missing. */
function routeMissingLine(error) {
    return `Route ${error.route} is missing on this platform: ${error.lost}; going on without it.`;
}
/** True for the platform's answer to a path it does not serve. */
function unknownPath(answer) {
    if (answer.status === 405)
        return true;
    if (answer.status !== 404)
        return false;
    try {
        const body = JSON.parse(answer.text);
        return (typeof body === 'object' &&
            body !== null &&
            typeof body['error'] === 'string');
    }
    catch {
        return false;
    }
}
const KEY_ADVICE = 'Create a personal key (`vm0_pat_…`) in the web app under Settings → API keys and store it in ' +
    'the VM0_TOKEN secret (the `vm0-token` input).';
/** Maps a non-2xx platform answer to the action's error, with what to do about it. */
function platformAnswerError(ctx, answer, route) {
    if (unknownPath(answer)) {
        if (!route.core)
            return new RouteMissingError(route.template, route.lost);
        return new CoreRouteMovedError(`The platform answered ${route.template} with ${answer.status} ` +
            `${answer.status === 404 ? '{"error":"Not found"}' : 'Method Not Allowed'}, its answer ` +
            `to a path it does not serve: this public route was there when the action's contract was ` +
            `read (${CONTRACT_READ}), so the platform may have moved it. Check that \`api-url\` ` +
            `(${ctx.apiUrl ?? ctx.host}) is the platform's API, and report this to the action's ` +
            'maintainers.');
    }
    const body = parseEnvelope(answer.text);
    if (body === null)
        return answerError(ctx, answer);
    return envelopeError(ctx, answer, cleanBody(body, ctx.secrets), route);
}
function cleanBody(body, secrets) {
    return {
        type: null,
        code: body.code === null ? null : remoteText(body.code, 60),
        message: body.message === null ? null : remoteText(createRedactor(secrets)(body.message), 300)
    };
}
/** Advice per status and code of the platform's error envelope. */
function advice(status, code, route) {
    if (status === 401)
        return `The key is wrong, expired or revoked. ${KEY_ADVICE}`;
    if (status === 402 || code === 'INSUFFICIENT_CREDITS')
        return 'The account has no credits left: add credits in the web app, then run the step again.';
    if (status === 403)
        return 'The key is valid but may not do this: check that the agent or thread belongs to the key’s account.';
    if (status === 404) {
        return route.template.includes('chat-threads')
            ? 'The thread does not exist or belongs to another user: check `thread-id`.'
            : 'It does not exist for this key’s account.';
    }
    if (status === 409)
        return 'The platform reports a conflict (the thread is busy, or this message was already sent): check the thread in the web app before trying again.';
    if (status === 422 || code === 'NO_MODEL_PROVIDER' || code === 'PROVIDER_DELETED')
        return 'The agent has no usable model provider: configure one for the agent in the web app (or set `model`).';
    if (status === 413)
        return 'The prompt is too large: shorten it.';
    if (status === 429)
        return 'Too many requests: try again later.';
    if (status >= 500)
        return 'The platform is having trouble; try again later.';
    return 'Check the inputs.';
}
function envelopeError(ctx, answer, body, route) {
    const tag = `${answer.status} ${body.code ?? 'error'}`;
    const said = body.message === null ? '' : `: ${body.message.replace(/[.\s]+$/, '')}`;
    const rid = answer.requestId ? ` Request id ${remoteText(answer.requestId, 100)}.` : '';
    const text = `The platform answered ${route.template} with ${tag}${said}. ${advice(answer.status, body.code, route)}${rid}`;
    const args = [answer.status, body, answer.requestId, ctx.method, ctx.path];
    if (answer.status === 401 || answer.status === 403)
        return new AuthenticationError(text, ...args);
    if (answer.status === 404)
        return new NotFoundError(text, ...args);
    return new Vm0ApiError(text, ...args);
}

;// CONCATENATED MODULE: ./src/vm0/types.ts
/**
 * The VM0 API's resources as the action uses them, normalised from either
 * wire dialect (camelCase current, snake_case documented). Everything the
 * service may omit is `null`, never `undefined`, so callers test one thing.
 */
const TERMINAL_STATUSES = ['completed', 'failed', 'timeout', 'cancelled'];
/**
 * A status as the service sent it, if it looks like one (a short lower-case
 * word), else `unknown`: statuses are printed in trusted lines, so remote
 * text must not ride in on them.
 */
function cleanStatus(value) {
    return typeof value === 'string' && /^[a-z][a-z_-]{0,31}$/.test(value) ? value : 'unknown';
}
function isTerminal(status) {
    return TERMINAL_STATUSES.includes(status);
}

;// CONCATENATED MODULE: ./src/vm0/normalize.ts
/**
 * Reading VM0 answers in either dialect (camelCase current, snake_case
 * documented) into the shapes of types.ts. Missing or mistyped fields
 * become null; an item without an id cannot be used and yields null so
 * the caller decides (lists skip it, a detail answer is an error).
 */


/** The first of `keys` present (not undefined/null) in `o`. */
function pick(o, keys) {
    for (const key of keys) {
        const value = o[key];
        if (value !== undefined && value !== null)
            return value;
    }
    return undefined;
}
function str(o, ...keys) {
    const value = pick(o, keys);
    if (typeof value === 'string')
        return value;
    if (typeof value === 'number' && Number.isFinite(value))
        return String(value);
    return null;
}
function num(o, ...keys) {
    const value = pick(o, keys);
    if (typeof value === 'number')
        return Number.isFinite(value) ? value : null;
    if (typeof value === 'string' && value.trim() !== '') {
        const n = Number(value);
        return Number.isFinite(n) ? n : null;
    }
    return null;
}
function bool(o, ...keys) {
    const value = pick(o, keys);
    if (typeof value === 'boolean')
        return value;
    if (value === 'true')
        return true;
    if (value === 'false')
        return false;
    return null;
}
/**
 * Ids the service hands out (runs, agents, sessions, checkpoints, versions):
 * they go into URL paths and the action's own log lines, so anything else
 * (a newline, `::`, `##[`) is refused.
 */
const ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;
/** A timestamp as the service writes it (ISO 8601); anything else is dropped. */
const TIMESTAMP_PATTERN = /^[0-9][0-9T:.+ Z-]{0,39}$/;
/** A string id, or null when it is absent or not a plain id. */
function idStr(o, ...keys) {
    const value = str(o, ...keys);
    return value !== null && ID_PATTERN.test(value) ? value : null;
}
/** A timestamp as an ISO string; epoch milliseconds are converted. */
function time(o, ...keys) {
    const value = pick(o, keys);
    if (typeof value === 'string')
        return TIMESTAMP_PATTERN.test(value) ? value : null;
    if (typeof value === 'number' && Number.isFinite(value)) {
        const date = new Date(value);
        return Number.isNaN(date.getTime()) ? null : date.toISOString();
    }
    return null;
}
/** Free text that may come as a string or as `{message}`/any JSON. */
function normalize_text(o, ...keys) {
    const value = pick(o, keys);
    if (value === undefined)
        return null;
    if (typeof value === 'string')
        return value;
    if (json_isObject(value) && typeof value['message'] === 'string')
        return value['message'];
    try {
        return JSON.stringify(value);
    }
    catch {
        return null;
    }
}
/** The item's id; null (the item cannot be used) when absent or not a plain id. */
function id(o) {
    return idStr(o, 'id');
}
function normalizeAgent(value) {
    if (!json_isObject(value))
        return null;
    const agentId = id(value);
    if (agentId === null)
        return null;
    return {
        id: agentId,
        name: str(value, 'name') ?? '',
        currentVersionId: idStr(value, 'currentVersionId', 'current_version_id'),
        createdAt: time(value, 'createdAt', 'created_at'),
        updatedAt: time(value, 'updatedAt', 'updated_at')
    };
}
function normalizeRun(value) {
    if (!json_isObject(value))
        return null;
    const runId = id(value);
    if (runId === null)
        return null;
    return {
        id: runId,
        agentId: idStr(value, 'agentId', 'agent_id'),
        agentName: str(value, 'agentName', 'agent_name', 'agent'),
        status: cleanStatus(str(value, 'status')),
        prompt: str(value, 'prompt'),
        createdAt: time(value, 'createdAt', 'created_at'),
        startedAt: time(value, 'startedAt', 'started_at'),
        completedAt: time(value, 'completedAt', 'completed_at'),
        error: normalize_text(value, 'error'),
        executionTimeMs: num(value, 'executionTimeMs', 'execution_time_ms'),
        checkpointId: idStr(value, 'checkpointId', 'checkpoint_id'),
        sessionId: idStr(value, 'sessionId', 'session_id'),
        artifactName: str(value, 'artifactName', 'artifact_name'),
        artifactVersion: idStr(value, 'artifactVersion', 'artifact_version'),
        output: normalize_text(value, 'output')
    };
}
function normalizeArtifact(value) {
    if (!json_isObject(value))
        return null;
    const artifactId = id(value);
    if (artifactId === null)
        return null;
    return {
        id: artifactId,
        name: str(value, 'name') ?? '',
        currentVersionId: idStr(value, 'currentVersionId', 'current_version_id'),
        size: num(value, 'size'),
        fileCount: num(value, 'fileCount', 'file_count'),
        createdAt: time(value, 'createdAt', 'created_at'),
        updatedAt: time(value, 'updatedAt', 'updated_at')
    };
}
/** A version of an artifact or of a volume (`volumeId` is read into `artifactId`). */
function normalizeVersion(value, parentId) {
    if (!json_isObject(value))
        return null;
    const versionId = id(value);
    if (versionId === null)
        return null;
    return {
        id: versionId,
        artifactId: idStr(value, 'artifactId', 'artifact_id', 'volumeId', 'volume_id') ?? parentId,
        size: num(value, 'size'),
        fileCount: num(value, 'fileCount', 'file_count'),
        message: str(value, 'message'),
        createdBy: str(value, 'createdBy', 'created_by'),
        createdAt: time(value, 'createdAt', 'created_at')
    };
}
const AGENT_MESSAGE = /^\[([^\]\s]+)\]\s?([\s\S]*)$/;
const NETWORK_MESSAGE = /^([A-Z]+) (\S+) - (\d{3}) \((\d+(?:\.\d+)?)ms\)$/;
function normalizeLogEntry(value) {
    if (!json_isObject(value))
        return null;
    const type = str(value, 'type') ?? 'unknown';
    const message = str(value, 'message') ?? '';
    const meta = json_isObject(value['metadata']) ? value['metadata'] : {};
    let eventType = str(meta, 'eventType', 'event_type');
    let eventData = pick(meta, ['eventData', 'event_data']) ?? null;
    if (type === 'agent' && eventType === null) {
        // Entries without metadata still carry "[<eventType>] <JSON>" in the message.
        const m = AGENT_MESSAGE.exec(message);
        if (m) {
            eventType = m[1] ?? null;
            if (eventData === null) {
                try {
                    eventData = JSON.parse(m[2] ?? '');
                }
                catch {
                    eventData = null;
                }
            }
        }
    }
    let network = null;
    if (type === 'network') {
        const method = str(meta, 'method');
        const url = str(meta, 'url');
        const status = num(meta, 'status', 'statusCode', 'status_code');
        const duration = num(meta, 'duration', 'durationMs', 'duration_ms');
        if (method !== null && url !== null && status !== null) {
            network = { method, url, status, duration: duration ?? 0 };
        }
        else {
            const m = NETWORK_MESSAGE.exec(message);
            if (m) {
                network = {
                    method: m[1] ?? '',
                    url: m[2] ?? '',
                    status: Number(m[3]),
                    duration: Number(m[4])
                };
            }
        }
    }
    return {
        timestamp: time(value, 'timestamp', 'createdAt', 'created_at') ?? '',
        type,
        level: str(value, 'level') ?? 'info',
        message,
        sequenceNumber: num(meta, 'sequenceNumber', 'sequence_number', 'sequence'),
        eventType,
        eventData,
        network
    };
}
/**
 * Reads a list answer `{data, pagination:{hasMore|has_more, nextCursor|next_cursor}}`
 * (also tolerating the pagination fields at the top level, or a bare
 * array). Items that cannot be normalised are skipped. Returns null when
 * the body has no list at all.
 */
function normalizePage(body, item) {
    let rows;
    let meta = {};
    if (Array.isArray(body)) {
        rows = body;
    }
    else if (json_isObject(body) && Array.isArray(body['data'])) {
        rows = body['data'];
        meta = json_isObject(body['pagination']) ? { ...body, ...body['pagination'] } : body;
    }
    else {
        return null;
    }
    const data = [];
    for (const row of rows) {
        const value = item(row);
        if (value !== null)
            data.push(value);
    }
    return {
        data,
        hasMore: bool(meta, 'hasMore', 'has_more') ?? false,
        nextCursor: str(meta, 'nextCursor', 'next_cursor')
    };
}
/** A `…Mb` value above this is taken to be bytes (1,048,576 MB would be a terabyte). */
const BYTES_ABOVE_MB = 1024 * 1024;
const MIB = 1024 * 1024;
/**
 * A memory figure of a `…Mb` field in MiB. The service copies byte counts into
 * these fields, so a value above {@link BYTES_ABOVE_MB}, or above the total
 * (in MiB) when one is known, is bytes and is converted.
 */
function toMiB(value, totalMiB = null) {
    if (value === null)
        return null;
    const bytes = value > BYTES_ABOVE_MB || (totalMiB !== null && totalMiB > 0 && value > totalMiB);
    return bytes ? value / MIB : value;
}
/**
 * Reads `GET /v1/runs/:id/metrics` in either shape: the service's
 * `{data:[samples], summary:{avgCpuPercent, maxMemoryUsedMb, totalDurationMs}}`
 * or the documented `{cpu:{usage_percent}, memory:{used_bytes, limit_bytes}, disk}`.
 * Memory comes back in MiB (see {@link toMiB}); the samples with a timestamp
 * are kept as points. With no samples the service sends a zero summary: that
 * is reported as null.
 */
function normalizeMetrics(body) {
    if (!json_isObject(body))
        return null;
    const samples = Array.isArray(body['data']) ? body['data'].filter(json_isObject) : null;
    const summary = json_isObject(body['summary']) ? body['summary'] : null;
    if (samples !== null || summary !== null)
        return currentMetrics(samples ?? [], summary);
    const cpu = json_isObject(body['cpu']) ? body['cpu'] : null;
    const memory = json_isObject(body['memory']) ? body['memory'] : null;
    if (cpu === null && memory === null)
        return null;
    const mib = (bytes) => (bytes === null ? null : bytes / MIB);
    return {
        avgCpuPercent: cpu === null ? null : num(cpu, 'usage_percent', 'usagePercent'),
        maxMemoryUsedMb: memory === null ? null : mib(num(memory, 'used_bytes', 'usedBytes')),
        memoryTotalMb: memory === null ? null : mib(num(memory, 'limit_bytes', 'limitBytes')),
        totalDurationMs: num(body, 'duration_ms', 'durationMs'),
        samples: 1,
        points: []
    };
}
/** The service's `{data, summary}` shape. */
function currentMetrics(rows, summary) {
    const count = rows.length;
    const fromSummary = (...keys) => {
        if (summary === null)
            return null;
        const v = num(summary, ...keys);
        return count === 0 && v === 0 ? null : v;
    };
    const totals = rows.map(r => toMiB(num(r, 'memoryTotalMb', 'memory_total_mb')));
    const total = fromSummary('memoryTotalMb', 'memory_total_mb');
    const totalMiB = total !== null ? toMiB(total) : max(nonNull(totals));
    const points = [];
    const used = [];
    const cpu = [];
    for (const row of rows) {
        const cpuPercent = num(row, 'cpuPercent', 'cpu_percent');
        const memoryUsedMb = toMiB(num(row, 'memoryUsedMb', 'memory_used_mb'), totalMiB);
        if (cpuPercent !== null)
            cpu.push(cpuPercent);
        if (memoryUsedMb !== null)
            used.push(memoryUsedMb);
        const at = time(row, 'timestamp');
        const timeMs = at === null ? NaN : Date.parse(at);
        if (!Number.isNaN(timeMs))
            points.push({ timeMs, cpuPercent, memoryUsedMb });
    }
    points.sort((a, b) => a.timeMs - b.timeMs);
    const peak = fromSummary('maxMemoryUsedMb', 'max_memory_used_mb');
    return {
        avgCpuPercent: fromSummary('avgCpuPercent', 'avg_cpu_percent') ?? average(cpu),
        maxMemoryUsedMb: peak !== null ? toMiB(peak, totalMiB) : max(used),
        memoryTotalMb: totalMiB,
        totalDurationMs: fromSummary('totalDurationMs', 'total_duration_ms') ?? durationOf(points),
        samples: count,
        points
    };
}
function nonNull(xs) {
    return xs.filter((v) => v !== null);
}
function average(xs) {
    return xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length;
}
function max(xs) {
    return xs.length === 0 ? null : xs.reduce((a, b) => Math.max(a, b));
}
function durationOf(points) {
    const first = points[0];
    const last = points.at(-1);
    if (first === undefined || last === undefined || points.length < 2)
        return null;
    return last.timeMs - first.timeMs;
}

;// CONCATENATED MODULE: ./src/platform/read.ts
/**
 * Reading the platform's answers (docs/platform-api.md) into the action's
 * types: each reader answers null when the body is not the expected shape,
 * and whatever the platform may omit becomes null. Statuses are cleaned
 * (vm0/types.ts) and ids and timestamps checked as the /v1 reader checks
 * them (vm0/normalize.ts), since they go into URL paths and the action's own
 * lines: an id holding a line break or `::` is dropped, never printed.
 */



function read_str(value) {
    return typeof value === 'string' && value !== '' ? value : null;
}
function read_num(value) {
    return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
/** A list at the top or under one of `keys`. */
function read_listOf(body, ...keys) {
    if (Array.isArray(body))
        return body;
    if (!json_isObject(body))
        return null;
    for (const key of keys) {
        const value = body[key];
        if (Array.isArray(value))
            return value;
    }
    return null;
}
function readAgents(body) {
    const list = read_listOf(body, 'agents', 'data');
    if (list === null)
        return null;
    return list.flatMap(item => {
        if (!json_isObject(item))
            return [];
        const id = idStr(item, 'agentId', 'id');
        if (id === null)
            return [];
        return [{ id, displayName: read_str(item['displayName']) ?? read_str(item['name']) ?? '' }];
    });
}
function readSent(body) {
    if (!json_isObject(body))
        return null;
    const threadId = idStr(body, 'threadId');
    if (threadId === null)
        return null;
    // A run id that is there but not an id makes the answer unusable: a run would go unseen.
    const runId = idStr(body, 'runId');
    if (runId === null && body['runId'] != null)
        return null;
    return { threadId, messageId: idStr(body, 'messageId'), runId };
}
function readMessages(body) {
    const list = read_listOf(body, 'messages');
    if (list === null)
        return null;
    return list.flatMap(item => {
        if (!json_isObject(item))
            return [];
        const id = idStr(item, 'id');
        if (id === null)
            return [];
        const error = item['error'];
        return [
            {
                id,
                role: cleanStatus(read_str(item['role'])),
                content: typeof item['content'] === 'string' ? item['content'] : null,
                error: read_str(error) ?? (json_isObject(error) ? read_str(error['message']) : null),
                createdAt: time(item, 'createdAt')
            }
        ];
    });
}
/** `GET /api/runs/:id` as a `Run`; null when it is not that run. */
function read_readRun(body, runId) {
    if (!json_isObject(body))
        return null;
    const id = idStr(body, 'runId', 'id');
    if (id !== runId)
        return null;
    const result = json_isObject(body['result']) ? body['result'] : {};
    const error = body['error'];
    return {
        id,
        agentId: idStr(body, 'agentId'),
        agentName: read_str(body['agentDisplayName']) ?? read_str(body['agentName']),
        status: cleanStatus(read_str(body['status'])),
        prompt: read_str(body['prompt']),
        createdAt: time(body, 'createdAt'),
        startedAt: time(body, 'startedAt'),
        completedAt: time(body, 'completedAt'),
        error: read_str(error) ?? (json_isObject(error) ? read_str(error['message']) : null),
        executionTimeMs: read_num(result['executionTimeMs']),
        // The platform's session and checkpoint are its own: no input takes them back (a thread
        // goes on through `thread-id`), so the outputs stay empty rather than invite a chain that fails.
        checkpointId: null,
        sessionId: null,
        artifactName: null,
        artifactVersion: null,
        output: typeof result['output'] === 'string' ? result['output'] : null
    };
}
function readAgentEvents(body) {
    const list = read_listOf(body, 'events');
    if (list === null)
        return null;
    const events = list.flatMap(item => {
        if (!json_isObject(item))
            return [];
        const sequenceNumber = read_num(item['sequenceNumber']);
        if (sequenceNumber === null)
            return [];
        return [
            {
                sequenceNumber,
                eventType: read_str(item['eventType']) ?? 'unknown',
                eventData: item['eventData'],
                createdAt: time(item, 'createdAt')
            }
        ];
    });
    const b = json_isObject(body) ? body : {};
    return { events, hasMore: b['hasMore'] === true, framework: read_str(b['framework']) };
}
function readNetwork(body) {
    const list = read_listOf(body, 'networkLogs');
    if (list === null)
        return null;
    const lines = list.flatMap(item => {
        if (!json_isObject(item))
            return [];
        const timestamp = time(item, 'timestamp');
        if (timestamp === null)
            return [];
        return [
            {
                timestamp,
                action: read_str(item['action']),
                host: read_str(item['host']),
                method: read_str(item['method']) ?? 'GET',
                url: read_str(item['url']) ?? '',
                status: read_num(item['status']),
                latencyMs: read_num(item['latency_ms']) ?? read_num(item['latencyMs'])
            }
        ];
    });
    const b = json_isObject(body) ? body : {};
    return { lines, hasMore: b['hasMore'] === true, nextCursor: read_str(b['nextCursor']) };
}
function readFile(item) {
    if (!json_isObject(item))
        return null;
    const url = read_str(item['url']);
    const filename = read_str(item['filename']) ?? read_str(item['name']);
    if (url === null || filename === null)
        return null;
    return {
        id: idStr(item, 'id') ?? filename,
        filename,
        contentType: read_str(item['contentType']),
        size: read_num(item['size']),
        url,
        createdAt: time(item, 'createdAt')
    };
}
function readFiles(value) {
    return Array.isArray(value) ? value.flatMap(f => readFile(f) ?? []) : [];
}
function readThreadEvents(body) {
    const list = read_listOf(body, 'events');
    if (list === null)
        return null;
    return list.flatMap(item => {
        if (!json_isObject(item))
            return [];
        const seqId = read_num(item['seqId']);
        if (seqId === null)
            return [];
        const error = item['error'];
        return [
            {
                seqId,
                eventType: read_str(item['eventType']) ?? 'unknown',
                runId: idStr(item, 'runId'),
                content: typeof item['content'] === 'string' ? item['content'] : null,
                error: read_str(error) ?? (json_isObject(error) ? read_str(error['message']) : null),
                attachFiles: readFiles(item['attachFiles']),
                data: item
            }
        ];
    });
}
function readArtifacts(body) {
    const list = read_listOf(body, 'runs');
    if (list === null)
        return null;
    return list.flatMap(item => {
        if (!json_isObject(item))
            return [];
        const runId = idStr(item, 'runId');
        return runId === null ? [] : [{ runId, files: readFiles(item['files']) }];
    });
}

;// CONCATENATED MODULE: ./src/platform/client.ts
/**
 * The platform client (docs/platform-api.md): typed methods over the same
 * transport (vm0/http.ts), retry policy (vm0/retry.ts) and patience as the
 * /v1 client. The token goes to the API's origin only: files the agent
 * published are fetched by artifacts/published.ts, which sends it to no
 * other host. An enrichment route the platform lacks is said once (through
 * `onRouteMissing`) and thrown as a RouteMissingError.
 */










/** The most thread events the platform answers at once: a shorter page is the thread's end. */
const THREAD_EVENTS_PAGE = 50;
/** Every route the client calls; the core ones are the public chat-thread routes. */
const Routes = {
    send: { template: 'POST /api/v1/chat-threads/messages', core: true, lost: '' },
    messages: { template: 'GET /api/v1/chat-threads/:id/messages', core: true, lost: '' },
    agents: {
        template: 'GET /api/agents',
        core: false,
        lost: 'agents cannot be found by display name (`agent`); give `agent-id` instead'
    },
    chatEvents: {
        template: 'POST /api/chat/events',
        core: false,
        lost: 'a new thread cannot be started for an agent; give `thread-id` of an existing thread'
    },
    run: {
        template: 'GET /api/runs/:id',
        core: false,
        lost: "the run's status and result are not read; its answer comes from the thread"
    },
    telemetry: {
        template: 'GET /api/runs/:id/telemetry/agent',
        core: false,
        lost: "the agent's events are not shown in the step log"
    },
    network: {
        template: 'GET /api/runs/:id/network',
        core: false,
        lost: "the sandbox's network lines are not shown"
    },
    cancel: {
        template: 'POST /api/runs/:id/cancel',
        core: false,
        lost: 'the run cannot be cancelled from here (stop it in the web app)'
    },
    threadEvents: {
        template: 'GET /api/chat-threads/:id/events',
        core: false,
        lost: "a queued message's run id and the run's token usage are not learned"
    },
    artifacts: {
        template: 'GET /api/chat-threads/:id/artifacts',
        core: false,
        lost: 'the files the agent published are not collected'
    }
};
const DEFAULT_TIMEOUT_MS = 30_000;
const SEND_HINT = 'The request may have reached the platform, so the message may have been sent and a run ' +
    'started; it was not sent again, to avoid a second (paid) run. Check the thread in the web app.';
const enc = encodeURIComponent;
function defaultSleep(ms, signal) {
    return (0,promises_.setTimeout)(ms, undefined, signal ? { signal } : {});
}
class PlatformClient {
    opts;
    http;
    sleep;
    now;
    random;
    maxAttempts;
    newId;
    said = new Set();
    constructor(opts) {
        this.opts = opts;
        this.http = new HttpTransport({
            baseUrl: opts.baseUrl,
            token: opts.token,
            userAgent: 'vm0-run-action',
            requestTimeoutMs: opts.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS,
            ...(opts.dispatcher ? { dispatcher: opts.dispatcher } : {})
        });
        this.sleep = opts.sleep ?? defaultSleep;
        this.now = opts.now ?? Date.now;
        this.random = opts.random ?? Math.random;
        this.maxAttempts = Math.max(1, Math.floor(opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS));
        this.newId = opts.newId ?? external_node_crypto_.randomUUID;
    }
    /** The API's origin: the only one the token may be sent to. */
    get origin() {
        return this.http.origin;
    }
    /** The token, for a published file on the API's own origin (see artifacts/published.ts). */
    authorizationFor(url) {
        return url.origin === this.http.origin ? `Bearer ${this.opts.token}` : null;
    }
    /** The agents the key can see. */
    listAgents(opts = {}) {
        return this.call(Routes.agents, () => get('/api/agents', opts), read(readAgents, 'agents'));
    }
    /** Sends a message into an existing thread (public route); never sent twice. */
    sendMessage(req, opts = {}) {
        const build = () => ({
            method: 'POST',
            path: '/api/v1/chat-threads/messages',
            json: { prompt: req.prompt, threadId: req.threadId },
            sentHint: SEND_HINT,
            ...signalOf(opts)
        });
        return this.call(Routes.send, build, read(readSent, 'a sent message'), false);
    }
    /**
     * Starts a new thread with the agent. Each attempt carries a fresh
     * `clientEventId`; an attempt that may have reached the platform is never
     * repeated (only one that certainly was not sent is).
     */
    startThread(req, opts = {}) {
        const build = () => ({
            method: 'POST',
            path: '/api/chat/events',
            json: {
                agentId: req.agentId,
                prompt: req.prompt,
                userMessage: { version: 1, parts: [{ type: 'text', text: req.prompt }] },
                clientEventId: this.newId(),
                ...(req.model ? { model: req.model } : {})
            },
            sentHint: SEND_HINT,
            ...signalOf(opts)
        });
        return this.call(Routes.chatEvents, build, read(readSent, 'a started thread'), false);
    }
    /** A thread's messages after `sinceId`, oldest first (at most 100). */
    threadMessages(threadId, query = {}, opts = {}) {
        const path = `/api/v1/chat-threads/${enc(threadId)}/messages`;
        const q = { limit: 100, sinceId: query.sinceId ?? undefined };
        return this.call(Routes.messages, () => get(path, opts, q), read(readMessages, 'messages'));
    }
    getRun(runId, opts = {}) {
        return this.call(Routes.run, () => get(`/api/runs/${enc(runId)}`, opts), read(v => read_readRun(v, runId), 'a run'));
    }
    agentEvents(runId, query, opts = {}) {
        const q = { order: 'asc', limit: 100, since: query.since };
        return this.call(Routes.telemetry, () => get(`/api/runs/${enc(runId)}/telemetry/agent`, opts, q), read(readAgentEvents, 'agent events'));
    }
    networkLines(runId, query, opts = {}) {
        const q = { limit: 500, cursor: query.cursor ?? undefined };
        return this.call(Routes.network, () => get(`/api/runs/${enc(runId)}/network`, opts, q), read(readNetwork, 'network lines'));
    }
    /**
     * Cancels the run; safe to repeat. 400 RUN_NOT_CANCELLABLE (already final)
     * throws on the first attempt (isInvalidStateError); on a retry it means an
     * earlier attempt did it, and the run is read back.
     */
    async cancelRun(runId, opts = {}) {
        const done = await this.call(Routes.cancel, () => ({ method: 'POST', path: `/api/runs/${enc(runId)}/cancel`, ...signalOf(opts) }), (a, c, attempt) => {
            if (a.status === 400 && attempt > 1 && a.text.includes('RUN_NOT_CANCELLABLE'))
                return null;
            if (a.status < 200 || a.status >= 300)
                throw platformAnswerError(c, a, Routes.cancel);
            return cancelledRun(runId, a.text);
        }, true);
        return done ?? this.getRun(runId, opts);
    }
    /** A thread's events after `sinceSeqId` (at most {@link THREAD_EVENTS_PAGE}). */
    threadEvents(threadId, query, opts = {}) {
        const q = { limit: THREAD_EVENTS_PAGE, sinceSeqId: query.sinceSeqId ?? undefined };
        return this.call(Routes.threadEvents, () => get(`/api/chat-threads/${enc(threadId)}/events`, opts, q), read(readThreadEvents, 'thread events'));
    }
    /** The files the agent published in a thread, per run. */
    threadArtifacts(threadId, opts = {}) {
        return this.call(Routes.artifacts, () => get(`/api/chat-threads/${enc(threadId)}/artifacts`, opts), read(readArtifacts, 'published files'));
    }
    // ---- plumbing -----------------------------------------------------------
    /**
     * Sends a request (built afresh per attempt) with the retry policy and
     * reads the answer; a missing enrichment route is said once and thrown.
     */
    async call(route, build, reader, idempotent) {
        const started = this.now();
        // A send is never patient: it is retried only when it certainly was not sent.
        const patience = idempotent === false ? undefined : this.opts.patience;
        for (let attempt = 1;; attempt++) {
            const req = build();
            try {
                const answer = await this.http.send(req);
                const ctx = this.http.context(req);
                const value = answer.status >= 200 && answer.status < 300
                    ? reader(answer, ctx, attempt)
                    : route === Routes.cancel
                        ? reader(answer, ctx, attempt)
                        : fail(platformAnswerError(ctx, answer, route));
                patience?.reached();
                return value;
            }
            catch (error) {
                if (req.signal?.aborted)
                    throw req.signal.reason;
                if (error instanceof RouteMissingError)
                    throw this.missing(error, patience);
                const decision = decideAfterFailure({
                    method: req.method,
                    idempotent,
                    attempt,
                    maxAttempts: this.maxAttempts,
                    error,
                    random: this.random(),
                    now: this.now,
                    patience
                });
                if (!decision.retry)
                    throw withAttempts(error, attempt, this.now() - started);
                if (patience?.deadlineMs == null) {
                    this.opts.onRetry?.(retryLine(req.method, req.path, attempt, this.maxAttempts, error, decision.delayMs));
                }
                await pauseBeforeRetry(this.sleep, decision.delayMs, req.signal);
            }
        }
    }
    /** Says once per route that it is missing. */
    missing(error, patience) {
        patience?.reached();
        if (!this.said.has(error.route)) {
            this.said.add(error.route);
            this.opts.onRouteMissing?.(routeMissingLine(error));
        }
        return error;
    }
}
function fail(error) {
    throw error;
}
function signalOf(opts) {
    return opts.signal ? { signal: opts.signal } : {};
}
function get(path, opts, query) {
    return { method: 'GET', path, ...(query ? { query } : {}), ...signalOf(opts) };
}
/** A reader of a 2xx JSON answer through `normalize`; an unusable body is a transport fault. */
function read(normalize, what) {
    return (answer, ctx) => {
        let body;
        try {
            body = JSON.parse(answer.text);
        }
        catch {
            throw unusableAnswerError(ctx, answer, 'a body that is not JSON');
        }
        const value = normalize(body);
        if (value === null)
            throw unusableAnswerError(ctx, answer, `a body that is not ${what}`);
        return value;
    };
}
/** The run a cancel answered (`{id, status: "cancelled"}`), as far as it says. */
function cancelledRun(runId, text) {
    let status = 'cancelled';
    try {
        const body = JSON.parse(text);
        if (json_isObject(body) && typeof body['status'] === 'string')
            status = body['status'];
    }
    catch {
        // The status answered is enough; the body only adds detail.
    }
    return read_readRun({ runId, status: /^[a-z_-]{1,32}$/.test(status) ? status : 'cancelled' }, runId);
}
function withAttempts(error, attempt, elapsedMs) {
    if (attempt <= 1 || !(error instanceof ActionError))
        return error;
    error.message = `${error.message} Gave up after ${attempt} attempts over ${formatSeconds(Math.max(0, elapsedMs))}.`;
    return error;
}

;// CONCATENATED MODULE: ./src/vm0/sse.ts
/**
 * An incremental Server-Sent Events parser following the WHATWG HTML
 * "event stream interpretation" rules, fed raw bytes as they arrive.
 *
 * Chunk boundaries may fall anywhere: inside a line, inside a UTF-8
 * multibyte sequence, or between the `\r` and `\n` of a CRLF.
 */
/**
 * The most characters one line, or the data of one event, may hold by
 * default (4 Mi, 4 to 8 MiB in memory). The service's events are a few KiB;
 * the cap keeps a stream that never ends a line from taking the memory.
 */
const SSE_MAX_CHARS = 4 * 1024 * 1024;
/** A line or an event's data went past the parser's cap; the stream cannot be read further. */
class SseOverflowError extends Error {
    what;
    limit;
    name = 'SseOverflowError';
    constructor(what, limit) {
        const most = `${limit.toLocaleString('en-US')} characters`;
        super(what === 'line' ? `a line longer than ${most}` : `an event whose data is longer than ${most}`);
        this.what = what;
        this.limit = limit;
    }
}
/**
 * Throws {@link SseOverflowError} from `push` once a line or an event's
 * data goes past its limit; the parser is then unusable.
 */
class SseParser {
    decoder = new TextDecoder('utf-8');
    maxLine;
    maxData;
    /** Text received but not yet terminated by a line break. */
    pending = '';
    /** The previous chunk ended in `\r`: a `\n` starting the next one belongs to it. */
    skipLeadingLf = false;
    data = '';
    hasData = false;
    eventType = '';
    blockId;
    blockRetry;
    lastId = '';
    reconnect = null;
    sawFieldSinceDispatch = false;
    ended = false;
    wasTruncated = false;
    constructor(limits = {}) {
        this.maxLine = limits.maxLineChars ?? SSE_MAX_CHARS;
        this.maxData = limits.maxDataChars ?? SSE_MAX_CHARS;
    }
    /**
     * The spec's "last event ID": the most recent `id:` seen, kept across
     * events until another `id:` replaces it.
     */
    get lastEventId() {
        return this.lastId;
    }
    /** The latest valid `retry:` value (ms), or null if the stream never sent one. */
    get reconnectionTimeMs() {
        return this.reconnect;
    }
    /** After `end()`: whether the stream stopped in the middle of an event, which is then discarded. */
    get truncated() {
        return this.wasTruncated;
    }
    /** Feeds bytes; returns the events completed by them, in order. */
    push(chunk) {
        if (this.ended)
            throw new Error('SseParser.push() called after end()');
        return this.feed(this.decoder.decode(chunk, { stream: true }));
    }
    /**
     * Ends the stream. Per the spec an event not terminated by a blank line
     * is discarded, so this never returns a message for it; `truncated`
     * tells whether that happened.
     */
    end() {
        if (this.ended)
            return [];
        const out = this.feed(this.decoder.decode());
        this.ended = true;
        this.wasTruncated = this.pending.length > 0 || this.sawFieldSinceDispatch;
        this.pending = '';
        this.resetBlock();
        return out;
    }
    feed(text) {
        const out = [];
        let start = 0;
        if (this.skipLeadingLf && text.length > 0) {
            if (text.charCodeAt(0) === 0x0a)
                start = 1;
            this.skipLeadingLf = false;
        }
        let i = start;
        const n = text.length;
        while (i < n) {
            const c = text.charCodeAt(i);
            if (c !== 0x0a && c !== 0x0d) {
                i++;
                continue;
            }
            const line = this.pending + text.slice(start, i);
            if (line.length > this.maxLine)
                throw new SseOverflowError('line', this.maxLine);
            this.pending = '';
            this.processLine(line, out);
            if (c === 0x0d) {
                if (i + 1 < n) {
                    if (text.charCodeAt(i + 1) === 0x0a)
                        i++;
                }
                else {
                    this.skipLeadingLf = true;
                }
            }
            i++;
            start = i;
        }
        if (start < n) {
            this.pending += text.slice(start);
            if (this.pending.length > this.maxLine)
                throw new SseOverflowError('line', this.maxLine);
        }
        return out;
    }
    processLine(line, out) {
        if (line === '') {
            this.dispatch(out);
            return;
        }
        if (line.charCodeAt(0) === 0x3a /* : */)
            return;
        const colon = line.indexOf(':');
        let field;
        let value;
        if (colon === -1) {
            field = line;
            value = '';
        }
        else {
            field = line.slice(0, colon);
            value = line.slice(colon + 1);
            if (value.charCodeAt(0) === 0x20)
                value = value.slice(1);
        }
        this.sawFieldSinceDispatch = true;
        switch (field) {
            case 'event':
                this.eventType = value;
                break;
            case 'data':
                this.data += value + '\n';
                this.hasData = true;
                if (this.data.length - 1 > this.maxData)
                    throw new SseOverflowError('event', this.maxData);
                break;
            case 'id':
                if (!value.includes('\u0000')) {
                    this.lastId = value;
                    this.blockId = value;
                }
                break;
            case 'retry':
                if (/^[0-9]+$/.test(value)) {
                    this.reconnect = Number(value);
                    this.blockRetry = this.reconnect;
                }
                break;
            default:
                break;
        }
    }
    dispatch(out) {
        if (this.hasData) {
            const message = {
                event: this.eventType === '' ? 'message' : this.eventType,
                data: this.data.slice(0, -1)
            };
            if (this.blockId !== undefined)
                message.id = this.blockId;
            if (this.blockRetry !== undefined)
                message.retry = this.blockRetry;
            out.push(message);
        }
        this.resetBlock();
    }
    resetBlock() {
        this.data = '';
        this.hasData = false;
        this.eventType = '';
        this.blockId = undefined;
        this.blockRetry = undefined;
        this.sawFieldSinceDispatch = false;
    }
}

;// CONCATENATED MODULE: ./src/vm0/events.ts








const DEFAULT_IDLE_MS = 60_000;
/**
 * One SSE connection to a run's events, resuming after `lastEventId`.
 * Ends normally right after a `complete` event. Throws the mapped error for
 * a non-2xx answer, TransportError for an answer that is not an event
 * stream, StreamDroppedError when the stream drops, stalls or ends before
 * `complete`, and StreamErrorEvent when the service sends `event: error`.
 */
async function* runEvents(http, runId, opts) {
    const req = {
        method: 'GET',
        path: `/v1/runs/${encodeURIComponent(runId)}/events`,
        query: { lastEventId: opts.lastEventId, last_event_id: opts.lastEventId },
        accept: 'text/event-stream'
    };
    if (opts.signal)
        req.signal = opts.signal;
    const idleMs = opts.idleTimeoutMs ?? DEFAULT_IDLE_MS;
    const res = await http.open(req, idleMs);
    opts.onOpen?.();
    const stream = { runId, ctx: http.context(req), res, idleMs, signal: opts.signal };
    try {
        await refuseNonStream(stream);
        for await (const message of sseMessages(stream)) {
            const event = toRunEvent(message);
            if (event === null)
                continue;
            if (event.kind === 'error')
                throw streamErrorEvent(stream.ctx, event.message, event.code);
            yield event;
            if (event.kind === 'complete')
                return;
        }
    }
    finally {
        if (!res.body.destroyed)
            res.body.destroy();
    }
}
/** Throws the mapped error for an error answer, or one that is not an event stream. */
async function refuseNonStream(stream) {
    const { res, ctx } = stream;
    const contentType = header(res.headers, 'content-type');
    if (res.statusCode < 200 || res.statusCode >= 300) {
        throw failedAnswerError(ctx, await wholeAnswer(stream, contentType));
    }
    if (contentType !== null && /json|html/i.test(contentType)) {
        const answer = await wholeAnswer(stream, contentType);
        throw unusableAnswerError(ctx, answer, `${contentType} instead of an event stream`);
    }
}
/** Reads the rest of an answer that is not a stream, for its error. */
async function wholeAnswer(stream, contentType) {
    const { res } = stream;
    let text;
    try {
        text = await readText(res.body);
    }
    catch (error) {
        if (stream.signal?.aborted)
            throw stream.signal.reason;
        throw networkError(stream.ctx, error);
    }
    return {
        status: res.statusCode,
        statusText: res.statusText || null,
        contentType,
        requestId: header(res.headers, 'x-request-id'),
        text
    };
}
/**
 * The stream's SSE messages as they arrive. It never ends normally: a
 * broken, stalled or closed connection throws StreamDroppedError (the
 * caller stops reading at `complete` before that).
 */
async function* sseMessages(stream) {
    const parser = new SseParser();
    let received = 0;
    try {
        for await (const chunk of stream.res.body) {
            for (const message of parser.push(chunk)) {
                received++;
                yield message;
            }
        }
    }
    catch (error) {
        if (stream.signal?.aborted)
            throw stream.signal.reason;
        if (error instanceof SseOverflowError)
            throw overflowError(stream, error, received);
        throw brokenStreamError(stream, error, received);
    }
    parser.end();
    throw new StreamDroppedError(`The event stream of run ${stream.runId} ended after ${received} events without a completion ` +
        `(the connection was closed${parser.truncated ? ' mid-event' : ''}); reconnect with the last sequence seen.`, true, stream.res.statusCode);
}
function brokenStreamError(stream, error, received) {
    const code = typeof error === 'object' && error !== null ? error.code : null;
    const detail = code === 'UND_ERR_BODY_TIMEOUT'
        ? `the event stream was idle for ${formatSeconds(stream.idleMs)} after ${received} events`
        : `the event stream broke off after ${received} events (${typeof code === 'string' ? code : error instanceof Error ? error.name : 'error'})`;
    const broken = networkError(stream.ctx, error, detail);
    return new StreamDroppedError(broken.message, true, stream.res.statusCode, { cause: error });
}
/**
 * A stream that sent a line or an event past the parser's cap: not a drop to
 * reconnect after (the same event would come again) but a stream that cannot
 * be read here, so the caller follows the run by polling instead.
 */
function overflowError(stream, error, received) {
    return new TransportError(`The event stream of run ${stream.runId} sent ${error.message} after ${received} events, ` +
        'more than an event of the run can hold; the stream is not read further', true, stream.res.statusCode, { cause: error });
}
function parseJson(data) {
    try {
        return JSON.parse(data);
    }
    catch {
        return undefined;
    }
}
/**
 * The RunEvent carried by one SSE message (or the stream's `error`
 * report), or null when it is not one the action knows.
 */
function toRunEvent(message) {
    const payload = parseJson(message.data);
    const data = json_isObject(payload) ? payload : {};
    switch (message.event) {
        case 'status': {
            const status = str(data, 'status');
            return status === null ? null : { kind: 'status', status: cleanStatus(status) };
        }
        case 'output': {
            const sequence = num(data, 'sequence', 'sequenceNumber', 'sequence_number') ?? idNumber(message.id);
            if (sequence === null)
                return null;
            const inner = 'data' in data ? data['data'] : payload === undefined ? message.data : null;
            const type = str(data, 'type') ?? (json_isObject(inner) ? str(inner, 'type') : null) ?? 'unknown';
            return {
                kind: 'output',
                sequence,
                type,
                data: inner ?? null,
                timestamp: str(data, 'timestamp', 'createdAt', 'created_at')
            };
        }
        case 'heartbeat':
            return { kind: 'heartbeat' };
        case 'complete': {
            const error = data['error'];
            return {
                kind: 'complete',
                // An unreadable completion still ends the stream; the caller reads the status with getRun.
                status: cleanStatus(str(data, 'status')),
                error: typeof error === 'string'
                    ? error
                    : json_isObject(error) && typeof error['message'] === 'string'
                        ? error['message']
                        : null
            };
        }
        case 'error':
            return {
                kind: 'error',
                message: str(data, 'message') ?? (payload === undefined ? message.data : 'unknown error'),
                code: str(data, 'code')
            };
        default:
            return null;
    }
}
function idNumber(id) {
    if (id === undefined || !/^-?\d+$/.test(id.trim()))
        return null;
    return Number(id.trim());
}

;// CONCATENATED MODULE: ./src/vm0/paginate.ts
const DEFAULT_MAX_PAGES = 200;
/**
 * Collects distinct items (by id) across pages, in first-seen order; a
 * repeated item keeps its first position but takes the later (fresher) value.
 */
async function paginate(fetchPage, opts = {}) {
    const maxItems = opts.maxItems ?? Number.POSITIVE_INFINITY;
    const maxPages = opts.maxPages ?? DEFAULT_MAX_PAGES;
    const items = new Map();
    const seenCursors = new Set();
    let cursor = null;
    if (maxItems <= 0)
        return [];
    for (let pages = 0; pages < maxPages; pages++) {
        const page = await fetchPage(cursor);
        let fresh = 0;
        for (const item of page.data) {
            if (!items.has(item.id)) {
                if (items.size >= maxItems)
                    break;
                fresh++;
            }
            items.set(item.id, item);
        }
        if (items.size >= maxItems || !page.hasMore || fresh === 0)
            break;
        // Without a cursor but with more to come, the service's rule says the cursor is the last id.
        const next = page.nextCursor ?? page.data[page.data.length - 1]?.id ?? null;
        if (next === null || seenCursors.has(next) || next === cursor)
            break;
        seenCursors.add(next);
        cursor = next;
    }
    return [...items.values()];
}

;// CONCATENATED MODULE: ./src/vm0/client.ts
/**
 * The VM0 API client: typed methods over http.ts, with the retry policy of
 * retry.ts, cursor handling of paginate.ts, both wire dialects read by
 * normalize.ts, and the event stream read by events.ts. Side effects
 * (network, clock, sleep, randomness) are injectable so tests run against
 * loopback servers with zero sleep.
 */









const PAGE_SIZE = 100;
const DEFAULT_MAX_ITEMS = 1000;
const DEFAULT_MAX_RUNS = 100;
const client_DEFAULT_TIMEOUT_MS = 30_000;
const CREATE_SENT_HINT = 'The request may have reached VM0, so a run may have started; it was not retried, to avoid ' +
    'starting a second (paid) run. Check the runs of this VM0 account before trying again.';
function client_enc(segment) {
    return encodeURIComponent(segment);
}
function client_defaultSleep(ms, signal) {
    return (0,promises_.setTimeout)(ms, undefined, signal ? { signal } : {});
}
/** The parsed JSON of a 2xx answer, or the mapped error. */
function readJson(answer, ctx) {
    if (answer.status < 200 || answer.status >= 300)
        throw failedAnswerError(ctx, answer);
    try {
        return JSON.parse(answer.text);
    }
    catch {
        throw unusableAnswerError(ctx, answer, answer.text.trim() === '' ? 'an empty body' : 'a body that is not JSON');
    }
}
/** One resource from a detail answer (also accepting `{data:{…}}`). */
function readOne(answer, ctx, normalize, what) {
    const body = readJson(answer, ctx);
    const value = normalize(body) ?? (json_isObject(body) ? normalize(body['data']) : null);
    if (value === null)
        throw unusableAnswerError(ctx, answer, `a body that is not ${what}`);
    return value;
}
function readPage(answer, ctx, item) {
    const page = normalizePage(readJson(answer, ctx), item);
    if (page === null)
        throw unusableAnswerError(ctx, answer, 'a body that is not a list');
    return page;
}
function clampLimit(limit, fallback) {
    if (limit === undefined || !Number.isFinite(limit))
        return fallback;
    return Math.min(100, Math.max(1, Math.floor(limit)));
}
class Vm0Client {
    http;
    sleep;
    now;
    random;
    onRetry;
    maxAttempts;
    patience;
    /** `token` and `baseUrl` are trusted: the settings layer has checked them. */
    constructor(opts) {
        this.http = new HttpTransport({
            baseUrl: opts.baseUrl,
            token: opts.token,
            userAgent: opts.userAgent ?? 'vm0-run-action',
            requestTimeoutMs: opts.requestTimeoutMs ?? client_DEFAULT_TIMEOUT_MS,
            ...(opts.dispatcher ? { dispatcher: opts.dispatcher } : {})
        });
        this.sleep = opts.sleep ?? client_defaultSleep;
        this.now = opts.now ?? Date.now;
        this.random = opts.random ?? Math.random;
        this.onRetry = opts.onRetry;
        this.maxAttempts = Math.max(1, Math.floor(opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS));
        this.patience = opts.patience;
    }
    // ---- agents -------------------------------------------------------------
    /** Agents visible to the token (own, and shared ones as `scope/name`), de-duplicated. */
    async listAgents(opts = {}) {
        return paginate(cursor => this.call({ method: 'GET', path: '/v1/agents', query: { limit: PAGE_SIZE, cursor } }, (a, c) => readPage(a, c, normalizeAgent)), { maxItems: opts.maxItems ?? DEFAULT_MAX_ITEMS });
    }
    // ---- runs ---------------------------------------------------------------
    /**
     * Starts a run. Retried only when the request certainly never reached the
     * service (refused connection, DNS failure); any other failure throws,
     * TransportError with `sent: true` when a run may have started anyway.
     * 429 throws ConcurrencyLimitError: waiting for a slot is the caller's call.
     */
    async createRun(req, opts = {}) {
        // The body is filtered once, where it is built (run/start.ts): sent as it is.
        const httpReq = {
            method: 'POST',
            path: '/v1/runs',
            json: req,
            sentHint: CREATE_SENT_HINT
        };
        if (opts.signal)
            httpReq.signal = opts.signal;
        return this.call(httpReq, (a, c) => readOne(a, c, normalizeRun, 'a run'), {
            idempotent: false,
            secrets: Object.values(req.secrets ?? {})
        });
    }
    /** One run; `signal` ends the read (and its retries) at once. */
    async getRun(id, opts = {}) {
        const req = { method: 'GET', path: `/v1/runs/${client_enc(id)}` };
        if (opts.signal)
            req.signal = opts.signal;
        return this.call(req, (a, c) => readOne(a, c, normalizeRun, 'a run'));
    }
    /**
     * The caller's runs, newest first, de-duplicated. `limit` is the page
     * size; `maxItems` (default: `limit` if given, else 100) bounds the total.
     */
    async listRuns(opts = {}) {
        const limit = clampLimit(opts.limit, PAGE_SIZE);
        const runs = await paginate(cursor => this.call({ method: 'GET', path: '/v1/runs', query: { limit, cursor, status: opts.status } }, (a, c) => readPage(a, c, normalizeRun)), { maxItems: opts.maxItems ?? (opts.limit !== undefined ? limit : DEFAULT_MAX_RUNS) });
        const at = (r) => r.createdAt === null ? -Infinity : Date.parse(r.createdAt) || -Infinity;
        return runs
            .map((r, i) => ({ r, i }))
            .sort((x, y) => at(y.r) - at(x.r) || x.i - y.i)
            .map(x => x.r);
    }
    /**
     * Cancels a pending or running run: POST without body or content type.
     * Safe to repeat, so it is retried like a read; a 400 `invalid_state` on a
     * retry means an earlier attempt (or the run itself) already finished it,
     * and the run is then read back. On the first attempt it throws.
     * `signal` bounds the whole series of attempts.
     */
    async cancelRun(id, opts = {}) {
        const req = { method: 'POST', path: `/v1/runs/${client_enc(id)}/cancel` };
        if (opts.signal)
            req.signal = opts.signal;
        const result = await this.call(req, (a, c, attempt) => {
            if (attempt > 1 && a.status === 400 && parseEnvelope(a.text)?.code === 'invalid_state')
                return null;
            return readOne(a, c, normalizeRun, 'a run');
        }, { idempotent: true });
        return result ?? this.getRun(id);
    }
    /** One page of a run's logs; following them (moving `since`, de-duplicating) is the caller's job. */
    async getLogs(runId, query = {}, opts = {}) {
        const req = {
            method: 'GET',
            path: `/v1/runs/${client_enc(runId)}/logs`,
            query: {
                type: query.type,
                since: query.since,
                until: query.until,
                order: query.order,
                limit: query.limit === undefined ? undefined : clampLimit(query.limit, 20),
                cursor: query.cursor
            }
        };
        if (opts.signal)
            req.signal = opts.signal;
        return this.call(req, (a, c) => readPage(a, c, normalizeLogEntry));
    }
    async getMetrics(runId, opts = {}) {
        const req = { method: 'GET', path: `/v1/runs/${client_enc(runId)}/metrics` };
        if (opts.signal)
            req.signal = opts.signal;
        return this.call(req, (a, c) => readOne(a, c, normalizeMetrics, 'run metrics'));
    }
    /**
     * One SSE connection to a run's events after `lastEventId`, ending at
     * `complete`; a drop throws StreamDroppedError, the stream's own `error`
     * event StreamErrorEvent. Reconnecting is the caller's job ({@link runEvents}).
     */
    events(runId, opts) {
        return runEvents(this.http, runId, opts);
    }
    // ---- artifacts -----------------------------------------------------------
    /** The artifacts (output stores) of the token's account. */
    listArtifacts(opts = {}) {
        return paginate(cursor => this.call({ method: 'GET', path: '/v1/artifacts', query: { limit: PAGE_SIZE, cursor } }, (a, c) => readPage(a, c, normalizeArtifact)), { maxItems: opts.maxItems ?? DEFAULT_MAX_ITEMS });
    }
    /** Versions newest first; a run's output is the one whose message is `Checkpoint from run <runId>`. */
    listArtifactVersions(id, opts = {}) {
        return paginate(cursor => this.call({
            method: 'GET',
            path: `/v1/artifacts/${client_enc(id)}/versions`,
            query: { limit: PAGE_SIZE, cursor }
        }, (a, c) => readPage(a, c, v => normalizeVersion(v, id))), { maxItems: opts.maxItems ?? DEFAULT_MAX_ITEMS });
    }
    /**
     * The presigned archive URL (valid ~1 h, on another host, needs no token:
     * mask it, never send the token there), or null when there is nothing to
     * download (404: empty, unknown or ambiguous version). The 302 is not followed.
     */
    artifactDownloadUrl(id, versionId) {
        const req = {
            method: 'GET',
            path: `/v1/artifacts/${client_enc(id)}/download`,
            // The current service reads `versionId`, the documented dialect `version_id`.
            query: { versionId, version_id: versionId }
        };
        const requestUrl = this.http.url(req.path, req.query);
        return this.call(req, (a, c) => {
            const location = header(a.headers, 'location');
            if (a.status >= 300 && a.status < 400 && location !== null && location !== '') {
                return new URL(location, requestUrl).toString();
            }
            if (a.status === 404 && parseEnvelope(a.text) !== null)
                return null;
            const body = readJson(a, c);
            const url = json_isObject(body)
                ? (body['url'] ?? body['downloadUrl'] ?? body['download_url'])
                : null;
            if (typeof url === 'string' && url !== '')
                return new URL(url, requestUrl).toString();
            throw unusableAnswerError(c, a, 'neither a redirect nor a download URL');
        });
    }
    // ---- plumbing -----------------------------------------------------------
    /**
     * Sends a request with the retry policy and reads the answer with `read`,
     * whose throws are retried like transport failures.
     */
    async call(req, read, opts = {}) {
        const secrets = opts.secrets ?? [];
        const started = this.now();
        // A create is never patient: it is retried only when it certainly was not sent.
        const patience = opts.idempotent === false ? undefined : this.patience;
        for (let attempt = 1;; attempt++) {
            try {
                const answer = await this.http.send(req, secrets);
                const result = read(answer, this.http.context(req, secrets), attempt);
                patience?.reached();
                return result;
            }
            catch (error) {
                if (req.signal?.aborted)
                    throw req.signal.reason;
                const decision = decideAfterFailure({
                    method: req.method,
                    idempotent: opts.idempotent,
                    attempt,
                    maxAttempts: this.maxAttempts,
                    error,
                    random: this.random(),
                    now: this.now,
                    patience
                });
                if (!decision.retry) {
                    throw client_withAttempts(error, attempt, patience?.deadlineMs == null ? this.maxAttempts : null, decision.reason === 'attempts-exhausted' || decision.reason === 'deadline', this.now() - started);
                }
                if (patience?.deadlineMs == null) {
                    this.onRetry?.(retryLine(req.method, req.path, attempt, this.maxAttempts, error, decision.delayMs));
                }
                await pauseBeforeRetry(this.sleep, decision.delayMs, req.signal);
            }
        }
    }
}
/** Names the attempts in the final error's message, keeping its class, fields and `cause`. */
function client_withAttempts(error, attempt, 
/** null while retrying until a deadline: there is no attempt limit to name. */
max, exhausted, elapsedMs) {
    if (attempt <= 1 || !(error instanceof Error))
        return error;
    error.message = exhausted
        ? `${error.message} Gave up after ${attempt} attempts over ${formatSeconds(Math.max(0, elapsedMs))}.`
        : `${error.message} (failed on attempt ${attempt}${max === null ? '' : ` of ${max}`})`;
    return error;
}

;// CONCATENATED MODULE: ./src/run/cancel-held.ts
/**
 * The post step's one request path: the run the main step left held is
 * cancelled if it is still active. Loaded by `post.ts` only when a run is held.
 */







/**
 * The client of the backend that ran (`api`, from the saved state), with few,
 * short attempts: the post step must stay quick even when VM0 is unreachable.
 */
function defaultClient({ token, apiUrl }, api = 'v1') {
    const options = { baseUrl: apiUrl, token, maxAttempts: 3, requestTimeoutMs: 10_000 };
    return api === 'platform' ? new PlatformClient(options) : new Vm0Client(options);
}
/** Cancels `runId` unless it already ended; any failure is a warning, never a failed post step. */
async function cancelHeldRun(runId, createClient = defaultClient, api = 'v1') {
    try {
        const client = createClient(getConnection());
        // A platform without the run route can still cancel: the cancel answers a run that
        // already ended with RUN_NOT_CANCELLABLE, which counts as done below.
        const run = await client.getRun(runId).catch((error) => {
            if (error instanceof RouteMissingError)
                return null;
            throw error;
        });
        if (run && isTerminal(run.status)) {
            lib_core/* info */.pq(`VM0 run ${runId} already ended (${run.status}); nothing to cancel.`);
            return;
        }
        const cancelled = await client.cancelRun(runId);
        lib_core/* info */.pq(`Cancelled VM0 run ${runId} (status ${cancelled.status}): the main step was interrupted.`);
    }
    catch (error) {
        // The run ended between the read and the cancel: nothing left to do.
        if (isInvalidStateError(error))
            return;
        // The job's result is already decided; a failed clean-up must be visible, not fatal.
        const check = api === 'platform' ? 'Stop it in the web app' : 'Check it with the VM0 CLI';
        lib_core/* warning */.$e(`Could not make sure VM0 run ${runId} was cancelled: ${errorMessage(error)}. ${check} if it is still running.`);
    }
}


/***/ })

};
