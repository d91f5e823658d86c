export const id = 98;
export const ids = [98];
export const modules = {

/***/ 86285:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Z: () => (/* binding */ downloadArchive)
});

// UNUSED EXPORTS: maskUrl

// EXTERNAL MODULE: external "node:timers/promises"
var promises_ = __webpack_require__(58500);
// EXTERNAL MODULE: ./node_modules/undici/index.js
var undici = __webpack_require__(46752);
// EXTERNAL MODULE: ./src/base/errors.ts
var errors = __webpack_require__(34758);
// EXTERNAL MODULE: ./src/text/durations.ts
var durations = __webpack_require__(51966);
// EXTERNAL MODULE: ./src/vm0/retry.ts
var retry = __webpack_require__(67393);
// EXTERNAL MODULE: ./src/artifacts/errors.ts
var artifacts_errors = __webpack_require__(47172);
// EXTERNAL MODULE: external "node:dns"
var external_node_dns_ = __webpack_require__(40610);
// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(77030);
;// CONCATENATED MODULE: ./src/artifacts/storage-hosts.ts
/**
 * Where the archive download may go. The presigned URL and every redirect
 * after it come from remote answers, so each hop is checked before it is
 * requested, and each address a name resolves to before it is connected:
 * - never from https: down to http: (the chain starts at the API URL's scheme);
 * - never to a link-local or cloud metadata address (169.254.0.0/16,
 *   fe80::/10, fd00:ec2::254, 100.100.100.200, metadata.google.internal):
 *   what answers there holds the runner's cloud credentials;
 * - to a loopback address (127.0.0.0/8, ::1, 0.0.0.0, localhost) only when
 *   the API URL itself is loopback (a local emulator and its storage).
 */




/** A storage hop the policy refuses; never retried. */
class StorageHopError extends errors/* ActionError */.lZ {
    name = 'StorageHopError';
}
const loopback = new external_node_net_.BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addSubnet('0.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');
loopback.addAddress('::', 'ipv6');
const forbidden = new external_node_net_.BlockList();
forbidden.addSubnet('169.254.0.0', 16, 'ipv4');
forbidden.addSubnet('fe80::', 10, 'ipv6');
forbidden.addAddress('fd00:ec2::254', 'ipv6');
forbidden.addAddress('100.100.100.200', 'ipv4');
const LOOPBACK_NAMES = /^(localhost|.*\.localhost)\.?$/i;
const METADATA_NAMES = /^(metadata\.google\.internal|metadata\.goog|metadata|instance-data)\.?$/i;
/** `::ffff:a.b.c.d` (or `::ffff:7f00:1`, as URLs spell it) as the IPv4 address it stands for. */
function unmapped(ip) {
    const mapped = /^::ffff:(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/i.exec(ip);
    if (mapped === null)
        return { address: ip, type: (0,external_node_net_.isIP)(ip) === 4 ? 'ipv4' : 'ipv6' };
    if (mapped[1] !== undefined)
        return { address: mapped[1], type: 'ipv4' };
    const high = parseInt(mapped[2] ?? '0', 16);
    const low = parseInt(mapped[3] ?? '0', 16);
    return {
        address: [high >> 8, high & 255, low >> 8, low & 255].join('.'),
        type: 'ipv4'
    };
}
/** What a host (a name or an address, IPv6 with or without brackets) is. */
function classifyHost(host) {
    const bare = host.replace(/^\[(.*)\]$/, '$1');
    if ((0,external_node_net_.isIP)(bare) === 0) {
        if (LOOPBACK_NAMES.test(bare))
            return 'loopback';
        if (METADATA_NAMES.test(bare))
            return 'forbidden';
        return 'other';
    }
    const { address, type } = unmapped(bare.toLowerCase());
    if (forbidden.check(address, type))
        return 'forbidden';
    if (loopback.check(address, type))
        return 'loopback';
    return 'other';
}
/** The policy for an API URL; without one, the strictest (https, no loopback). */
function storagePolicy(apiUrl) {
    let url;
    try {
        url = apiUrl === undefined ? null : new URL(apiUrl);
    }
    catch {
        url = null;
    }
    return {
        startProtocol: url?.protocol === 'http:' ? 'http:' : 'https:',
        allowLoopback: url !== null && classifyHost(url.hostname) === 'loopback'
    };
}
/** Why `host` may not be reached under `policy`, or null when it may. */
function refusedHost(host, policy) {
    const kind = classifyHost(host);
    if (kind === 'forbidden')
        return 'a link-local or cloud metadata address';
    if (kind === 'loopback' && !policy.allowLoopback) {
        return 'a loopback address (allowed only when `api-url` is loopback)';
    }
    return null;
}
/**
 * Checks one hop of the download before it is requested: `url` reached from
 * a hop that used `previous` (the API URL's scheme for the first one).
 */
function checkStorageHop(url, previous, policy) {
    const where = `the storage hop to ${url.host}`;
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        throw new StorageHopError(`The download URL of the output archive uses ${url.protocol}, not http(s); refusing it.`);
    }
    if (previous === 'https:' && url.protocol === 'http:') {
        throw new StorageHopError(`Refused ${where}: it goes from https down to http (cleartext). The download URL and ` +
            `its redirects came from the VM0 API and the storage; nothing was downloaded.`);
    }
    const why = refusedHost(url.hostname, policy);
    if (why !== null) {
        throw new StorageHopError(`Refused ${where}: ${why}. The download URL and its redirects came from the VM0 API ` +
            `and the storage; nothing was downloaded.`);
    }
}
/** dns.lookup that refuses a name resolving to an address the policy refuses (a DNS rebinding). */
function guardedLookup(policy) {
    return (hostname, options, callback) => {
        (0,external_node_dns_.lookup)(hostname, { ...options, all: true }, (error, addresses) => {
            if (error)
                return callback(error, '');
            for (const { address } of addresses) {
                const why = refusedHost(address, policy);
                if (why !== null) {
                    const refused = new StorageHopError(`Refused the storage host ${hostname}: it resolves to ${why}; nothing was downloaded.`);
                    return callback(Object.assign(refused, { code: 'ESTORAGEHOST' }), '');
                }
            }
            if (options.all === true)
                return callback(null, addresses);
            const first = addresses[0];
            if (first === undefined)
                return callback(null, []);
            callback(null, first.address, first.family);
        });
    };
}
/** An undici agent whose connections only go to addresses the policy allows. */
function guardedAgent(policy) {
    return new undici.Agent({ connect: { lookup: guardedLookup(policy) } });
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
 * storage) is replaced by a fresh one from the API. The storage's own
 * redirects (an S3 307 to a regional endpoint) are drained and followed up
 * to 5 times; every hop is checked first (`storage-hosts.ts`: no https → http,
 * no metadata or link-local address, loopback only for a loopback API).
 * What the storage answers is never echoed as text: an error names its S3
 * error code (letters only) or shows a few bytes as hex.
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
    return (0,promises_.setTimeout)(ms, undefined, signal ? { signal } : {});
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
/** Bytes of an error answer read to describe it; the rest is dropped. */
const PREVIEW_BYTES = 512;
/**
 * ` (S3 error AccessDenied)` for an S3-style XML error body whose code is
 * letters only, else the first 8 bytes as hex, else ''. Never the body as
 * text: it is remote and would be printed in a trusted log line.
 */
async function storageDetail(body) {
    const chunks = [];
    let length = 0;
    try {
        for await (const chunk of body) {
            chunks.push(chunk);
            length += chunk.length;
            if (length >= PREVIEW_BYTES)
                break;
        }
    }
    catch {
        // The status says enough.
    }
    finally {
        body.destroy();
    }
    const head = Buffer.concat(chunks).subarray(0, PREVIEW_BYTES);
    const code = /<Code>([A-Za-z]{1,64})<\/Code>/.exec(head.toString('latin1'))?.[1];
    if (code !== undefined)
        return ` (S3 error ${code})`;
    return head.length > 0 ? ` (body starts with bytes ${head.subarray(0, 8).toString('hex')})` : '';
}
/**
 * Fetches the archive and runs `consume` on its body, retrying as above.
 * Answers `empty` when the API has nothing to download (404: an empty
 * version). Errors of `consume` that are not about the transport (a
 * damaged archive, a limit, a disk error) are thrown at once.
 */
async function downloadArchive(opts) {
    const policy = storagePolicy(opts.apiUrl);
    const agent = opts.dispatcher ? null : guardedAgent(policy);
    try {
        return await attempts({ ...opts, dispatcher: opts.dispatcher ?? agent }, policy);
    }
    finally {
        await agent?.destroy();
    }
}
/** The attempts of {@link downloadArchive}. */
// eslint-disable-next-line max-lines-per-function -- one retry loop: attempt, classify, wait
async function attempts(opts, policy) {
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
            const res = await download_open(url, opts, policy);
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
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Reads and drops a redirect's body (bounded), so the connection is reused, never left half read. */
async function drain(body) {
    // `dump` reads up to the limit then closes; destroying an unread body would emit an unhandled 'error'.
    await body.dump({ limit: 64 * 1024 }).catch(() => undefined);
}
/** GETs the presigned URL without any credentials, following the storage's own redirects. */
async function download_open(first, opts, policy) {
    let url = first;
    let previous = policy.startProtocol;
    for (let hop = 0;; hop++) {
        const parsed = new URL(url);
        checkStorageHop(parsed, previous, policy);
        previous = parsed.protocol;
        const res = await get(parsed, opts);
        const location = res.headers['location'];
        if (REDIRECTS.has(res.statusCode) && typeof location === 'string') {
            await drain(res.body);
            if (opts.signal?.aborted)
                throw opts.signal.reason;
            if (hop >= MAX_STORAGE_REDIRECTS) {
                throw new StorageHopError(`The storage (${parsed.host}) redirected the download more than ` +
                    `${MAX_STORAGE_REDIRECTS} times; refusing to follow it further.`);
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
/** One GET of a storage hop; a transport failure becomes a NetworkFailure (retried). */
async function get(url, opts) {
    const authorization = opts.authorization?.(url) ?? null;
    try {
        return await (0,undici.request)(url, {
            method: 'GET',
            // Only these headers: an Authorization header only where `authorization` allows one.
            headers: {
                'user-agent': USER_AGENT,
                accept: '*/*',
                ...(authorization === null ? {} : { authorization })
            },
            headersTimeout: opts.headersTimeoutMs ?? 60_000,
            bodyTimeout: opts.bodyTimeoutMs ?? 120_000,
            ...(opts.dispatcher ? { dispatcher: opts.dispatcher } : {}),
            ...(opts.signal ? { signal: opts.signal } : {})
        });
    }
    catch (error) {
        if (opts.signal?.aborted)
            throw opts.signal.reason;
        // A name that resolves to a refused address: not worth another attempt.
        if (error instanceof StorageHopError)
            throw error;
        throw new NetworkFailure(`the request to the storage (${url.host}) failed (${errorCode(error)})`, false, null, { cause: error });
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
        if (error instanceof artifacts_errors/* ArchiveError */.di && error.kind === 'truncated' && !res.sized) {
            throw new BodyError(`the download from the storage (${res.host}) ended early after ${received} bytes`, true, 200, { cause: error });
        }
        throw error;
    }
    finally {
        if (!res.body.destroyed)
            res.body.destroy();
    }
}


/***/ }),

/***/ 64934:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   iX: () => (/* binding */ checkEntryPath),
/* harmony export */   qb: () => (/* binding */ gitFolderOf),
/* harmony export */   x: () => (/* binding */ EntryFilter),
/* harmony export */   xi: () => (/* binding */ GIT_REFUSED_REASON)
/* harmony export */ });
/* unused harmony exports isGitSegment, safeFileMode */
/* harmony import */ var _text_sanitize_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(64212);
/* harmony import */ var _limits_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(20567);
/* harmony import */ var _text_quote_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(55383);



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
    const target = entry.linkpath ? ` to ${(0,_text_quote_js__WEBPACK_IMPORTED_MODULE_2__/* .quote */ .h)(entry.linkpath)}` : '';
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
 * A copy of `text` that holds no reference to a larger string: V8 keeps the
 * whole string a slice was cut from, so a kept 1 KiB cut of a 1 MiB name
 * would keep the MiB.
 */
function copied(text) {
    return Buffer.from(text, 'utf8').toString('utf8');
}
/** What a file takes on disk beyond its bytes, at most (a block for its inode and folder entry). */
const ENTRY_OVERHEAD = 4096;
/**
 * node-tar's `filter` and `ignoredEntry` under the extraction rules. Once a
 * limit is passed nothing more is taken or reported: the extraction fails
 * with {@link limitFault}.
 */
class EntryFilter {
    limits;
    freeBytes;
    /**
     * Entries not extracted, in archive order: the first
     * {@link MAX_LISTED_SKIPPED} hostile ones and as many others, names cut at
     * {@link MAX_KEPT_NAME} characters, so a hostile archive cannot fill the memory.
     */
    skipped = [];
    /** Every entry not extracted, listed in {@link skipped} or not. */
    skippedCount = 0;
    /** Every hostile entry, listed or not. */
    hostileCount = 0;
    /** Entries read from the archive (meta entries aside). */
    entries = 0;
    /** The first limit passed, if any. */
    limitFault = null;
    declaredBytes = 0;
    listed = { hostile: 0, other: 0 };
    // node-tar may show an entry to both the filter and `ignoredEntry`: each counts once.
    seen = new WeakSet();
    /** `freeBytes`: free space on the volume written to, when extraction began. */
    constructor(limits, freeBytes = Infinity) {
        this.limits = limits;
        this.freeBytes = freeBytes;
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
            this.skip({ path: entry.path, reason: check.reason, hostile: true });
            return false;
        }
        if (gitFolderOf(check.path) !== null) {
            // Counted and capped like every other skipped entry.
            this.skip({ path: entry.path, reason: GIT_REFUSED_REASON, hostile: false });
            return false;
        }
        if (check.depth > this.limits.maxDepth) {
            return this.overLimit((0,_limits_js__WEBPACK_IMPORTED_MODULE_1__/* .depthLimitError */ .RI)(this.limits, check.depth, entry.path));
        }
        if (FILE_TYPES.has(entry.type)) {
            this.declaredBytes += entry.size;
            if (this.declaredBytes > this.limits.maxBytes) {
                return this.overLimit((0,_limits_js__WEBPACK_IMPORTED_MODULE_1__/* .bytesLimitError */ .Bh)(this.limits));
            }
            const needed = this.declaredBytes + this.entries * ENTRY_OVERHEAD;
            if (needed > this.freeBytes - _limits_js__WEBPACK_IMPORTED_MODULE_1__/* .DISK_RESERVE_BYTES */ .F7) {
                return this.overLimit((0,_limits_js__WEBPACK_IMPORTED_MODULE_1__/* .diskLimitError */ .xD)(needed, this.freeBytes));
            }
            entry.mode = safeFileMode(entry.mode);
        }
        else if (DIR_TYPES.has(entry.type)) {
            entry.mode = 0o755;
        }
        else {
            this.skip(skippedByType(entry));
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
        this.skip(check.kind === 'unsafe'
            ? { path: entry.path, reason: check.reason, hostile: true }
            : check.kind === 'ok' && gitFolderOf(check.path) !== null
                ? { path: entry.path, reason: GIT_REFUSED_REASON, hostile: false }
                : skippedByType(entry));
    }
    /** Counts a skipped entry, and lists it while its kind's list has room. */
    skip(entry) {
        this.skippedCount++;
        if (entry.hostile)
            this.hostileCount++;
        const kind = entry.hostile ? 'hostile' : 'other';
        if (this.listed[kind] >= _limits_js__WEBPACK_IMPORTED_MODULE_1__/* .MAX_LISTED_SKIPPED */ .Gw)
            return;
        this.listed[kind]++;
        this.skipped.push({
            ...entry,
            path: copied((0,_text_sanitize_js__WEBPACK_IMPORTED_MODULE_0__/* .cutChars */ .oN)(entry.path, _limits_js__WEBPACK_IMPORTED_MODULE_1__/* .MAX_KEPT_NAME */ .IH)),
            reason: copied(entry.reason)
        });
    }
    /** Counts an entry; false once a limit was passed. */
    count() {
        if (this.limitFault)
            return false;
        this.entries++;
        if (this.entries > this.limits.maxEntries) {
            return this.overLimit((0,_limits_js__WEBPACK_IMPORTED_MODULE_1__/* .entriesLimitError */ .qS)(this.limits));
        }
        return true;
    }
}


/***/ }),

/***/ 47172:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   NE: () => (/* binding */ NoFilesError),
/* harmony export */   di: () => (/* binding */ ArchiveError),
/* harmony export */   nT: () => (/* binding */ ExtractLimitError),
/* harmony export */   oW: () => (/* binding */ UploadError),
/* harmony export */   td: () => (/* binding */ UnsafeArchiveError)
/* harmony export */ });
/* harmony import */ var _base_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(34758);
/* harmony import */ var _text_quote_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(55383);
/**
 * Errors of the artifacts stage. Each fails the step with a message that
 * says what happened to the archive and what the user can do; none holds a
 * presigned URL.
 */


/** The archive cannot be read: not gzip, truncated, or a damaged tar stream. */
class ArchiveError extends _base_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ {
    kind;
    name = 'ArchiveError';
    constructor(kind, message) {
        super(message);
        this.kind = kind;
    }
}
/** The archive goes beyond a limit of the extraction (total bytes, entries, depth, free disk space). */
class ExtractLimitError extends _base_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ {
    limit;
    name = 'ExtractLimitError';
    constructor(limit, message) {
        super(message);
        this.limit = limit;
    }
}
/** `if-no-files-found: error` and the run left no files to collect. */
class NoFilesError extends _base_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ {
    name = 'NoFilesError';
}
/** The workflow artifact could not be uploaded (name, conflict, service). */
class UploadError extends _base_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ {
    name = 'UploadError';
}
/** How many hostile entries an UnsafeArchiveError's message names (the log names them all). */
const NAMED_ENTRIES = 3;
/**
 * The archive holds hostile entries: names that are absolute, climb out
 * with `..` or hold a NUL; devices; FIFOs. Nothing was extracted into
 * `path` and nothing was uploaded. `entries` lists every one of them.
 */
class UnsafeArchiveError extends _base_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ {
    entries;
    name = 'UnsafeArchiveError';
    constructor(entries, where, 
    /** Every hostile entry, when `entries` lists only the first ones. */
    count = entries.length) {
        const shown = entries.slice(0, NAMED_ENTRIES).map(e => `${(0,_text_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .h)(e.path)} (${e.reason})`);
        const named = (0,_text_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .listOf */ .c)(shown, 'and', { total: count });
        super(`The output archive holds ${count} unsafe ${count === 1 ? 'entry' : 'entries'}: ${named}. ` +
            `${count === 1 ? 'It is' : count > 200 ? 'The first 200 are' : 'Each one is'} named in the log. Nothing was extracted into ` +
            `\`path\` (${where.path}) and nothing was uploaded. A VM0 sandbox does not produce ` +
            `absolute or '..' paths, NUL characters in names, devices or FIFOs, so the archive may ` +
            `have been tampered with: check run ${where.runId} and version ` +
            `${where.versionId.slice(0, 12)} of artifact ${(0,_text_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .h)(where.artifactName)}.`);
        this.entries = entries;
    }
}


/***/ }),

/***/ 20567:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bh: () => (/* binding */ bytesLimitError),
/* harmony export */   F7: () => (/* binding */ DISK_RESERVE_BYTES),
/* harmony export */   Gw: () => (/* binding */ MAX_LISTED_SKIPPED),
/* harmony export */   IH: () => (/* binding */ MAX_KEPT_NAME),
/* harmony export */   RI: () => (/* binding */ depthLimitError),
/* harmony export */   dR: () => (/* binding */ DEFAULT_LIMITS),
/* harmony export */   qS: () => (/* binding */ entriesLimitError),
/* harmony export */   xD: () => (/* binding */ diskLimitError)
/* harmony export */ });
/* harmony import */ var _text_sizes_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1801);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(47172);
/* harmony import */ var _text_quote_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(55383);
/**
 * The limits of an extraction, and the errors that name them. An archive
 * beyond one is more likely a decompression bomb than a run's output.
 */



/**
 * The limits collecting uses unless told otherwise: sized for what an agent
 * writes (reports, patches, a checked-out repository with its build), far
 * below what a decompression bomb unpacks to.
 */
const DEFAULT_LIMITS = {
    maxBytes: 2 * 1024 ** 3,
    maxEntries: 50_000,
    maxDepth: 64
};
/** Skipped entries kept by name (per kind: hostile, or only skipped); the rest are counted. */
const MAX_LISTED_SKIPPED = 1000;
/** Characters of a skipped entry's name that are kept (a name can be up to 1 MiB in a pax header). */
const MAX_KEPT_NAME = 1024;
/** Space the extraction leaves free on the volume of `path`. */
const DISK_RESERVE_BYTES = 64 * 1024 * 1024;
/** The archive unpacks (or declares files that unpack) to more than `maxBytes`. */
function bytesLimitError(limits) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ExtractLimitError */ .nT('bytes', `The output archive unpacks to more than ${(0,_text_sizes_js__WEBPACK_IMPORTED_MODULE_2__/* .formatBytes */ .z)(limits.maxBytes)}, the limit of ` +
        `what the action extracts (${limits.maxBytes} bytes, \`max-output-size\`); nothing was ` +
        `extracted. An archive this large is more likely a decompression bomb than a run's ` +
        `output; if the run really wrote that much, raise \`max-output-size\` (e.g. 8GiB).`);
}
/** The archive holds more than `maxEntries` entries. */
function entriesLimitError(limits) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ExtractLimitError */ .nT('entries', `The output archive holds more than ${limits.maxEntries} entries (files, folders and ` +
        `links), the limit of what the action extracts (\`max-output-files\`); nothing was ` +
        `extracted. If the run really wrote that many, raise \`max-output-files\`.`);
}
/** The archive's files need more than the `free` bytes of the volume of `path` (less the reserve). */
function diskLimitError(declared, free) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ExtractLimitError */ .nT('disk', `The output archive declares more than ${(0,_text_sizes_js__WEBPACK_IMPORTED_MODULE_2__/* .formatBytes */ .z)(declared)} of files, but the volume ` +
        `of \`path\` has ${(0,_text_sizes_js__WEBPACK_IMPORTED_MODULE_2__/* .formatBytes */ .z)(free)} free (the action keeps ` +
        `${(0,_text_sizes_js__WEBPACK_IMPORTED_MODULE_2__/* .formatBytes */ .z)(DISK_RESERVE_BYTES)} of it free); nothing was extracted. Free some ` +
        `space, or give a \`path\` on a larger volume.`);
}
/** An entry named `path` is `depth` segments deep, beyond `maxDepth`. */
function depthLimitError(limits, depth, path) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ExtractLimitError */ .nT('depth', `The output archive has an entry ${depth} folders deep, more than the limit of ` +
        `${limits.maxDepth}: ${(0,_text_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .h)(path.slice(0, 120))}; nothing was extracted.`);
}


/***/ }),

/***/ 90143:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   W: () => (/* binding */ coreLogger)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(70819);
/* harmony import */ var _base_log_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(93179);
/**
 * The logging seam of the artifacts stage. Names from an archive are remote,
 * untrusted input: they reach a log line only through `quote` (text/quote.ts),
 * so a newline in a name cannot start a workflow command.
 */


/** The runner's logger (@actions/core). */
const coreLogger = {
    ..._base_log_js__WEBPACK_IMPORTED_MODULE_1__/* .coreLog */ .u,
    setSecret: value => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq(value),
    group: (title, fn) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .group */ .Os(title, fn)
};


/***/ }),

/***/ 13559:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   w: () => (/* binding */ defaultOutputPath)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _run_folder_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(78705);
/** Where a run's files go under the runner's temporary folder. */


/** `<runnerTemp>/vm0-<runId>/files`, the default `path`; the run id is made safe as a folder name. */
function defaultOutputPath(runnerTemp, runId) {
    return (0,node_path__WEBPACK_IMPORTED_MODULE_0__.join)((0,_run_folder_js__WEBPACK_IMPORTED_MODULE_1__/* .runFolder */ .kQ)(runnerTemp, runId), 'files');
}


/***/ }),

/***/ 73086:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   H$: () => (/* binding */ resolveDestination),
/* harmony export */   Ir: () => (/* binding */ walkTree),
/* harmony export */   dM: () => (/* binding */ removeTree),
/* harmony export */   oN: () => (/* binding */ installTree),
/* harmony export */   qp: () => (/* binding */ createStaging)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _base_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(34758);
/* harmony import */ var _text_quote_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(55383);
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
        st = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.lstat)(dest);
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return dest;
        throw error;
    }
    if (st.isSymbolicLink()) {
        const target = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.stat)(dest).catch(() => null);
        if (target?.isDirectory())
            return (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.realpath)(dest);
        throw new _base_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ActionError */ .lZ(`The \`path\` ${dest} is a symbolic link that does not lead to a folder; give a folder to extract the output files into.`);
    }
    if (!st.isDirectory()) {
        throw new _base_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ActionError */ .lZ(`The \`path\` ${dest} exists and is not a folder; give a folder (new or existing) to extract the output files into.`);
    }
    return dest;
}
/** A fresh, empty staging folder next to `target` (same file system, so moving is a rename). */
async function createStaging(target) {
    const parent = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(target);
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir)(parent, { recursive: true });
    return (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdtemp)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(parent, `.${(0,node_path__WEBPACK_IMPORTED_MODULE_2__.basename)(target)}.vm0-`));
}
/** Removes a staging folder and everything in it. */
async function removeTree(dir) {
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm)(dir, { recursive: true, force: true, maxRetries: 3 });
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
            items = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readdir)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, rel), { withFileTypes: true });
        }
        catch (error) {
            if (error.code === 'ENOENT')
                continue;
            throw error;
        }
        for (const item of items) {
            const path = rel === '' ? item.name : `${rel}/${item.name}`;
            const full = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, path);
            const st = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.lstat)(full);
            if (st.isDirectory())
                pending.push(path);
            else if (st.isFile())
                files.push({ path, size: st.size });
            else {
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm)(full, { force: true });
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
 * An entry of the archive would replace something `path` already holds that
 * is not a regular file of the same name: a folder, a link, or a file where
 * the archive has a folder. Nothing was moved into `path`.
 */
class InstallConflictError extends _base_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ActionError */ .lZ {
    name = 'InstallConflictError';
}
/**
 * Moves the staging folder's content into `target`: a rename when the
 * target does not exist or is empty, else a merge in which the archive's
 * regular files replace same-named regular files (an atomic rename: nothing
 * is written through an existing file or link) and everything else `target`
 * holds stays. Before anything moves, the whole merge is checked: an entry
 * that would replace a folder, a link or anything but a regular file, or a
 * folder of the archive where `target` has something else, fails it with an
 * {@link InstallConflictError} naming the entry, and `target` is left as it
 * was. The staging folder is gone afterwards.
 */
async function installTree(staging, target) {
    try {
        if (await moveIfFree(staging, target))
            return 'created';
        const conflict = await findConflict(staging, target, '');
        if (conflict !== null)
            throw conflictError(target, conflict);
        await merge(staging, target);
        return 'merged';
    }
    finally {
        await removeTree(staging);
    }
}
async function moveIfFree(staging, target) {
    const st = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.lstat)(target).catch(() => null);
    if (st !== null) {
        if (!st.isDirectory())
            return false;
        try {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rmdir)(target);
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
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rename)(from, to);
    }
    catch (error) {
        if (error.code !== 'EXDEV')
            throw error;
        // A destination that is its own mount: copy (links are never dereferenced), then remove.
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.cp)(from, to, {
            recursive: true,
            force: true,
            verbatimSymlinks: true,
            mode: node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.COPYFILE_FICLONE
        });
        await removeTree(from);
    }
}
function kindOf(st) {
    if (st.isDirectory())
        return 'a folder';
    if (st.isSymbolicLink())
        return 'a symbolic link';
    if (st.isFile())
        return 'a file';
    return 'a special file';
}
/** The first entry of `from` that cannot merge into `to` (see {@link installTree}), or null. */
async function findConflict(from, to, rel) {
    for (const item of await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readdir)(from, { withFileTypes: true })) {
        const path = rel === '' ? item.name : `${rel}/${item.name}`;
        const existing = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.lstat)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(to, item.name)).catch(() => null);
        if (existing === null)
            continue;
        if (item.isDirectory()) {
            if (!existing.isDirectory())
                return { path, archive: 'folder', existing: kindOf(existing) };
            const inner = await findConflict((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(from, item.name), (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(to, item.name), path);
            if (inner !== null)
                return inner;
        }
        else if (!existing.isFile()) {
            return { path, archive: 'file', existing: kindOf(existing) };
        }
    }
    return null;
}
function conflictError(target, conflict) {
    return new InstallConflictError(`The output archive has a ${conflict.archive} ${(0,_text_quote_js__WEBPACK_IMPORTED_MODULE_4__/* .quote */ .h)(conflict.path)}, but \`path\` ` +
        `(${target}) already holds ${conflict.existing} there. The action never replaces or ` +
        `deletes a folder, a link or anything but a same-named file in \`path\`, so nothing was ` +
        `extracted into it. Give an empty or new \`path\`, or move that entry away first.`);
}
/** Moves what `from` holds into `to`; {@link findConflict} found nothing in the way. */
async function merge(from, to) {
    for (const item of await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readdir)(from, { withFileTypes: true })) {
        const source = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(from, item.name);
        const dest = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(to, item.name);
        const existing = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.lstat)(dest).catch(() => null);
        if (existing?.isDirectory() && item.isDirectory())
            await merge(source, dest);
        // A missing entry, or a regular file that the rename replaces atomically.
        else
            await moveEntry(source, dest);
    }
}


/***/ }),

/***/ 22882:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   x: () => (/* binding */ emptyCollectResult)
/* harmony export */ });
/**
 * The values the artifacts stage hands up: what was extracted, what was
 * skipped, what was uploaded. Plain data, so the report and the outputs can
 * read a collection without importing how it was made.
 */
/** A collection that found nothing to collect. */
function emptyCollectResult() {
    return {
        artifactVersion: null,
        artifactsPath: null,
        files: [],
        totalBytes: 0,
        skipped: [],
        upload: null
    };
}


/***/ }),

/***/ 43734:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CA: () => (/* binding */ defaultUploadName),
/* harmony export */   ED: () => (/* binding */ defaultUploadClient),
/* harmony export */   Sk: () => (/* binding */ chooseCompressionLevel),
/* harmony export */   Zn: () => (/* binding */ uploadFiles),
/* harmony export */   n_: () => (/* binding */ sanitizeArtifactName),
/* harmony export */   ns: () => (/* binding */ selectUploadFiles)
/* harmony export */ });
/* unused harmony exports ALREADY_COMPRESSED_RATIO, checkArtifactName, isHiddenPath, artifactUrl */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _base_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(34758);
/* harmony import */ var _settings_checks_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(14816);
/* harmony import */ var _entry_filter_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(64934);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(47172);
/* harmony import */ var _text_quote_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(55383);
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
    return (0,_settings_checks_js__WEBPACK_IMPORTED_MODULE_2__/* .replaceUploadNameForbidden */ .ks)(name).trim();
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
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UploadError */ .oW('The workflow artifact name is empty: set `upload-name`.');
    }
    const bad = (0,_settings_checks_js__WEBPACK_IMPORTED_MODULE_2__/* .uploadNameForbidden */ .mu)(name);
    if (bad.length > 0) {
        const shown = bad.map(c => JSON.stringify(c)).join(' ');
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UploadError */ .oW(`The workflow artifact name ${(0,_text_quote_js__WEBPACK_IMPORTED_MODULE_5__/* .quote */ .h)(name)} holds ${shown}, which artifact names ` +
            `cannot hold (none of ${_settings_checks_js__WEBPACK_IMPORTED_MODULE_2__/* .UPLOAD_NAME_FORBIDDEN_TEXT */ .Q_}): set \`upload-name\`.`);
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
        if ((0,_entry_filter_js__WEBPACK_IMPORTED_MODULE_3__/* .gitFolderOf */ .qb)(file.path) !== null) {
            selection.refused.push({ path: file.path, reason: _entry_filter_js__WEBPACK_IMPORTED_MODULE_3__/* .GIT_REFUSED_REASON */ .xi, hostile: false });
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
    const message = (0,_base_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(error);
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
        opts.info(`Deleted the earlier workflow artifact ${(0,_text_quote_js__WEBPACK_IMPORTED_MODULE_5__/* .quote */ .h)(opts.name)} (overwrite: true).`);
    }
    catch (error) {
        const { ArtifactNotFoundError } = await artifactModule();
        if (error instanceof ArtifactNotFoundError)
            return;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UploadError */ .oW(`Could not delete the earlier workflow artifact ${(0,_text_quote_js__WEBPACK_IMPORTED_MODULE_5__/* .quote */ .h)(opts.name)} to overwrite it: ${(0,_base_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(error)}`, { cause: error });
    }
}
/** Uploads `files` as workflow artifact `name` (replacing one of that name when `overwrite`). */
async function uploadFiles(opts) {
    checkArtifactName(opts.name);
    if (opts.overwrite)
        await deleteEarlier(opts);
    let answer;
    try {
        answer = await opts.client.uploadArtifact(opts.name, opts.files.map(f => (0,node_path__WEBPACK_IMPORTED_MODULE_0__.join)(opts.root, f.path)), opts.root, {
            compressionLevel: opts.compressionLevel,
            ...(opts.retentionDays !== null ? { retentionDays: opts.retentionDays } : {})
        });
    }
    catch (error) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UploadError */ .oW(`Could not upload the workflow artifact ${(0,_text_quote_js__WEBPACK_IMPORTED_MODULE_5__/* .quote */ .h)(opts.name)}: ${(0,_base_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(error)}.${await uploadHint(error)}`, { cause: error });
    }
    if (typeof answer.id !== 'number') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UploadError */ .oW(`The artifact service did not return an id for the workflow artifact ${(0,_text_quote_js__WEBPACK_IMPORTED_MODULE_5__/* .quote */ .h)(opts.name)}.`);
    }
    return {
        id: answer.id,
        name: opts.name,
        url: artifactUrl(opts.env, answer.id),
        digest: answer.digest ?? null
    };
}


/***/ })

};
