export const id = 200;
export const ids = [200];
export const modules = {

/***/ 4200:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  collectOutputsSettled: () => (/* binding */ collectOutputsSettled)
});

// UNUSED EXPORTS: collectOutputs

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: ./src/base/errors.ts
var errors = __webpack_require__(34758);
// EXTERNAL MODULE: ./src/settings/names.ts
var names = __webpack_require__(14761);
// EXTERNAL MODULE: ./src/text/durations.ts
var durations = __webpack_require__(51966);
// EXTERNAL MODULE: ./src/text/sizes.ts
var sizes = __webpack_require__(1801);
// EXTERNAL MODULE: external "node:timers/promises"
var external_node_timers_promises_ = __webpack_require__(58500);
// EXTERNAL MODULE: ./node_modules/undici/index.js
var undici = __webpack_require__(46752);
// EXTERNAL MODULE: ./src/text/remote.ts
var remote = __webpack_require__(25145);
// EXTERNAL MODULE: ./src/vm0/retry.ts
var retry = __webpack_require__(67393);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 13 modules
var core = __webpack_require__(77094);
// EXTERNAL MODULE: ./src/text/sanitize.ts
var sanitize = __webpack_require__(64212);
// EXTERNAL MODULE: ./src/text/secrets.ts
var secrets = __webpack_require__(99690);
;// CONCATENATED MODULE: ./src/artifacts/logger.ts
/**
 * The logging seam of the artifacts stage, and how names from an archive
 * are shown: an archive is remote, untrusted input, so its entry names are
 * quoted, cut and stripped of control characters before they reach a log
 * line (a newline in a name could otherwise start a workflow command).
 */



/** The runner's logger (@actions/core). */
const coreLogger = {
    info: message => core/* info */.pq(message),
    warning: message => core/* warning */.$e(message),
    notice: message => core/* notice */.lm(message),
    setSecret: value => core/* setSecret */.Pq(value),
    group: (title, fn) => core/* group */.Os(title, fn)
};
/**
 * A name from an archive, quoted, for the action's own log lines: control,
 * line-separator and invisible characters escaped as `\n`, `\u200b`…,
 * workflow commands broken (`##[` anywhere), cut at 200 characters (never
 * inside a registered secret).
 */
function showName(name) {
    const escaped = name.replace(/[\p{Cc}\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/gu, c => {
        if (c === '\n')
            return '\\n';
        if (c === '\r')
            return '\\r';
        if (c === '\t')
            return '\\t';
        return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
    });
    if (escaped.length <= 200)
        return `'${(0,sanitize/* breakCommands */.ix)(escaped)}'`;
    const head = (0,sanitize/* cutChars */.oN)(escaped, 197);
    return `'${(0,sanitize/* breakCommands */.ix)(head.slice(0, (0,secrets/* safeCutEnd */.T$)(escaped, head.length)))}…'`;
}
/** `a`, `a and b`, `a, b and 3 more`: at most `max` items named. */
function nameSome(items, max) {
    const shown = items.slice(0, max);
    const rest = items.length - shown.length;
    if (rest > 0)
        return `${shown.join(', ')} and ${rest} more`;
    if (shown.length <= 1)
        return shown.join('');
    return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1] ?? ''}`;
}

;// CONCATENATED MODULE: ./src/artifacts/errors.ts
/**
 * Errors of the artifacts stage. Each fails the step with a message that
 * says what happened to the archive and what the user can do; none holds a
 * presigned URL.
 */


/** The archive cannot be read: not gzip, truncated, or a damaged tar stream. */
class ArchiveError extends errors/* ActionError */.lZ {
    kind;
    name = 'ArchiveError';
    constructor(kind, message) {
        super(message);
        this.kind = kind;
    }
}
/** The archive goes beyond a limit of the extraction (total bytes, entries, depth). */
class ExtractLimitError extends errors/* ActionError */.lZ {
    limit;
    name = 'ExtractLimitError';
    constructor(limit, message) {
        super(message);
        this.limit = limit;
    }
}
/** `if-no-files-found: error` and the run left no files to collect. */
class NoFilesError extends errors/* ActionError */.lZ {
    name = 'NoFilesError';
}
/** The workflow artifact could not be uploaded (name, conflict, service). */
class UploadError extends errors/* ActionError */.lZ {
    name = 'UploadError';
}
/** How many hostile entries an UnsafeArchiveError's message names (the log names them all). */
const NAMED_ENTRIES = 3;
/**
 * The archive holds hostile entries: names that are absolute, climb out
 * with `..` or hold a NUL; devices; FIFOs. Nothing was extracted into
 * `path` and nothing was uploaded. `entries` lists every one of them.
 */
class UnsafeArchiveError extends errors/* ActionError */.lZ {
    entries;
    name = 'UnsafeArchiveError';
    constructor(entries, where) {
        const count = entries.length;
        const named = nameSome(entries.map(e => `${showName(e.path)} (${e.reason})`), NAMED_ENTRIES);
        super(`The output archive holds ${count} unsafe ${count === 1 ? 'entry' : 'entries'}: ${named}. ` +
            `${count === 1 ? 'It is' : 'Each one is'} named in the log. Nothing was extracted into ` +
            `\`path\` (${where.path}) and nothing was uploaded. A VM0 sandbox does not produce ` +
            `absolute or '..' paths, NUL characters in names, devices or FIFOs, so the archive may ` +
            `have been tampered with: check run ${where.runId} and version ` +
            `${where.versionId.slice(0, 12)} of artifact ${showName(where.artifactName)}.`);
        this.entries = entries;
    }
}

;// CONCATENATED MODULE: ./src/artifacts/download.ts
/**
 * Downloads an artifact version's archive and hands the body, as a stream,
 * to a consumer (the extraction): never whole in memory.
 *
 * `GET /v1/artifacts/:id/download` answers a 302 to a presigned URL on
 * another host. That URL is masked before anything could print it and is
 * fetched WITHOUT the bearer token (the storage refuses a request that
 * carries one, and must never see it). Transport failures and 5xx are
 * retried with backoff; a refused or expired URL (400/401/403/404 from the
 * storage) is replaced by a fresh one from the API.
 */







/** The download stream broke off: worth another attempt. */
class BodyError extends errors/* TransportError */.wX {
    name = 'BodyError';
}
/** The request to the storage failed before an answer arrived. */
class NetworkFailure extends errors/* TransportError */.wX {
    name = 'NetworkFailure';
}
const MAX_STORAGE_REDIRECTS = 5;
const REFRESH_STATUSES = new Set([400, 401, 403, 404]);
const USER_AGENT = 'vm0-run-action';
function defaultSleep(ms, signal) {
    return (0,external_node_timers_promises_.setTimeout)(ms, undefined, signal ? { signal } : {});
}
/**
 * Masks a presigned URL: the whole URL, its query, and each long query
 * value (signatures, credentials, tokens), raw and decoded.
 */
function maskUrl(url, setSecret) {
    setSecret(url);
    let parsed;
    try {
        parsed = new URL(url);
    }
    catch {
        return;
    }
    const query = parsed.search.slice(1);
    if (query === '')
        return;
    setSecret(query);
    for (const pair of query.split('&')) {
        const raw = pair.slice(pair.indexOf('=') + 1);
        if (raw.length >= 16)
            setSecret(raw);
    }
    for (const [, value] of parsed.searchParams)
        if (value.length >= 16)
            setSecret(value);
}
function errorCode(error) {
    const e = error;
    if (typeof e?.code === 'string')
        return e.code;
    if (typeof e?.name === 'string')
        return e.name;
    return 'error';
}
/** `(AccessDenied: Request has expired)` from an S3-style XML error body, else ''. */
async function storageDetail(body) {
    let text = '';
    try {
        for await (const chunk of body) {
            text += chunk.toString('utf8');
            if (text.length > 4096)
                break;
        }
    }
    catch {
        // The status says enough.
    }
    finally {
        body.destroy();
    }
    const code = /<Code>([^<]{1,80})<\/Code>/.exec(text)?.[1];
    const message = /<Message>([^<]{1,200})<\/Message>/.exec(text)?.[1];
    if (code === undefined)
        return '';
    // Printed in a trusted log line: keep it on one line.
    return ` (${(0,remote/* remoteText */.S)(code, 80)}${message ? `: ${(0,remote/* remoteText */.S)(message, 200)}` : ''})`;
}
/**
 * Fetches the archive and runs `consume` on its body, retrying as above.
 * Answers `empty` when the API has nothing to download (404: an empty
 * version). Errors of `consume` that are not about the transport (a
 * damaged archive, a limit, a disk error) are thrown at once.
 */
async function downloadArchive(opts) {
    const sleep = opts.sleep ?? defaultSleep;
    const random = opts.random ?? Math.random;
    const maxAttempts = Math.max(1, Math.floor(opts.maxAttempts ?? 5));
    let url = null;
    let refreshes = 0;
    for (let attempt = 1;; attempt++) {
        if (url === null) {
            url = await opts.api.artifactDownloadUrl(opts.artifactId, opts.versionId);
            if (url === null)
                return { kind: 'empty' };
            maskUrl(url, opts.logger.setSecret);
        }
        let refresh = false;
        let reason;
        try {
            const res = await download_open(url, opts);
            if (res.status === 200) {
                const value = await consume(res, opts);
                return { kind: 'done', value, attempts: attempt };
            }
            const detail = await storageDetail(res.body);
            reason = `the storage (${res.host}) answered ${res.status}${detail}`;
            if (REFRESH_STATUSES.has(res.status)) {
                refresh = true;
            }
            else if (!(res.status === 408 || res.status === 429 || res.status >= 500)) {
                throw new errors/* ActionError */.lZ(`Could not download the output archive: ${reason}. The download URL came from the VM0 API; try again later.`);
            }
        }
        catch (error) {
            if (opts.signal?.aborted)
                throw opts.signal.reason;
            if (!(error instanceof BodyError || error instanceof NetworkFailure))
                throw error;
            reason = error.message;
        }
        if (attempt >= maxAttempts) {
            throw new errors/* TransportError */.wX(`Could not download the output archive of version ${opts.versionId.slice(0, 12)}: ` +
                `${reason}. Gave up after ${attempt} attempts.`, true, null);
        }
        // The first fresh URL is asked for at once: an expired URL is not a busy server.
        const waitMs = refresh && refreshes === 0
            ? 0
            : (0,retry/* backoffDelay */.EY)(attempt, random(), { baseDelayMs: 1000, maxDelayMs: 15_000 });
        if (refresh) {
            refreshes++;
            url = null;
        }
        opts.logger.info(`Download attempt ${attempt}/${maxAttempts} failed: ${reason}; ` +
            (waitMs > 0 ? `retrying in ${(0,durations/* formatSeconds */.Xo)(waitMs)}` : 'retrying now') +
            (refresh ? ' with a fresh download URL.' : '.'));
        if (waitMs > 0)
            await sleep(waitMs, opts.signal);
    }
}
/** GETs the presigned URL without any credentials, following the storage's own redirects. */
async function download_open(first, opts) {
    let url = first;
    for (let hop = 0;; hop++) {
        const parsed = new URL(url);
        if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
            throw new errors/* ActionError */.lZ(`The download URL of the output archive uses ${parsed.protocol}, not http(s); refusing it.`);
        }
        let res;
        try {
            res = await (0,undici/* request */.Em)(url, {
                method: 'GET',
                // Only these headers: never an Authorization header, whatever the host.
                headers: { 'user-agent': USER_AGENT, accept: '*/*' },
                headersTimeout: opts.headersTimeoutMs ?? 60_000,
                bodyTimeout: opts.bodyTimeoutMs ?? 120_000,
                ...(opts.dispatcher ? { dispatcher: opts.dispatcher } : {}),
                ...(opts.signal ? { signal: opts.signal } : {})
            });
        }
        catch (error) {
            if (opts.signal?.aborted)
                throw opts.signal.reason;
            throw new NetworkFailure(`the request to the storage (${parsed.host}) failed (${errorCode(error)})`, false, null, { cause: error });
        }
        const location = res.headers['location'];
        if (res.statusCode >= 300 && res.statusCode < 400 && typeof location === 'string') {
            res.body.destroy();
            if (hop >= MAX_STORAGE_REDIRECTS) {
                throw new errors/* ActionError */.lZ(`The storage (${parsed.host}) redirected the download more than ${MAX_STORAGE_REDIRECTS} times.`);
            }
            url = new URL(location, url).toString();
            maskUrl(url, opts.logger.setSecret);
            continue;
        }
        return {
            status: res.statusCode,
            host: parsed.host,
            body: res.body,
            sized: res.headers['content-length'] !== undefined
        };
    }
}
/** Runs the consumer on the body; a break of the body becomes a BodyError (retried). */
async function consume(res, opts) {
    let received = 0;
    async function* guarded() {
        try {
            for await (const chunk of res.body) {
                received += chunk.length;
                yield chunk;
            }
        }
        catch (error) {
            if (opts.signal?.aborted)
                throw error;
            throw new BodyError(`the download from the storage (${res.host}) broke off after ${received} bytes (${errorCode(error)})`, true, 200, { cause: error });
        }
    }
    try {
        return await opts.consume(guarded());
    }
    catch (error) {
        // Without a length, a connection that closed early looks like a truncated archive.
        if (error instanceof ArchiveError && error.kind === 'truncated' && !res.sized) {
            throw new BodyError(`the download from the storage (${res.host}) ended early after ${received} bytes`, true, 200, { cause: error });
        }
        throw error;
    }
    finally {
        if (!res.body.destroyed)
            res.body.destroy();
    }
}

// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(46466);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(38522);
;// CONCATENATED MODULE: ./src/artifacts/archive-faults.ts
/**
 * What went wrong with an archive, in words: a gzip stream that is not gzip,
 * ends early or is damaged; a tar stream that is not tar or is damaged; a
 * write that failed.
 */



/** Marks a fault of the gzip stream, as opposed to one of the tar stream or of the disk. */
function isZlibError(error) {
    const code = error?.code;
    return typeof code === 'string' && code.startsWith('Z_');
}
function describeStart(bytes) {
    if (bytes === null || bytes.length === 0)
        return 'nothing: the body is empty';
    const text = bytes.toString('latin1');
    // Printable text (an HTML or XML error page) is shown as text, anything else as hex.
    if (/^[\x20-\x7e\t\r\n]+$/.test(text)) {
        return `the text ${showName(text.replace(/\s+/g, ' ').slice(0, 32))}`;
    }
    return `the bytes ${bytes.subarray(0, 8).toString('hex')}`;
}
/** The ArchiveError for zlib's `error`, given how many bytes came and how they started. */
function gzipFailure(error, compressedBytes, firstBytes) {
    if (error.code === 'Z_BUF_ERROR' || /unexpected end/i.test(error.message)) {
        if (compressedBytes === 0) {
            return new ArchiveError('not-gzip', 'The output archive is empty: the download had no bytes.');
        }
        return new ArchiveError('truncated', `The output archive is truncated: its gzip stream ends early, after ${compressedBytes} ` +
            `bytes. The stored archive is incomplete or damaged; nothing was extracted.`);
    }
    if (/header check/i.test(error.message)) {
        return new ArchiveError('not-gzip', `The output archive is not gzip data: it starts with ${describeStart(firstBytes)}. ` +
            `Nothing was extracted.`);
    }
    return new ArchiveError('damaged', `The output archive's gzip stream is damaged (${error.message}); nothing was extracted.`);
}
/** The error for node-tar's `error` after `entries` entries: a damaged archive, or a failed write. */
function tarFailure(error, entries) {
    const at = error.entry?.path ? ` at entry ${showName(error.entry.path)}` : '';
    if (error.syscall !== undefined && typeof error.code === 'string') {
        return new errors/* ActionError */.lZ(`Could not write the output files${at}: ${error.code} (${error.message}). Nothing was extracted.`, { cause: error });
    }
    const message = error.message.replace(/^TAR_[A-Z_]+: /, '');
    if (entries === 0) {
        return new ArchiveError('damaged', `The output archive is gzip data but not a tar archive (${message}); nothing was extracted.`);
    }
    return new ArchiveError('damaged', `The output archive is damaged${at}: ${message}. Nothing was extracted.`);
}

;// CONCATENATED MODULE: ./src/artifacts/limits.ts
/**
 * The limits of an extraction, and the errors that name them. An archive
 * beyond one is more likely a decompression bomb than a run's output.
 */



/** The limits collecting uses unless told otherwise. */
const DEFAULT_LIMITS = {
    maxBytes: 10 * 1024 ** 3,
    maxEntries: 100_000,
    maxDepth: 64
};
/** The archive unpacks (or declares files that unpack) to more than `maxBytes`. */
function bytesLimitError(limits) {
    return new ExtractLimitError('bytes', `The output archive unpacks to more than ${(0,sizes/* formatBytes */.z)(limits.maxBytes)}, the limit of ` +
        `what the action extracts (${limits.maxBytes} bytes); nothing was extracted. An archive ` +
        `this large is more likely a decompression bomb than a run's output.`);
}
/** The archive holds more than `maxEntries` entries. */
function entriesLimitError(limits) {
    return new ExtractLimitError('entries', `The output archive holds more than ${limits.maxEntries} entries (files and folders), ` +
        `the limit of what the action extracts; nothing was extracted.`);
}
/** An entry named `path` is `depth` segments deep, beyond `maxDepth`. */
function depthLimitError(limits, depth, path) {
    return new ExtractLimitError('depth', `The output archive has an entry ${depth} folders deep, more than the limit of ` +
        `${limits.maxDepth}: ${showName(path.slice(0, 120))}; nothing was extracted.`);
}

// EXTERNAL MODULE: external "node:events"
var external_node_events_ = __webpack_require__(78474);
// EXTERNAL MODULE: ./node_modules/tar/dist/esm/index.min.js
var index_min = __webpack_require__(98697);
;// CONCATENATED MODULE: ./src/artifacts/entry-filter.ts


/**
 * Checks an entry name from an archive: answers the normalised relative
 * path (`./` and empty segments removed), `root` for the archive's `./`
 * entry, or why the entry is unsafe. Backslashes count as separators here,
 * so a name that would climb out on Windows is refused everywhere.
 */
function checkEntryPath(name) {
    if (name.includes('\0'))
        return { kind: 'unsafe', reason: 'the name holds a NUL character' };
    if (/^[/\\]/.test(name) || /^[A-Za-z]:[/\\]/.test(name)) {
        return { kind: 'unsafe', reason: 'absolute path' };
    }
    const raw = name.split(/[/\\]/);
    if (raw.includes('..'))
        return { kind: 'unsafe', reason: "the path climbs out with '..'" };
    const segments = name.split('/').filter(s => s !== '' && s !== '.');
    if (segments.length === 0)
        return { kind: 'root' };
    return { kind: 'ok', path: segments.join('/'), depth: segments.length };
}
/**
 * Code points HFS+ ignores in names (as git's `is_hfs_dotgit`): `.g\u200cit`
 * is `.git` on a Mac.
 */
const HFS_IGNORED = /[\u200c-\u200f\u202a-\u202e\u206a-\u206f\ufeff]/gu;
/**
 * Whether one path segment names a git folder on some file system, as git
 * itself refuses: `.git` in any case; with trailing spaces or dots and with
 * an NTFS stream suffix (`.git.`, `.git `, `.git::$INDEX_ALLOCATION`), which
 * Windows reads as `.git`; the 8.3 short name `git~1`; and `.git` with code
 * points HFS+ ignores.
 */
function isGitSegment(segment) {
    const colon = segment.indexOf(':');
    const name = (colon === -1 ? segment : segment.slice(0, colon))
        .replace(HFS_IGNORED, '')
        .toLowerCase()
        .replace(/[ .]+$/, '');
    return name === '.git' || name === 'git~1';
}
/**
 * The part of `path` up to and including its first git segment (see
 * {@link isGitSegment}), e.g. `sub/.GIT` of `sub/.GIT/hooks/pre-commit`;
 * null when it has none. Backslashes count as separators, as on Windows.
 */
function gitFolderOf(path) {
    const segments = path.split(/[/\\]/);
    const at = segments.findIndex(isGitSegment);
    return at === -1 ? null : segments.slice(0, at + 1).join('/');
}
/** Why an entry under a `.git` path is refused. */
const GIT_REFUSED_REASON = 'under a .git path: git metadata (hooks, config) from an archive could run in a later step';
/** Files keep an execute bit if they had any; nothing else of the archive's mode survives. */
function safeFileMode(mode) {
    return mode !== undefined && (mode & 0o111) !== 0 ? 0o755 : 0o644;
}
const FILE_TYPES = new Set(['File', 'OldFile', 'ContiguousFile']);
const DIR_TYPES = new Set(['Directory', 'GNUDumpDir']);
/** Entry types that are hostile whatever their name (links and unknown types are only skipped). */
const HOSTILE_TYPES = new Set(['CharacterDevice', 'BlockDevice', 'FIFO']);
/** Why an entry that is neither a regular file nor a folder is not extracted, and whether that is hostile. */
function skippedByType(entry) {
    return { path: entry.path, reason: skipReason(entry), hostile: HOSTILE_TYPES.has(entry.type) };
}
function skipReason(entry) {
    const target = entry.linkpath ? ` to ${showName(entry.linkpath)}` : '';
    switch (entry.type) {
        case 'SymbolicLink':
            return `symbolic link${target}`;
        case 'Link':
            return `hard link${target}`;
        case 'CharacterDevice':
            return 'character device';
        case 'BlockDevice':
            return 'block device';
        case 'FIFO':
            return 'FIFO (named pipe)';
        default:
            return `unsupported entry type ${entry.type}`;
    }
}
/**
 * node-tar's `filter` and `ignoredEntry` under the extraction rules. Once a
 * limit is passed nothing more is taken or reported: the extraction fails
 * with {@link limitFault}.
 */
class EntryFilter {
    limits;
    /** Entries not extracted, in archive order. */
    skipped = [];
    /** Entries read from the archive (meta entries aside). */
    entries = 0;
    /** The first limit passed, if any. */
    limitFault = null;
    declaredBytes = 0;
    // node-tar may show an entry to both the filter and `ignoredEntry`: each counts once.
    seen = new WeakSet();
    constructor(limits) {
        this.limits = limits;
    }
    /** Records the first limit passed; false, so a filter can return it. */
    overLimit(error) {
        this.limitFault ??= error;
        return false;
    }
    /** Whether node-tar may write `entry`; rewrites its path and mode to the checked ones. */
    admit(entry) {
        this.seen.add(entry);
        if (!this.count())
            return false;
        const check = checkEntryPath(entry.path);
        if (check.kind === 'root')
            return false;
        if (check.kind === 'unsafe') {
            this.skipped.push({ path: entry.path, reason: check.reason, hostile: true });
            return false;
        }
        if (gitFolderOf(check.path) !== null) {
            this.skipped.push({ path: entry.path, reason: GIT_REFUSED_REASON, hostile: false });
            return false;
        }
        if (check.depth > this.limits.maxDepth) {
            return this.overLimit(depthLimitError(this.limits, check.depth, entry.path));
        }
        if (FILE_TYPES.has(entry.type)) {
            this.declaredBytes += entry.size;
            if (this.declaredBytes > this.limits.maxBytes) {
                return this.overLimit(bytesLimitError(this.limits));
            }
            entry.mode = safeFileMode(entry.mode);
        }
        else if (DIR_TYPES.has(entry.type)) {
            entry.mode = 0o755;
        }
        else {
            this.skipped.push(skippedByType(entry));
            return false;
        }
        // node-tar writes exactly the path that was checked; the `./` keeps a name like
        // `c:x` from being read as a Windows drive and stripped.
        entry.path = `./${check.path}`;
        return true;
    }
    /** Entries node-tar ignores before any filter (unknown types) still count and are reported. */
    ignored(entry) {
        if (this.seen.has(entry) || entry.meta)
            return;
        this.seen.add(entry);
        if (!this.count())
            return;
        const check = checkEntryPath(entry.path);
        this.skipped.push(check.kind === 'unsafe'
            ? { path: entry.path, reason: check.reason, hostile: true }
            : check.kind === 'ok' && gitFolderOf(check.path) !== null
                ? { path: entry.path, reason: GIT_REFUSED_REASON, hostile: false }
                : skippedByType(entry));
    }
    /** Counts an entry; false once a limit was passed. */
    count() {
        if (this.limitFault)
            return false;
        this.entries++;
        if (this.entries > this.limits.maxEntries) {
            return this.overLimit(entriesLimitError(this.limits));
        }
        return true;
    }
}

;// CONCATENATED MODULE: ./src/artifacts/safe-unpack.ts
/**
 * node-tar's synchronous unpacker with every entry passed through the
 * {@link EntryFilter}, fed a decompressed tar stream with back-pressure.
 * It remembers the first fault (a limit, or node-tar's own error) so the
 * extraction can say which one ended it.
 */




function hasNonZero(chunk) {
    for (let i = 0; i < chunk.length; i++)
        if (chunk[i] !== 0)
            return true;
    return false;
}
/** One extraction's unpacker: feed it with {@link SafeUnpack.consume}, then read its faults. */
class SafeUnpack {
    limits;
    filter;
    /** node-tar's first error, if any. */
    tarFault = null;
    unpack;
    failed;
    closed;
    unpackedBytes = 0;
    sawNonZero = false;
    /** Unpacks into `dir`, an existing, empty folder. */
    constructor(dir, limits) {
        this.limits = limits;
        const filter = new EntryFilter(limits);
        this.filter = filter;
        // The synchronous unpacker writes each chunk as it comes, in this thread, while zlib
        // decompresses the next ones in the thread pool: about 1.5x faster than the asynchronous
        // one, whose every write waits for a thread-pool round trip (and it holds less memory).
        this.unpack = new index_min/* UnpackSync */.U1({
            cwd: dir,
            strict: true,
            preserveOwner: false,
            preservePaths: false,
            unlink: false,
            keep: false,
            // Defence in depth: node-tar's own depth check, above ours.
            maxDepth: limits.maxDepth + 1,
            brotli: false,
            zstd: false,
            filter: (_path, entry) => filter.admit(entry)
        });
        this.unpack.on('ignoredEntry', (entry) => filter.ignored(entry));
        this.failed = new Promise((_, reject) => {
            this.unpack.on('error', (error) => {
                this.tarFault ??= error;
                reject(error);
            });
        });
        this.failed.catch(() => undefined);
        this.closed = new Promise(resolve => this.unpack.on('close', () => resolve()));
    }
    /** The first limit passed, if any. */
    get limitFault() {
        return this.filter.limitFault;
    }
    /** Writes the whole tar stream and waits for the last entry; throws the first fault. */
    async consume(tarStream) {
        for await (const chunk of tarStream) {
            this.unpackedBytes += chunk.length;
            if (this.unpackedBytes > this.limits.maxBytes)
                this.filter.overLimit(bytesLimitError(this.limits));
            this.throwIfFailed();
            if (!this.sawNonZero)
                this.sawNonZero = hasNonZero(chunk);
            const more = this.unpack.write(chunk);
            this.throwIfFailed();
            if (!more)
                await Promise.race([(0,external_node_events_.once)(this.unpack, 'drain'), this.failed]);
            this.throwIfFailed();
        }
        this.unpack.end();
        await Promise.race([this.closed, this.failed]);
        this.throwIfFailed();
    }
    /** Stops writing after a fault elsewhere (node-tar stopped by itself after its own). */
    stop() {
        if (this.tarFault === null)
            this.unpack.abort(new Error('extraction stopped'));
    }
    /**
     * `error` is node-tar's complaint about a stream of nothing but zero
     * blocks (or nothing at all): an empty archive, not a damaged one.
     */
    isEmptyArchive(error) {
        return (this.limitFault === null &&
            this.tarFault !== null &&
            error === this.tarFault &&
            this.tarFault.tarCode === 'TAR_BAD_ARCHIVE' &&
            !this.sawNonZero);
    }
    throwIfFailed() {
        if (this.limitFault)
            throw this.limitFault;
        if (this.tarFault)
            throw this.tarFault;
    }
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
;// CONCATENATED MODULE: ./src/artifacts/staging.ts
/**
 * The folders of an extraction: where the files go (`path`, resolved), the
 * fresh staging folder the archive is unpacked into, the listing of what
 * landed there, and the move into place once the whole archive was read,
 * so a failed extraction leaves nothing at the destination.
 */




/** Where the files go, resolved: an existing symlink to a folder counts as that folder. */
async function resolveDestination(dest) {
    let st;
    try {
        st = await (0,promises_.lstat)(dest);
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return dest;
        throw error;
    }
    if (st.isSymbolicLink()) {
        const target = await (0,promises_.stat)(dest).catch(() => null);
        if (target?.isDirectory())
            return (0,promises_.realpath)(dest);
        throw new errors/* ActionError */.lZ(`The \`path\` ${dest} is a symbolic link that does not lead to a folder; give a folder to extract the output files into.`);
    }
    if (!st.isDirectory()) {
        throw new errors/* ActionError */.lZ(`The \`path\` ${dest} exists and is not a folder; give a folder (new or existing) to extract the output files into.`);
    }
    return dest;
}
/** A fresh, empty staging folder next to `target` (same file system, so moving is a rename). */
async function createStaging(target) {
    const parent = (0,external_node_path_.dirname)(target);
    await (0,promises_.mkdir)(parent, { recursive: true });
    return (0,promises_.mkdtemp)((0,external_node_path_.join)(parent, `.${(0,external_node_path_.basename)(target)}.vm0-`));
}
/** Removes a staging folder and everything in it. */
async function removeTree(dir) {
    await (0,promises_.rm)(dir, { recursive: true, force: true, maxRetries: 3 });
}
/**
 * Lists the regular files under `dir` with lstat (links are never
 * followed). Anything that is neither a file nor a folder is removed and
 * reported; the extraction rules should make that impossible.
 */
async function walkTree(dir) {
    const files = [];
    const removed = [];
    const pending = [''];
    while (pending.length > 0) {
        const rel = pending.pop();
        let items;
        try {
            items = await (0,promises_.readdir)((0,external_node_path_.join)(dir, rel), { withFileTypes: true });
        }
        catch (error) {
            if (error.code === 'ENOENT')
                continue;
            throw error;
        }
        for (const item of items) {
            const path = rel === '' ? item.name : `${rel}/${item.name}`;
            const full = (0,external_node_path_.join)(dir, path);
            const st = await (0,promises_.lstat)(full);
            if (st.isDirectory())
                pending.push(path);
            else if (st.isFile())
                files.push({ path, size: st.size });
            else {
                await (0,promises_.rm)(full, { force: true });
                removed.push({
                    path,
                    reason: 'not a regular file or folder after extraction',
                    hostile: false
                });
            }
        }
    }
    files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return { files, removed };
}
/**
 * Moves the staging folder's content into `target`: a rename when the
 * target does not exist or is empty, else a merge in which the archive's
 * files replace same-named ones (a same-named folder, file or link of the
 * destination is removed first, so nothing is ever written through an
 * existing link) and other content of the destination stays. The staging
 * folder is gone afterwards.
 */
async function installTree(staging, target) {
    try {
        if (await moveIfFree(staging, target))
            return 'created';
        await merge(staging, target);
        return 'merged';
    }
    finally {
        await removeTree(staging);
    }
}
async function moveIfFree(staging, target) {
    const st = await (0,promises_.lstat)(target).catch(() => null);
    if (st !== null) {
        if (!st.isDirectory())
            return false;
        try {
            await (0,promises_.rmdir)(target);
        }
        catch (error) {
            const code = error.code;
            if (code === 'ENOTEMPTY' || code === 'EEXIST')
                return false;
            throw error;
        }
    }
    await moveEntry(staging, target);
    return true;
}
async function moveEntry(from, to) {
    try {
        await (0,promises_.rename)(from, to);
    }
    catch (error) {
        if (error.code !== 'EXDEV')
            throw error;
        // A destination that is its own mount: copy (links are never dereferenced), then remove.
        await (0,promises_.cp)(from, to, {
            recursive: true,
            force: true,
            verbatimSymlinks: true,
            mode: external_node_fs_.constants.COPYFILE_FICLONE
        });
        await removeTree(from);
    }
}
async function merge(from, to) {
    for (const item of await (0,promises_.readdir)(from, { withFileTypes: true })) {
        const source = (0,external_node_path_.join)(from, item.name);
        const dest = (0,external_node_path_.join)(to, item.name);
        const existing = await (0,promises_.lstat)(dest).catch(() => null);
        if (existing === null) {
            await moveEntry(source, dest);
        }
        else if (existing.isDirectory() && item.isDirectory()) {
            await merge(source, dest);
        }
        else {
            await (0,promises_.rm)(dest, { recursive: true, force: true });
            await moveEntry(source, dest);
        }
    }
}

;// CONCATENATED MODULE: ./src/artifacts/extract.ts
/**
 * Safe extraction of a run's output archive (gzip'd tar), streamed.
 *
 * Rules, in order of an entry's life:
 * - An entry whose name is absolute, has a `..` segment or holds a NUL is
 *   not extracted and is reported as hostile. `./`-prefixed entries and the
 *   `./` root entry are normal.
 * - Regular files and folders are extracted. Character and block devices
 *   and FIFOs are not, and are reported as hostile; symbolic links, hard
 *   links and unknown entry types are not either, and are reported as
 *   skipped. Nothing can be written through a link or outside the folder.
 *   Extraction reads on past every such entry, so the report is complete;
 *   the caller decides what a hostile entry means (collecting fails).
 * - Modes are normalised (files 0644, or 0755 when any execute bit is set;
 *   folders 0755): an archive cannot make its files unreadable, setuid or
 *   world-writable. Owners are never applied.
 * - Limits (total unpacked bytes, entries, depth) fail the extraction with
 *   an ExtractLimitError naming the limit; a stream that is not gzip, is
 *   truncated or holds a damaged tar fails it with an ArchiveError.
 * - Everything lands in a fresh staging folder next to the destination and
 *   is moved into place only when the whole archive was read: a failed
 *   extraction leaves nothing at the destination.
 *
 * The parts: `entry-filter.ts` (names, types, modes, counted limits),
 * `safe-unpack.ts` (node-tar behind that filter), `limits.ts`,
 * `archive-faults.ts` (what went wrong, in words) and `staging.ts` (the
 * folders and the move into place).
 */






/** The download as it passes: how many bytes, and how it started (for a message about non-gzip data). */
class SourceProbe {
    source;
    bytes = 0;
    firstBytes = null;
    constructor(source) {
        this.source = source;
    }
    async *chunks() {
        for await (const chunk of this.source) {
            if (this.firstBytes === null)
                this.firstBytes = Buffer.from(chunk.subarray(0, 32));
            this.bytes += chunk.length;
            yield chunk;
        }
    }
}
/**
 * Streams a gzip'd tar into `dir` (an existing, empty folder) under the
 * rules above and answers what landed there. `source` may throw its own
 * errors (a broken download): they pass through untouched.
 */
async function extractTarGz(source, dir, limits = DEFAULT_LIMITS, opts = {}) {
    const unpack = new SafeUnpack(dir, limits);
    const probe = new SourceProbe(source);
    try {
        await (0,external_node_stream_promises_.pipeline)(probe.chunks(), 
        // Large chunks: fewer, larger writes.
        (0,external_node_zlib_.createGunzip)({ chunkSize: 1024 * 1024 }), (tarStream) => unpack.consume(tarStream), opts.signal ? { signal: opts.signal } : {});
    }
    catch (error) {
        unpack.stop();
        if (unpack.isEmptyArchive(error)) {
            return { files: [], totalBytes: 0, skipped: unpack.filter.skipped, entries: 0 };
        }
        throw extractionFailure(error, unpack, probe);
    }
    const tree = await walkTree(dir);
    return {
        files: tree.files,
        totalBytes: tree.files.reduce((sum, f) => sum + f.size, 0),
        skipped: [...unpack.filter.skipped, ...tree.removed],
        entries: unpack.filter.entries
    };
}
/** The error to throw for what stopped the pipeline: a limit first, then the tar or gzip fault. */
function extractionFailure(error, unpack, probe) {
    if (unpack.limitFault)
        return unpack.limitFault;
    if (unpack.tarFault !== null && error === unpack.tarFault) {
        return tarFailure(unpack.tarFault, unpack.filter.entries);
    }
    if (isZlibError(error))
        return gzipFailure(error, probe.bytes, probe.firstBytes);
    return error;
}

;// CONCATENATED MODULE: ./src/artifacts/find-version.ts

/** The message a run's own version carries. */
function checkpointMessage(runId) {
    return `Checkpoint from run ${runId}`;
}
/** The artifact named `name`: an exact match, else a unique case-insensitive one. */
function findArtifact(artifacts, name) {
    const exact = artifacts.find(a => a.name === name);
    if (exact)
        return exact;
    const folded = artifacts.filter(a => a.name.toLowerCase() === name.toLowerCase());
    return folded.length === 1 ? (folded[0] ?? null) : null;
}
/** Whether version id `id` is `ref`, or starts with it (a prefix of at least 8 characters). */
function sameVersion(id, ref) {
    const a = id.toLowerCase();
    const b = ref.toLowerCase();
    return a === b || (b.length >= 8 && a.startsWith(b)) || (a.length >= 8 && b.startsWith(a));
}
/** Picks the version to collect; pure, so every rule is unit-tested. */
function chooseVersion(input) {
    const artifact = findArtifact(input.artifacts, input.artifactName);
    const name = showName(input.artifactName);
    if (artifact === null) {
        const why = input.collect.kind === 'run'
            ? `${ranOrEnded(input)} wrote no version of artifact ${name}: VM0 has no artifact of that name`
            : `VM0 has no artifact named ${name}`;
        return { kind: 'none', artifact: null, missing: 'artifact', why };
    }
    if (input.collect.kind === 'head')
        return headVersion(input, artifact);
    if (input.collect.kind === 'version')
        return chosenVersion(input, artifact, input.collect.id);
    const found = ownVersion(input, artifact) ?? reportedVersion(input, artifact);
    if (found)
        return found;
    return {
        kind: 'none',
        artifact,
        missing: 'run-version',
        why: `${ranOrEnded(input)} wrote no version of artifact ${name} ` +
            `(none of its ${input.versions.length} versions says '${checkpointMessage(input.runId)}')`
    };
}
function ranOrEnded(input) {
    return input.runStatus === 'completed'
        ? `run ${input.runId}`
        : `run ${input.runId}, which ended with status '${input.runStatus}',`;
}
/** The version whose message names the run: the run's own checkpoint. */
function ownVersion(input, artifact) {
    const wanted = checkpointMessage(input.runId);
    const own = input.versions.find(v => v.message?.trim() === wanted);
    if (!own)
        return null;
    return { kind: 'version', artifact, versionId: own.id, version: own, source: 'run' };
}
/** The run detail's `artifactVersion`, unless it is only the version the run started from. */
function reportedVersion(input, artifact) {
    const reported = input.reportedVersion;
    if (reported === null || reported === '')
        return null;
    if (input.startVersion !== null && sameVersion(reported, input.startVersion))
        return null;
    const version = input.versions.find(v => sameVersion(v.id, reported));
    if (!version)
        return null;
    return { kind: 'version', artifact, versionId: version.id, version, source: 'reported' };
}
/** `collect: head`: the artifact's current version, whoever wrote it. */
function headVersion(input, artifact) {
    const headId = artifact.currentVersionId ?? input.versions[0]?.id ?? null;
    if (headId === null) {
        const why = `artifact ${showName(input.artifactName)} has no version yet`;
        return { kind: 'none', artifact, missing: 'versions', why };
    }
    const version = input.versions.find(v => v.id === headId) ?? null;
    return { kind: 'version', artifact, versionId: headId, version, source: 'head' };
}
/** `collect: <version>`: that version (an id, or a prefix of at least 8 characters). */
function chosenVersion(input, artifact, ref) {
    const matches = input.versions.filter(v => sameVersion(v.id, ref));
    const version = matches.length === 1 ? (matches[0] ?? null) : null;
    if (version === null) {
        const why = matches.length > 1
            ? `'${ref}' is the start of ${matches.length} versions of artifact ${showName(input.artifactName)}; give more characters`
            : `artifact ${showName(input.artifactName)} has no version '${ref}' (it has ${input.versions.length})`;
        return { kind: 'none', artifact, missing: 'version', why };
    }
    return { kind: 'version', artifact, versionId: version.id, version, source: 'chosen' };
}
/** Who made a version, as far as its message and author say (for the log line). */
function versionOrigin(version) {
    if (!version?.message)
        return 'whose origin is unknown';
    return `${showName(version.message)}${version.createdBy ? ` by ${version.createdBy}` : ''}`;
}
/** Finds the artifact by name (paging the list), reads its versions and picks one. */
async function findVersion(api, input) {
    const artifacts = await api.listArtifacts();
    const artifact = findArtifact(artifacts, input.artifactName);
    const versions = artifact === null ? [] : await api.listArtifactVersions(artifact.id);
    return chooseVersion({ ...input, artifacts, versions });
}
/**
 * Tells a download 404 apart: the version is empty (its `fileCount` is 0),
 * the artifact no longer has the version, or the artifact is gone. A version
 * still listed with files is taken as empty too (the API has nothing to
 * serve), and said so.
 */
function explainMissingDownload(input) {
    const name = showName(input.artifactName);
    const short = input.versionId.slice(0, 12);
    if (input.artifact === null) {
        return {
            missing: 'no-artifact',
            why: `VM0 has no artifact named ${name} any more (the download of version ${short} answered 404)`
        };
    }
    const version = input.versions.find(v => sameVersion(v.id, input.versionId));
    if (version === undefined) {
        return {
            missing: 'no-version',
            why: `artifact ${name} has no version ${short} any more (the download answered 404)`
        };
    }
    if (version.fileCount === 0) {
        return { missing: 'empty', why: `version ${short} of artifact ${name} is empty (0 files)` };
    }
    const count = version.fileCount === null ? '' : ` though it lists ${version.fileCount} files`;
    return {
        missing: 'empty',
        why: `the VM0 API has nothing to download for version ${short} of artifact ${name}${count}`
    };
}

// EXTERNAL MODULE: ./src/run/folder.ts
var folder = __webpack_require__(78705);
;// CONCATENATED MODULE: ./src/artifacts/paths.ts
/** Where a run's files go under the runner's temporary folder. */


/** `<runnerTemp>/vm0-<runId>/files`, the default `path`; the run id is made safe as a folder name. */
function defaultOutputPath(runnerTemp, runId) {
    return (0,external_node_path_.join)((0,folder/* runFolder */.k)(runnerTemp, runId), 'files');
}

// EXTERNAL MODULE: ./src/settings/checks.ts
var checks = __webpack_require__(14816);
;// CONCATENATED MODULE: ./src/artifacts/upload.ts
/**
 * Publishing the extracted files as a workflow artifact with
 * @actions/artifact. The client follows symbolic links and uploads what
 * they point to, so it is only ever given regular files found with lstat.
 */






/**
 * Above this ratio of archive bytes to extracted bytes, `compression-level:
 * auto` takes the output as already compressed and zips it at level 0.
 * Measured with `tar -czf` as the sandbox archives: random bytes 1.00, a
 * .tar.gz 0.99, PNG images 0.91, 16 MB of media beside 0.4 MB of source
 * 0.98; TypeScript or JavaScript source 0.23–0.26, half random and half text
 * 0.40. Level 6 gains at most a tenth of the size above 0.9 and costs the
 * whole deflate time (64 MiB: about 1.5 s at level 6, 0.14 s at level 0).
 */
const ALREADY_COMPRESSED_RATIO = 0.9;
/**
 * Below this many extracted bytes `auto` does not measure: the tar headers and
 * the gzip framing outweigh a few small files (132 bytes gzip to 300), and
 * deflating under 1 MiB costs a few milliseconds anyway.
 */
const AUTO_MIN_BYTES = 1024 * 1024;
/** The zip level `compression-level: auto` uses for output that compresses. */
const AUTO_COMPRESSIBLE_LEVEL = 6;
/**
 * The zip level to upload at, and one line saying why: an explicit level as
 * given; `auto` from the archive's gzip ratio (compressed / extracted bytes):
 * above {@link ALREADY_COMPRESSED_RATIO} the content is already compressed
 * (media, archives, model files) and level 0 saves the deflate time for
 * nothing lost; else level 6.
 */
function chooseCompressionLevel(setting, size) {
    if (setting !== 'auto') {
        return {
            level: setting,
            line: `Compression level ${setting} (\`compression-level: ${setting}\`).`
        };
    }
    const head = '(`compression-level: auto`)';
    if (size.extractedBytes < AUTO_MIN_BYTES || size.compressedBytes <= 0) {
        return {
            level: AUTO_COMPRESSIBLE_LEVEL,
            line: `Compression level ${AUTO_COMPRESSIBLE_LEVEL} ${head}: the output is under 1 MiB, ` +
                'so compressing it costs next to nothing.'
        };
    }
    const ratio = size.compressedBytes / size.extractedBytes;
    const shown = `the gzip'd output archive was ${formatRatio(ratio)} of the files' size`;
    if (ratio > ALREADY_COMPRESSED_RATIO) {
        return {
            level: 0,
            line: `Compression level 0 ${head}: ${shown} (above ${formatRatio(ALREADY_COMPRESSED_RATIO)}), ` +
                'so the files are already compressed and zipping them again would only cost time.'
        };
    }
    return {
        level: AUTO_COMPRESSIBLE_LEVEL,
        line: `Compression level ${AUTO_COMPRESSIBLE_LEVEL} ${head}: ${shown} ` +
            `(at most ${formatRatio(ALREADY_COMPRESSED_RATIO)}), so the files compress.`
    };
}
function formatRatio(ratio) {
    return `${Math.round(ratio * 100)}%`;
}
/**
 * @actions/artifact, loaded on first use: it is the heaviest dependency and
 * most steps never upload, so it stays out of the action's cold start.
 */
function artifactModule() {
    return Promise.all(/* import() */[__webpack_require__.e(351), __webpack_require__.e(645)]).then(__webpack_require__.bind(__webpack_require__, 9645));
}
/** @actions/artifact's client, for the runner's artifact service (loaded when first called). */
function defaultUploadClient() {
    let client = null;
    const load = () => (client ??= artifactModule().then(m => new m.DefaultArtifactClient()));
    return {
        uploadArtifact: async (...args) => (await load()).uploadArtifact(...args),
        deleteArtifact: async (name) => (await load()).deleteArtifact(name)
    };
}
/** Characters a file path inside a workflow artifact cannot hold. */
const PATH_FORBIDDEN = /[":<>|*?\r\n]/;
/** Replaces every character a workflow artifact name cannot hold with `-`. */
function sanitizeArtifactName(name) {
    return (0,checks/* replaceUploadNameForbidden */.ks)(name).trim();
}
/**
 * `vm0-<artifact-name>-<run id's first 8 characters>`, sanitized. The VM0
 * run id differs per run, so matrix jobs and re-runs (which start new runs)
 * never clash; a re-run attempt that collects the same run again (`run-id`)
 * gets `-attempt-<n>` so it does not clash with the first attempt's upload.
 */
function defaultUploadName(artifactName, runId, runAttempt) {
    const attempt = Number(runAttempt);
    const suffix = Number.isInteger(attempt) && attempt > 1 ? `-attempt-${attempt}` : '';
    return sanitizeArtifactName(`vm0-${artifactName}-${runId.slice(0, 8)}${suffix}`);
}
/** Throws an UploadError naming the name when the artifact service would refuse it. */
function checkArtifactName(name) {
    if (name.trim() === '') {
        throw new UploadError('The workflow artifact name is empty: set `upload-name`.');
    }
    const bad = (0,checks/* uploadNameForbidden */.mu)(name);
    if (bad.length > 0) {
        const shown = bad.map(c => JSON.stringify(c)).join(' ');
        throw new UploadError(`The workflow artifact name ${showName(name)} holds ${shown}, which artifact names ` +
            `cannot hold (none of ${checks/* UPLOAD_NAME_FORBIDDEN_TEXT */.Q_}): set \`upload-name\`.`);
    }
}
/** A path with a segment that starts with `.` (a dot-file or a file in a dot-folder). */
function isHiddenPath(path) {
    return path.split('/').some(segment => segment.startsWith('.'));
}
/** Which extracted files go into the workflow artifact. */
function selectUploadFiles(files, includeHidden) {
    const selection = { upload: [], hidden: [], refused: [] };
    for (const file of files) {
        // Never extracted (the entry filter refuses them); never uploaded either, whatever happened.
        if (gitFolderOf(file.path) !== null) {
            selection.refused.push({ path: file.path, reason: GIT_REFUSED_REASON, hostile: false });
        }
        else if (!includeHidden && isHiddenPath(file.path))
            selection.hidden.push(file);
        else if (PATH_FORBIDDEN.test(file.path)) {
            selection.refused.push({
                path: file.path,
                reason: 'kept on disk but not uploaded: workflow artifacts cannot hold " : < > | * ? or line breaks in file names',
                hostile: false
            });
        }
        else
            selection.upload.push(file);
    }
    return selection;
}
/** `https://github.com/<repo>/actions/runs/<run>/artifacts/<id>`, or null without the run context. */
function artifactUrl(env, id) {
    const repository = env.GITHUB_REPOSITORY;
    const runId = env.GITHUB_RUN_ID;
    if (!repository || !runId)
        return null;
    const server = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
    return `${server}/${repository}/actions/runs/${runId}/artifacts/${id}`;
}
/**
 * What the user can do about a failed upload. @actions/artifact has a class
 * for GHES; a name conflict (409) and a step outside a runner (no runtime
 * token) reach us as plain errors, so only their messages tell them apart.
 */
async function uploadHint(error) {
    const { GHESNotSupportedError } = await artifactModule();
    if (error instanceof GHESNotSupportedError) {
        return ' GitHub Enterprise Server does not offer this artifact service; set `upload: false` there.';
    }
    const message = (0,errors/* errorMessage */.gJ)(error);
    if (/\b409\b|already exists/i.test(message)) {
        return ' A workflow artifact of that name already exists in this workflow run: set `overwrite: true` to replace it, or another `upload-name`.';
    }
    if (/ACTIONS_RUNTIME_TOKEN|ACTIONS_RESULTS_URL/.test(message)) {
        return ' The artifact service is only reachable from an action step on a GitHub runner; set `upload: false` elsewhere.';
    }
    return '';
}
/** Deletes the earlier workflow artifact named `name`, if there is one (`overwrite: true`). */
async function deleteEarlier(opts) {
    try {
        await opts.client.deleteArtifact(opts.name);
        opts.info(`Deleted the earlier workflow artifact ${showName(opts.name)} (overwrite: true).`);
    }
    catch (error) {
        const { ArtifactNotFoundError } = await artifactModule();
        if (error instanceof ArtifactNotFoundError)
            return;
        throw new UploadError(`Could not delete the earlier workflow artifact ${showName(opts.name)} to overwrite it: ${(0,errors/* errorMessage */.gJ)(error)}`, { cause: error });
    }
}
/** Uploads `files` as workflow artifact `name` (replacing one of that name when `overwrite`). */
async function uploadFiles(opts) {
    checkArtifactName(opts.name);
    if (opts.overwrite)
        await deleteEarlier(opts);
    let answer;
    try {
        answer = await opts.client.uploadArtifact(opts.name, opts.files.map(f => (0,external_node_path_.join)(opts.root, f.path)), opts.root, {
            compressionLevel: opts.compressionLevel,
            ...(opts.retentionDays !== null ? { retentionDays: opts.retentionDays } : {})
        });
    }
    catch (error) {
        throw new UploadError(`Could not upload the workflow artifact ${showName(opts.name)}: ${(0,errors/* errorMessage */.gJ)(error)}.${await uploadHint(error)}`, { cause: error });
    }
    if (typeof answer.id !== 'number') {
        throw new UploadError(`The artifact service did not return an id for the workflow artifact ${showName(opts.name)}.`);
    }
    return {
        id: answer.id,
        name: opts.name,
        url: artifactUrl(opts.env, answer.id),
        digest: answer.digest ?? null
    };
}

;// CONCATENATED MODULE: ./src/artifacts/collect.ts
/**
 * Collecting a run's output: find the artifact version the run produced,
 * download it (presigned URL, no token), extract it safely into `path`, and
 * publish the files as a workflow artifact.
 *
 * Step result:
 * - a run that wrote no version of its own (`collect: run`, the default):
 *   nothing is extracted or uploaded, the artifact outputs stay empty, and
 *   one notice says why (`if-no-files-found: error` fails the step instead,
 *   `ignore` says it in the log only). Never the head instead: that would
 *   publish older files, maybe another run's, as this run's output;
 * - entries under a `.git` path (any case, and the spellings Windows and
 *   macOS read as `.git`) are never extracted or uploaded: they are named
 *   once (each in the log, the folders in one warning) and the step goes on;
 * - hostile entries (a name that is absolute, climbs out with `..` or holds
 *   a NUL; a character device, block device or FIFO) fail the step with an
 *   UnsafeArchiveError once the whole archive was read: each one is named in
 *   the log, the staging folder is removed, `path` is left as it was
 *   (nothing extracted into it) and nothing is uploaded. A VM0 sandbox does
 *   not produce such entries, so the archive may have been tampered with;
 * - links (symbolic and hard) and unsupported entry types are skipped and
 *   named in one warning (each one in the log); the step goes on;
 * - an archive that is not gzip, truncated or damaged, or one beyond a limit
 *   (bytes, entries, depth), fails the step and leaves nothing at `path`;
 * - no files (`collect: head` and no artifact or no version, an empty
 *   version, a version or artifact gone by the time of the download, an
 *   archive without regular files, only hidden files to upload) follows
 *   `if-no-files-found`; `collect: <version>` naming a version the artifact
 *   does not have fails the step.
 */















const WARN_NAMES = 5;
function emptyResult() {
    return {
        artifactVersion: null,
        artifactsPath: null,
        files: [],
        totalBytes: 0,
        skipped: [],
        upload: null
    };
}
/**
 * Collects the run's output files into `path` and uploads them (see the
 * module comment for what fails the step). Call it after the run ended,
 * whatever its status.
 */
async function collectOutputs(opts) {
    const artifactName = opts.settings.artifactName;
    if (artifactName === null || artifactName === '')
        return emptyResult();
    const job = {
        opts,
        settings: opts.settings,
        artifactName,
        logger: opts.logger ?? coreLogger,
        env: opts.env ?? process.env,
        limits: { ...DEFAULT_LIMITS, ...opts.limits },
        dest: opts.settings.path ?? defaultOutputPath(opts.runnerTemp, opts.runId)
    };
    const gathered = await job.logger.group('Downloading output', () => gather(job));
    if (gathered.kind === 'unwritten')
        return unwritten(job, gathered.why);
    if (gathered.kind === 'none') {
        const result = { ...emptyResult(), artifactVersion: gathered.versionId };
        result.skipped = gathered.skipped;
        return noFiles(job, result, gathered.why, null);
    }
    const result = {
        artifactVersion: gathered.versionId,
        artifactsPath: gathered.path,
        files: gathered.tree.files,
        totalBytes: gathered.tree.totalBytes,
        skipped: [...gathered.tree.skipped],
        upload: null
    };
    return publish(job, result, gathered);
}
/**
 * collectOutputs, with its failure handed back instead of thrown, so the
 * caller can set the run's own outputs before it fails the step.
 */
async function collectOutputsSettled(opts) {
    try {
        return { result: await collectOutputs(opts), error: null };
    }
    catch (error) {
        return { result: null, error: error ?? new Error('collecting the output failed') };
    }
}
/** No files to collect: fails the step, warns or tells, as `if-no-files-found` says; `path` exists after. */
async function noFiles(job, result, why, where) {
    const text = `No output files were found: ${why}.`;
    if (job.settings.ifNoFilesFound === 'error') {
        throw new NoFilesError(`${text} Failing the step because \`if-no-files-found\` is 'error'.`);
    }
    if (job.settings.ifNoFilesFound === 'warn')
        job.logger.warning(text);
    else
        job.logger.info(text);
    if (where === null) {
        where = await resolveDestination(job.dest);
        await (0,promises_.mkdir)(where, { recursive: true });
    }
    result.artifactsPath = where;
    return result;
}
/**
 * The run wrote no version of its own: nothing is extracted or uploaded and
 * the artifact outputs stay empty. One notice says why and what to do
 * (`if-no-files-found: error` fails the step with it; `ignore` logs it).
 */
function unwritten(job, why) {
    const text = `Nothing was extracted or uploaded: ${why}. Versions are content-addressed, so a run ` +
        'that changed nothing writes none; on the current service, runs started by agent name do ' +
        'not write an artifact through the API: continue a session (`session-id`) or a checkpoint ' +
        `(\`checkpoint-id\`) to collect one, or set \`${names/* Inputs */.G0.Collect}: head\` to collect the ` +
        "artifact's current version on purpose.";
    if (job.settings.ifNoFilesFound === 'error') {
        throw new NoFilesError(`${text} Failing the step because \`if-no-files-found\` is 'error'.`);
    }
    if (job.settings.ifNoFilesFound === 'ignore')
        job.logger.info(text);
    else
        job.logger.notice(text);
    return emptyResult();
}
/**
 * Entries under `.git` paths: each named in the log, their folders in one
 * warning. The rest as {@link reportSkipped} does.
 */
function reportRefused(skipped, logger, what) {
    const git = skipped.filter(e => gitFolderOf(e.path) !== null);
    reportSkipped(skipped.filter(e => gitFolderOf(e.path) === null), logger, what);
    if (git.length === 0)
        return;
    const folders = new Map();
    for (const entry of git) {
        logger.info(`Refused ${showName(entry.path)}: ${entry.reason}.`);
        const folder = gitFolderOf(entry.path) ?? '';
        folders.set(folder, (folders.get(folder) ?? 0) + 1);
    }
    const named = nameSome([...folders].map(([folder, n]) => `${showName(folder)} (${n})`), WARN_NAMES);
    logger.warning(`Refused ${git.length} entries of the output archive under .git paths, which git would ` +
        `read as its own hooks and config in a later step: ${named}. Nothing under them was ` +
        'extracted or uploaded; every entry is named in the log.');
}
/** Logs each skipped entry and sums them up in a single warning (annotations are capped per step). */
function reportSkipped(skipped, logger, what) {
    if (skipped.length === 0)
        return;
    for (const entry of skipped)
        logger.info(`Skipped ${showName(entry.path)}: ${entry.reason}.`);
    const named = nameSome(skipped.map(e => `${showName(e.path)} (${e.reason})`), WARN_NAMES);
    const more = skipped.length > WARN_NAMES ? ' Every one is listed in the log.' : '';
    logger.warning(`${what} (${skipped.length}): ${named}.${more}`);
}
// --- Steps 1 to 3: find the version, download it, extract it into place ---
/** Finds the run's version, downloads and extracts it, and moves the files into `path`. */
async function gather(job) {
    const choice = await findVersion(job.opts.client, {
        artifactName: job.artifactName,
        runId: job.opts.runId,
        runStatus: job.opts.runStatus ?? 'completed',
        reportedVersion: job.opts.runArtifactVersion ?? null,
        startVersion: job.settings.artifactVersion,
        collect: job.settings.collect
    });
    if (choice.kind === 'none')
        return missing(job, choice);
    logChoice(job, choice);
    const { versionId } = choice;
    const target = await resolveDestination(job.dest);
    const started = Date.now();
    const outcome = await download(job, choice, target);
    if (outcome.kind === 'empty') {
        const { why } = await explainEmpty(job, versionId);
        return { kind: 'none', why, versionId, skipped: [] };
    }
    const gathered = await install(job, versionId, outcome.value, target);
    if (gathered.kind === 'files')
        logExtracted(job, gathered, Date.now() - started);
    return gathered;
}
/** No version to collect: the run wrote none, the `collect` version does not exist, or no files. */
function missing(job, choice) {
    const runOwn = job.settings.collect.kind === 'run';
    if (choice.missing === 'run-version' || (choice.missing === 'artifact' && runOwn)) {
        return { kind: 'unwritten', why: choice.why };
    }
    if (choice.missing === 'version') {
        const collect = job.settings.collect;
        const given = collect.kind === 'version' ? collect.id : '';
        throw new errors/* ActionError */.lZ(`\`${names/* Inputs */.G0.Collect}\` is '${given}', but ${choice.why}. Set \`${names/* Inputs */.G0.Collect}\` to a ` +
            `version id of the artifact, \`head\` or \`run\`.`);
    }
    return { kind: 'none', why: choice.why, versionId: null, skipped: [] };
}
/** A download answered 404: reads the artifact and its versions again to say why. */
async function explainEmpty(job, versionId) {
    const { client } = job.opts;
    const artifact = findArtifact(await client.listArtifacts(), job.artifactName);
    const versions = artifact === null ? [] : await client.listArtifactVersions(artifact.id);
    return explainMissingDownload({ artifactName: job.artifactName, versionId, artifact, versions });
}
function logChoice(job, choice) {
    const v = choice.version;
    const which = choice.source === 'head'
        ? `the current version (\`${names/* Inputs */.G0.Collect}: head\`), ${versionOrigin(v)}, `
        : choice.source === 'chosen'
            ? `the version \`${names/* Inputs */.G0.Collect}\` names, `
            : '';
    job.logger.info(`Collecting ${which}version ${choice.versionId.slice(0, 12)} of artifact ${showName(choice.artifact.name)}` +
        (v?.message ? ` (${showName(v.message)}` : ' (') +
        (v?.fileCount != null ? `, ${v.fileCount} files` : '') +
        (v?.size != null ? `, ${(0,sizes/* formatBytes */.z)(v.size)}` : '') +
        ')');
}
/** Counts the bytes of one download attempt as they pass. */
async function* counted(body, count) {
    for await (const chunk of body) {
        count.bytes += chunk.length;
        yield chunk;
    }
}
/** Downloads the version and extracts it, as it streams in, into a staging folder next to `target`. */
function download(job, choice, target) {
    const { opts } = job;
    return downloadArchive({
        api: opts.client,
        artifactId: choice.artifact.id,
        versionId: choice.versionId,
        logger: job.logger,
        ...(opts.dispatcher ? { dispatcher: opts.dispatcher } : {}),
        ...(opts.sleep ? { sleep: opts.sleep } : {}),
        ...(opts.random ? { random: opts.random } : {}),
        ...(opts.maxAttempts !== undefined ? { maxAttempts: opts.maxAttempts } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
        consume: async (body) => {
            const staging = await createStaging(target);
            const count = { bytes: 0 };
            try {
                const signal = opts.signal ? { signal: opts.signal } : {};
                const tree = await extractTarGz(counted(body, count), staging, job.limits, signal);
                return { tree, staging, compressedBytes: count.bytes };
            }
            catch (error) {
                await removeTree(staging);
                throw error;
            }
        }
    });
}
/**
 * Moves the extracted files into `target`, unless the archive held hostile
 * entries (the step fails, nothing lands) or no regular file (no files).
 */
async function install(job, versionId, { tree, staging, compressedBytes }, target) {
    const hostile = tree.skipped.filter(e => e.hostile);
    if (hostile.length > 0) {
        await removeTree(staging);
        for (const entry of hostile) {
            job.logger.info(`Unsafe entry ${showName(entry.path)}: ${entry.reason}.`);
        }
        const where = { path: target, runId: job.opts.runId, artifactName: job.artifactName };
        throw new UnsafeArchiveError(hostile, { ...where, versionId });
    }
    reportRefused(tree.skipped, job.logger, 'Skipped links and unsupported entries of the output archive');
    if (tree.files.length === 0) {
        await removeTree(staging);
        const why = tree.skipped.length > 0
            ? `the archive of version ${versionId.slice(0, 12)} holds no regular file that could be extracted safely`
            : `the archive of version ${versionId.slice(0, 12)} of artifact ${showName(job.artifactName)} holds no files`;
        return { kind: 'none', why, versionId, skipped: tree.skipped };
    }
    let how;
    try {
        how = await installTree(staging, target);
    }
    catch (error) {
        await removeTree(staging);
        throw error;
    }
    const size = { compressedBytes, extractedBytes: tree.totalBytes };
    return { kind: 'files', versionId, path: target, tree, merged: how === 'merged', size };
}
function logExtracted(job, files, ms) {
    job.logger.info(`Extracted ${files.tree.files.length} files (${(0,sizes/* formatBytes */.z)(files.tree.totalBytes)}) to ${files.path}` +
        (files.merged ? ', merged into what the folder held (same names replaced)' : '') +
        ` in ${(0,durations/* formatSeconds */.Xo)(ms)}.`);
}
// --- Step 4: upload ---
/** Uploads the extracted files as a workflow artifact (unless `upload: false`). */
async function publish(job, result, gathered) {
    const { settings, logger } = job;
    const root = gathered.path;
    const extracted = gathered.tree.files;
    if (!settings.upload) {
        logger.info(`Not uploading the files (upload: false); they stay in ${root}.`);
        return result;
    }
    const selection = selectUploadFiles(extracted, settings.includeHiddenFiles);
    reportRefused(selection.refused, logger, 'Files not uploaded because of their names');
    result.skipped.push(...selection.refused);
    if (selection.hidden.length > 0) {
        const names = nameSome(selection.hidden.map(f => showName(f.path)), 20);
        logger.info(`Not uploading ${selection.hidden.length} hidden files (include-hidden-files: false): ${names}.`);
    }
    if (selection.upload.length === 0) {
        const why = `none of the ${extracted.length} extracted files can be uploaded` +
            (selection.hidden.length > 0 ? ' (hidden files need `include-hidden-files: true`)' : '');
        return noFiles(job, result, why, root);
    }
    result.upload = await logger.group('Uploading output', () => upload(job, root, selection.upload, gathered.size));
    return result;
}
async function upload(job, root, files, size) {
    const { opts, settings, env } = job;
    const compression = chooseCompressionLevel(settings.compressionLevel, size);
    job.logger.info(compression.line);
    const uploaded = await uploadFiles({
        client: opts.uploadClient ?? defaultUploadClient(),
        name: settings.uploadName ??
            defaultUploadName(job.artifactName, opts.runId, env.GITHUB_RUN_ATTEMPT),
        root,
        files,
        retentionDays: settings.retentionDays,
        compressionLevel: compression.level,
        overwrite: settings.overwrite,
        env,
        info: message => job.logger.info(message)
    });
    job.logger.info(`Uploaded ${files.length} files as workflow artifact ${showName(uploaded.name)}` +
        ` (id ${uploaded.id})${uploaded.url ? `: ${uploaded.url}` : ''}.`);
    return uploaded;
}


/***/ })

};
