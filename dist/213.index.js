export const id = 213;
export const ids = [213];
export const modules = {

/***/ 85213:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  collectOutputsSettled: () => (/* binding */ collectOutputsSettled)
});

// UNUSED EXPORTS: CollectCancelledError, CollectTimeoutError, collectOutputs

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: ./src/base/clock.ts
var base_clock = __webpack_require__(84031);
// EXTERNAL MODULE: ./src/base/errors.ts
var errors = __webpack_require__(34758);
// EXTERNAL MODULE: ./src/settings/names.ts
var names = __webpack_require__(14761);
// EXTERNAL MODULE: ./src/text/durations.ts
var durations = __webpack_require__(51966);
// EXTERNAL MODULE: ./src/text/sizes.ts
var sizes = __webpack_require__(1801);
// EXTERNAL MODULE: ./src/artifacts/download.ts + 1 modules
var download = __webpack_require__(86285);
// EXTERNAL MODULE: ./src/artifacts/errors.ts
var artifacts_errors = __webpack_require__(47172);
// EXTERNAL MODULE: ./src/text/quote.ts
var quote = __webpack_require__(55383);
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
/** The first bytes, as hex: a remote answer is never echoed as text into a log line. */
function describeStart(bytes) {
    if (bytes === null || bytes.length === 0)
        return 'nothing: the body is empty';
    const hex = bytes.subarray(0, 8).toString('hex');
    // `<` (0x3c) first: most likely an HTML or XML error page.
    return `the bytes ${hex}${bytes[0] === 0x3c ? ' (text, perhaps an HTML or XML error page)' : ''}`;
}
/** The ArchiveError for zlib's `error`, given how many bytes came and how they started. */
function gzipFailure(error, compressedBytes, firstBytes) {
    if (error.code === 'Z_BUF_ERROR' || /unexpected end/i.test(error.message)) {
        if (compressedBytes === 0) {
            return new artifacts_errors/* ArchiveError */.di('not-gzip', 'The output archive is empty: the download had no bytes.');
        }
        return new artifacts_errors/* ArchiveError */.di('truncated', `The output archive is truncated: its gzip stream ends early, after ${compressedBytes} ` +
            `bytes. The stored archive is incomplete or damaged; nothing was extracted.`);
    }
    if (/header check/i.test(error.message)) {
        return new artifacts_errors/* ArchiveError */.di('not-gzip', `The output archive is not gzip data: it starts with ${describeStart(firstBytes)}. ` +
            `Nothing was extracted.`);
    }
    return new artifacts_errors/* ArchiveError */.di('damaged', `The output archive's gzip stream is damaged (${error.message}); nothing was extracted.`);
}
/** The error for node-tar's `error` after `entries` entries: a damaged archive, or a failed write. */
function tarFailure(error, entries) {
    const at = error.entry?.path ? ` at entry ${(0,quote/* quote */.h)(error.entry.path)}` : '';
    if (error.syscall !== undefined && typeof error.code === 'string') {
        return new errors/* ActionError */.lZ(`Could not write the output files${at}: ${error.code} (${error.message}). Nothing was extracted.`, { cause: error });
    }
    const message = error.message.replace(/^TAR_[A-Z_]+: /, '');
    if (entries === 0) {
        return new artifacts_errors/* ArchiveError */.di('damaged', `The output archive is gzip data but not a tar archive (${message}); nothing was extracted.`);
    }
    return new artifacts_errors/* ArchiveError */.di('damaged', `The output archive is damaged${at}: ${message}. Nothing was extracted.`);
}

// EXTERNAL MODULE: external "node:events"
var external_node_events_ = __webpack_require__(78474);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(38522);
;// CONCATENATED MODULE: ./src/artifacts/gzip-reader.ts
/**
 * A gzip decoder that knows where the gzip data ends. Node's Gunzip treats
 * any byte after a member but zero as the start of another member, fails on
 * it, and drops the output of the write that held it: a complete archive
 * followed by a newline or garbage would read as truncated or damaged. Here
 * each member's header and trailer (CRC-32 and length) are read by hand
 * around a raw inflate, so whatever follows the last member (zeros, a
 * newline, garbage) is counted and never read as archive data.
 */


/** Thrown as zlib would: `archive-faults.ts` turns the code into words. */
function zlibError(code, message) {
    return Object.assign(new Error(message), { code });
}
const FHCRC = 0x02;
const FEXTRA = 0x04;
const FNAME = 0x08;
const FCOMMENT = 0x10;
/** A gzip header longer than this (name and comment included) is damage, not a header. */
const MAX_HEADER = 64 * 1024;
/** Length of the gzip header at the start of `buf`; -1 when more bytes are needed. */
function headerLength(buf) {
    if (buf.length < 10)
        return -1;
    const flags = buf[3] ?? 0;
    let at = 10;
    if (flags & FEXTRA) {
        if (buf.length < at + 2)
            return -1;
        at += 2 + buf.readUInt16LE(at);
    }
    for (const flag of [FNAME, FCOMMENT]) {
        if (flags & flag) {
            const end = buf.indexOf(0, at);
            if (end < 0)
                return -1;
            at = end + 1;
        }
    }
    if (flags & FHCRC)
        at += 2;
    return buf.length < at ? -1 : at;
}
/** The compressed bytes, with what was read ahead and not used put back. */
class Input {
    seen;
    pending = [];
    source;
    done = false;
    constructor(source, seen) {
        this.seen = seen;
        this.source = source[Symbol.asyncIterator]();
    }
    /** The next bytes; null at the end of the input. */
    async next() {
        const kept = this.pending.shift();
        if (kept !== undefined)
            return kept;
        while (!this.done) {
            const step = await this.source.next();
            if (step.done === true)
                this.done = true;
            else if (step.value.length > 0) {
                const chunk = Buffer.from(step.value.buffer, step.value.byteOffset, step.value.length);
                this.seen(chunk);
                return chunk;
            }
        }
        return null;
    }
    unshift(chunk) {
        if (chunk.length > 0)
            this.pending.unshift(chunk);
    }
    /** At least `n` bytes (fewer only at the end of the input), as one buffer. */
    async atLeast(n) {
        const parts = [];
        let length = 0;
        while (length < n) {
            const chunk = await this.next();
            if (chunk === null)
                break;
            parts.push(chunk);
            length += chunk.length;
        }
        return Buffer.concat(parts);
    }
    /** Stops reading the source (its `return` closes a download). */
    async close() {
        if (this.done)
            return;
        this.done = true;
        await this.source.return?.();
    }
}
/** Decodes a gzip stream of one or more members; see the module comment. */
class GzipReader {
    chunkSize;
    /** Compressed bytes read so far. */
    bytes = 0;
    /** The first bytes of the input, for a message about data that is not gzip. */
    firstBytes = null;
    /** Bytes read after the end of the last member (more may have followed unread). */
    trailingBytes = 0;
    members = 0;
    input;
    constructor(source, chunkSize = 1024 * 1024) {
        this.chunkSize = chunkSize;
        this.input = new Input(source, chunk => {
            if (this.firstBytes === null)
                this.firstBytes = Buffer.from(chunk.subarray(0, 32));
            this.bytes += chunk.length;
        });
    }
    /** The decompressed bytes of every member, in order. */
    async *chunks() {
        try {
            while (await this.memberStarts()) {
                yield* this.member();
                this.members++;
            }
        }
        finally {
            await this.input.close();
        }
    }
    /** Reads the next member's header; false at the end of the gzip data. */
    async memberStarts() {
        let head = await this.input.atLeast(10);
        if (head.length === 0) {
            if (this.members === 0)
                throw zlibError('Z_BUF_ERROR', 'unexpected end of file');
            return false;
        }
        const magic = head[0] === 0x1f && head[1] === 0x8b && head[2] === 8;
        if (!magic) {
            if (this.members === 0)
                throw zlibError('Z_DATA_ERROR', 'incorrect header check');
            this.trailingBytes += head.length;
            return false;
        }
        let length = headerLength(head);
        while (length < 0 && head.length <= MAX_HEADER) {
            const more = await this.input.next();
            if (more === null)
                throw zlibError('Z_BUF_ERROR', 'unexpected end of file');
            head = Buffer.concat([head, more]);
            length = headerLength(head);
        }
        if (length < 0)
            throw zlibError('Z_DATA_ERROR', 'invalid gzip header');
        this.input.unshift(head.subarray(length));
        return true;
    }
    /** One member's deflate data, inflated; then its trailer, checked. */
    async *member() {
        const inflate = (0,external_node_zlib_.createInflateRaw)({ chunkSize: this.chunkSize });
        const writing = this.feed(inflate);
        writing.catch(() => undefined);
        let crc = 0;
        let size = 0;
        try {
            for await (const out of inflate) {
                crc = (0,external_node_zlib_.crc32)(out, crc);
                size += out.length;
                yield out;
            }
        }
        finally {
            if (!inflate.destroyed)
                inflate.destroy();
        }
        await writing;
        const trailer = await this.input.atLeast(8);
        if (trailer.length < 8)
            throw zlibError('Z_BUF_ERROR', 'unexpected end of file');
        this.input.unshift(trailer.subarray(8));
        if (trailer.readUInt32LE(0) !== crc >>> 0) {
            throw zlibError('Z_DATA_ERROR', 'incorrect data check');
        }
        if (trailer.readUInt32LE(4) !== size % 2 ** 32) {
            throw zlibError('Z_DATA_ERROR', 'incorrect length check');
        }
    }
    /**
     * Writes input to `inflate` one chunk at a time until the deflate stream
     * ends (the inflater takes fewer bytes than it was given: the rest goes
     * back to the input) or the input does (the inflater then fails as
     * truncated).
     */
    async feed(inflate) {
        // A destroyed inflater never calls a write back: its 'close' (or 'error') ends the wait.
        const closed = (0,external_node_events_.once)(inflate, 'close').then(() => undefined);
        closed.catch(() => undefined);
        let given = 0;
        for (;;) {
            const chunk = await this.input.next();
            if (chunk === null)
                break;
            given += chunk.length;
            await Promise.race([write(inflate, chunk), closed]);
            if (inflate.destroyed)
                return;
            const unused = given - inflate.bytesWritten;
            if (unused > 0) {
                this.input.unshift(chunk.subarray(chunk.length - unused));
                break;
            }
        }
        inflate.end();
    }
}
/** Writes one chunk; resolves once the inflater has taken it in. */
function write(inflate, chunk) {
    return new Promise((resolve, reject) => inflate.write(chunk, error => (error ? reject(error) : resolve())));
}

// EXTERNAL MODULE: ./src/artifacts/limits.ts
var artifacts_limits = __webpack_require__(20567);
// EXTERNAL MODULE: ./node_modules/tar/dist/esm/index.min.js
var index_min = __webpack_require__(98697);
// EXTERNAL MODULE: ./src/artifacts/entry-filter.ts
var entry_filter = __webpack_require__(64934);
;// CONCATENATED MODULE: ./src/artifacts/safe-unpack.ts
/**
 * node-tar's synchronous unpacker with every entry passed through the
 * {@link EntryFilter}, fed a decompressed tar stream with back-pressure.
 * It remembers the first fault (a limit, or node-tar's own error) so the
 * extraction can say which one ended it, and stops reading at the tar
 * archive's end (its two zero blocks): what follows is never parsed.
 */




function hasNonZero(chunk) {
    for (let i = 0; i < chunk.length; i++)
        if (chunk[i] !== 0)
            return true;
    return false;
}
/** A pax header (a long name or link target) larger than this is ignored, never held whole. */
const MAX_META_ENTRY = 1024 * 1024;
/** One extraction's unpacker: feed it with {@link SafeUnpack.consume}, then read its faults. */
class SafeUnpack {
    limits;
    filter;
    /** node-tar's first error, if any. */
    tarFault = null;
    /** The tar archive's end was read; the stream was not read further. */
    tarEnded = false;
    unpack;
    failed;
    closed;
    unpackedBytes = 0;
    sawNonZero = false;
    /** Unpacks into `dir`, an existing, empty folder on a volume with `freeBytes` free. */
    constructor(dir, limits, freeBytes = Infinity) {
        this.limits = limits;
        const filter = new entry_filter/* EntryFilter */.x(limits, freeBytes);
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
            maxMetaEntrySize: MAX_META_ENTRY,
            filter: (_path, entry) => filter.admit(entry)
        });
        this.unpack.on('ignoredEntry', (entry) => filter.ignored(entry));
        this.unpack.on('eof', () => {
            this.tarEnded = true;
        });
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
    /**
     * Writes the tar stream up to the archive's end (or the stream's, for an
     * archive without one) and waits for the last entry; throws the first fault.
     */
    async consume(tarStream, signal) {
        for await (const chunk of tarStream) {
            signal?.throwIfAborted();
            this.unpackedBytes += chunk.length;
            if (this.unpackedBytes > this.limits.maxBytes)
                this.filter.overLimit((0,artifacts_limits/* bytesLimitError */.Bh)(this.limits));
            this.throwIfFailed();
            if (!this.sawNonZero)
                this.sawNonZero = hasNonZero(chunk);
            const more = this.unpack.write(chunk);
            this.throwIfFailed();
            // Leaving the loop stops the decompression and the download: nothing after the end is read.
            if (this.tarEnded)
                break;
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

// EXTERNAL MODULE: ./src/artifacts/staging.ts
var artifacts_staging = __webpack_require__(73086);
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
 * - Reading stops at the tar archive's end; bytes after the gzip data (a
 *   newline, zeros, garbage) are ignored.
 *
 * The parts: `gzip-reader.ts` (gzip members, and where they end),
 * `entry-filter.ts` (names, types, modes, counted limits, free space),
 * `safe-unpack.ts` (node-tar behind that filter), `limits.ts`,
 * `archive-faults.ts` (what went wrong, in words) and `staging.ts` (the
 * folders and the move into place).
 */







/** Free bytes on the volume of `dir` for an unprivileged writer; Infinity when it cannot be told. */
async function freeBytes(dir) {
    try {
        const fs = await (0,promises_.statfs)(dir);
        return fs.bavail * fs.bsize;
    }
    catch {
        return Infinity;
    }
}
/**
 * Streams a gzip'd tar into `dir` (an existing, empty folder) under the
 * rules above and answers what landed there. `source` may throw its own
 * errors (a broken download): they pass through untouched. Reading stops at
 * the tar archive's end: bytes after it, or after the gzip data, are
 * ignored with a debug line.
 */
async function extractTarGz(source, dir, limits = artifacts_limits/* DEFAULT_LIMITS */.dR, opts = {}) {
    const unpack = new SafeUnpack(dir, limits, await freeBytes(dir));
    const gzip = new GzipReader(source);
    try {
        await unpack.consume(gzip.chunks(), opts.signal);
    }
    catch (error) {
        unpack.stop();
        if (unpack.isEmptyArchive(error))
            return { ...skippedOf(unpack), files: [], totalBytes: 0 };
        throw extractionFailure(error, unpack, gzip);
    }
    reportTrailing(unpack, gzip, opts.debug);
    const tree = await (0,artifacts_staging/* walkTree */.Ir)(dir);
    const skipped = skippedOf(unpack);
    return {
        ...skipped,
        files: tree.files,
        totalBytes: tree.files.reduce((sum, f) => sum + f.size, 0),
        skipped: [...skipped.skipped, ...tree.removed],
        skippedCount: skipped.skippedCount + tree.removed.length
    };
}
function skippedOf(unpack) {
    const { filter } = unpack;
    return {
        skipped: filter.skipped,
        skippedCount: filter.skippedCount,
        hostileCount: filter.hostileCount,
        entries: filter.entries
    };
}
function reportTrailing(unpack, gzip, debug) {
    if (!debug)
        return;
    if (gzip.trailingBytes > 0) {
        debug(`Ignored ${(0,sizes/* formatBytes */.z)(gzip.trailingBytes)} after the end of the output archive's gzip data.`);
    }
    else if (unpack.tarEnded) {
        debug(`Stopped reading the output archive at the end of its tar data, after ` +
            `${(0,sizes/* formatBytes */.z)(gzip.bytes)} of the download; anything after it was ignored.`);
    }
}
/** The error to throw for what stopped the extraction: a limit first, then the tar or gzip fault. */
function extractionFailure(error, unpack, gzip) {
    if (unpack.limitFault)
        return unpack.limitFault;
    if (unpack.tarFault !== null && error === unpack.tarFault) {
        return tarFailure(unpack.tarFault, unpack.filter.entries);
    }
    if (isZlibError(error))
        return gzipFailure(error, gzip.bytes, gzip.firstBytes);
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
    const name = (0,quote/* quote */.h)(input.artifactName);
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
        const why = `artifact ${(0,quote/* quote */.h)(input.artifactName)} has no version yet`;
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
            ? `'${ref}' is the start of ${matches.length} versions of artifact ${(0,quote/* quote */.h)(input.artifactName)}; give more characters`
            : `artifact ${(0,quote/* quote */.h)(input.artifactName)} has no version '${ref}' (it has ${input.versions.length})`;
        return { kind: 'none', artifact, missing: 'version', why };
    }
    return { kind: 'version', artifact, versionId: version.id, version, source: 'chosen' };
}
/** Who made a version, as far as its message and author say (for the log line). */
function versionOrigin(version) {
    if (!version?.message)
        return 'whose origin is unknown';
    return `${(0,quote/* quote */.h)(version.message)}${version.createdBy ? ` by ${version.createdBy}` : ''}`;
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
    const name = (0,quote/* quote */.h)(input.artifactName);
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

// EXTERNAL MODULE: ./src/artifacts/logger.ts
var logger = __webpack_require__(90143);
// EXTERNAL MODULE: ./src/artifacts/paths.ts
var paths = __webpack_require__(13559);
// EXTERNAL MODULE: ./src/artifacts/types.ts
var types = __webpack_require__(22882);
// EXTERNAL MODULE: ./src/artifacts/upload.ts
var upload = __webpack_require__(43734);
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
 *   (bytes, entries, depth, free disk space), fails the step and leaves
 *   nothing at `path`; so does an archive entry that would replace a folder,
 *   a link or anything but a same-named file `path` already holds;
 * - the download and extraction end at `timeout` (counted from the run's
 *   start) and on the workflow's cancellation, each with its own message;
 * - no files (`collect: head` and no artifact or no version, an empty
 *   version, a version or artifact gone by the time of the download, an
 *   archive without regular files, only hidden files to upload) follows
 *   `if-no-files-found`; `collect: <version>` naming a version the artifact
 *   does not have fails the step.
 */


















const WARN_NAMES = 5;
/** Skipped entries named one per log line; the rest are counted. */
const LOG_NAMES = 200;
/** The defaults, then the inputs, then what the caller passed. */
function limitsOf(opts) {
    const { maxOutputBytes, maxOutputFiles } = opts.settings;
    return {
        ...artifacts_limits/* DEFAULT_LIMITS */.dR,
        ...(maxOutputBytes !== undefined ? { maxBytes: maxOutputBytes } : {}),
        ...(maxOutputFiles !== undefined ? { maxEntries: maxOutputFiles } : {}),
        ...opts.limits
    };
}
/** The collection was cut short by the workflow's cancellation. */
class CollectCancelledError extends errors/* ActionError */.lZ {
    name = 'CollectCancelledError';
}
/** `timeout` ran out while the output files were being collected. */
class CollectTimeoutError extends errors/* ActionError */.lZ {
    name = 'CollectTimeoutError';
}
/**
 * {@link gather} under the deadline and the cancel signal: either one stops
 * the download and the extraction (the staging folder is removed, `path` is
 * left as it was) and fails with a message that says which one it was.
 */
async function bounded(job) {
    const { opts, clock } = job;
    const cancel = opts.signal;
    const limit = opts.deadlineMs === undefined ? null : (0,base_clock/* timeLimit */.z)(clock, opts.deadlineMs - clock.now(), cancel);
    const signal = limit?.signal ?? cancel ?? new AbortController().signal;
    try {
        return await gather(job, signal);
    }
    catch (error) {
        const where = `nothing was extracted into \`path\` (${job.dest}) and nothing was uploaded`;
        if (cancel?.aborted) {
            throw new CollectCancelledError(`The workflow was cancelled while the run's output files were being downloaded; ${where}.`, { cause: error });
        }
        if (limit?.expired) {
            const timeout = job.settings.timeoutMs;
            throw new CollectTimeoutError(`\`timeout\`${timeout === undefined ? '' : ` (${(0,durations/* formatDuration */.a3)(timeout)})`} ran out ` +
                `while the run's output files were being downloaded; ${where}. The run itself ` +
                `ended; raise \`timeout\` to leave time to collect its files.`, { cause: error });
        }
        throw error;
    }
    finally {
        limit?.done();
    }
}
/**
 * Collects the run's output files into `path` and uploads them (see the
 * module comment for what fails the step). Call it after the run ended,
 * whatever its status.
 */
async function collectOutputs(opts) {
    const artifactName = opts.settings.artifactName;
    if (artifactName === null || artifactName === '')
        return (0,types/* emptyCollectResult */.x)();
    const job = {
        opts,
        settings: opts.settings,
        artifactName,
        logger: opts.logger ?? logger/* coreLogger */.W,
        env: opts.env ?? process.env,
        limits: limitsOf(opts),
        dest: opts.settings.path ?? (0,paths/* defaultOutputPath */.w)(opts.runnerTemp, opts.runId),
        clock: opts.clock ?? base_clock/* systemClock */.m
    };
    const gathered = await job.logger.group('Downloading output', () => bounded(job));
    if (gathered.kind === 'unwritten')
        return unwritten(job, gathered.why);
    if (gathered.kind === 'none') {
        const result = { ...(0,types/* emptyCollectResult */.x)(), artifactVersion: gathered.versionId };
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
        throw new artifacts_errors/* NoFilesError */.NE(`${text} Failing the step because \`if-no-files-found\` is 'error'.`);
    }
    if (job.settings.ifNoFilesFound === 'warn')
        job.logger.warning(text);
    else
        job.logger.info(text);
    if (where === null) {
        where = await (0,artifacts_staging/* resolveDestination */.H$)(job.dest);
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
        throw new artifacts_errors/* NoFilesError */.NE(`${text} Failing the step because \`if-no-files-found\` is 'error'.`);
    }
    if (job.settings.ifNoFilesFound === 'ignore')
        job.logger.info(text);
    else
        job.logger.notice(text);
    return (0,types/* emptyCollectResult */.x)();
}
/**
 * Entries under `.git` paths: each named in the log, their folders in one
 * warning. The rest as {@link reportSkipped} does; `count` is every skipped
 * entry, listed or not.
 */
function reportRefused(skipped, logger, what, count = skipped.length) {
    const git = skipped.filter(e => (0,entry_filter/* gitFolderOf */.qb)(e.path) !== null);
    reportSkipped(skipped.filter(e => (0,entry_filter/* gitFolderOf */.qb)(e.path) === null), logger, what, count - git.length);
    if (git.length === 0)
        return;
    const folders = new Map();
    for (const entry of git) {
        logger.info(`Refused ${(0,quote/* quote */.h)(entry.path)}: ${entry.reason}.`);
        const folder = (0,entry_filter/* gitFolderOf */.qb)(entry.path) ?? '';
        folders.set(folder, (folders.get(folder) ?? 0) + 1);
    }
    const named = (0,quote/* listOf */.c)([...folders].map(([folder, n]) => `${(0,quote/* quote */.h)(folder)} (${n})`), 'and', { max: WARN_NAMES });
    logger.warning(`Refused ${git.length} entries of the output archive under .git paths, which git would ` +
        `read as its own hooks and config in a later step: ${named}. Nothing under them was ` +
        'extracted or uploaded; every entry is named in the log.');
}
/**
 * Logs the first {@link LOG_NAMES} skipped entries and sums them up in a
 * single warning (annotations are capped per step); `count` is every
 * skipped entry, listed or not.
 */
function reportSkipped(skipped, logger, what, count = skipped.length) {
    if (count === 0)
        return;
    const logged = skipped.slice(0, LOG_NAMES);
    for (const entry of logged)
        logger.info(`Skipped ${(0,quote/* quote */.h)(entry.path)}: ${entry.reason}.`);
    if (count > logged.length)
        logger.info(`… and ${count - logged.length} more, not listed.`);
    const named = skipped.slice(0, WARN_NAMES).map(e => `${(0,quote/* quote */.h)(e.path)} (${e.reason})`);
    const list = (0,quote/* listOf */.c)(named, 'and', { total: count });
    const more = count <= WARN_NAMES
        ? ''
        : count <= logged.length
            ? ' Every one is listed in the log.'
            : ` The first ${logged.length} are listed in the log.`;
    logger.warning(`${what} (${count}): ${list}.${more}`);
}
// --- Steps 1 to 3: find the version, download it, extract it into place ---
/** Finds the run's version, downloads and extracts it, and moves the files into `path`. */
async function gather(job, signal) {
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
    const target = await (0,artifacts_staging/* resolveDestination */.H$)(job.dest);
    const started = job.clock.now();
    const outcome = await collect_download(job, choice, target, signal);
    if (outcome.kind === 'empty') {
        const { why } = await explainEmpty(job, versionId);
        return { kind: 'none', why, versionId, skipped: [] };
    }
    const gathered = await install(job, versionId, outcome.value, target);
    if (gathered.kind === 'files')
        logExtracted(job, gathered, job.clock.now() - started);
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
    job.logger.info(`Collecting ${which}version ${choice.versionId.slice(0, 12)} of artifact ${(0,quote/* quote */.h)(choice.artifact.name)}` +
        (v?.message ? ` (${(0,quote/* quote */.h)(v.message)}` : ' (') +
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
function collect_download(job, choice, target, signal) {
    const { opts, logger } = job;
    return (0,download/* downloadArchive */.Z)({
        api: opts.client,
        artifactId: choice.artifact.id,
        versionId: choice.versionId,
        logger,
        ...(job.settings.apiUrl !== undefined ? { apiUrl: job.settings.apiUrl } : {}),
        ...(opts.dispatcher ? { dispatcher: opts.dispatcher } : {}),
        ...(opts.sleep ? { sleep: opts.sleep } : {}),
        ...(opts.random ? { random: opts.random } : {}),
        ...(opts.maxAttempts !== undefined ? { maxAttempts: opts.maxAttempts } : {}),
        signal,
        consume: async (body) => {
            const staging = await (0,artifacts_staging/* createStaging */.qp)(target);
            const count = { bytes: 0 };
            try {
                const debug = logger.debug ? (m) => logger.debug?.(m) : undefined;
                const how = { signal, ...(debug ? { debug } : {}) };
                const tree = await extractTarGz(counted(body, count), staging, job.limits, how);
                return { tree, staging, compressedBytes: count.bytes };
            }
            catch (error) {
                await (0,artifacts_staging/* removeTree */.dM)(staging);
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
    if (tree.hostileCount > 0) {
        await (0,artifacts_staging/* removeTree */.dM)(staging);
        const hostile = tree.skipped.filter(e => e.hostile);
        for (const entry of hostile.slice(0, LOG_NAMES)) {
            job.logger.info(`Unsafe entry ${(0,quote/* quote */.h)(entry.path)}: ${entry.reason}.`);
        }
        if (tree.hostileCount > LOG_NAMES) {
            job.logger.info(`… and ${tree.hostileCount - LOG_NAMES} more unsafe entries, not listed.`);
        }
        const where = { path: target, runId: job.opts.runId, artifactName: job.artifactName };
        throw new artifacts_errors/* UnsafeArchiveError */.td(hostile, { ...where, versionId }, tree.hostileCount);
    }
    reportRefused(tree.skipped, job.logger, 'Skipped links and unsupported entries of the output archive', tree.skippedCount);
    if (tree.files.length === 0) {
        await (0,artifacts_staging/* removeTree */.dM)(staging);
        const why = tree.skippedCount > 0
            ? `the archive of version ${versionId.slice(0, 12)} holds no regular file that could be extracted safely`
            : `the archive of version ${versionId.slice(0, 12)} of artifact ${(0,quote/* quote */.h)(job.artifactName)} holds no files`;
        return { kind: 'none', why, versionId, skipped: tree.skipped };
    }
    let how;
    try {
        how = await (0,artifacts_staging/* installTree */.oN)(staging, target);
    }
    catch (error) {
        await (0,artifacts_staging/* removeTree */.dM)(staging);
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
    const selection = (0,upload/* selectUploadFiles */.ns)(extracted, settings.includeHiddenFiles);
    reportRefused(selection.refused, logger, 'Files not uploaded because of their names');
    result.skipped.push(...selection.refused);
    if (selection.hidden.length > 0) {
        const names = (0,quote/* listOf */.c)(selection.hidden.map(f => (0,quote/* quote */.h)(f.path)), 'and', { max: 20 });
        logger.info(`Not uploading ${selection.hidden.length} hidden files (include-hidden-files: false): ${names}.`);
    }
    if (selection.upload.length === 0) {
        const why = `none of the ${extracted.length} extracted files can be uploaded` +
            (selection.hidden.length > 0 ? ' (hidden files need `include-hidden-files: true`)' : '');
        return noFiles(job, result, why, root);
    }
    result.upload = await logger.group('Uploading output', () => collect_upload(job, root, selection.upload, gathered.size));
    return result;
}
async function collect_upload(job, root, files, size) {
    const { opts, settings, env } = job;
    const compression = (0,upload/* chooseCompressionLevel */.Sk)(settings.compressionLevel, size);
    job.logger.info(compression.line);
    const uploaded = await (0,upload/* uploadFiles */.Zn)({
        client: opts.uploadClient ?? (0,upload/* defaultUploadClient */.ED)(),
        name: settings.uploadName ??
            (0,upload/* defaultUploadName */.CA)(job.artifactName, opts.runId, env.GITHUB_RUN_ATTEMPT),
        root,
        files,
        retentionDays: settings.retentionDays,
        compressionLevel: compression.level,
        overwrite: settings.overwrite,
        env,
        info: message => job.logger.info(message)
    });
    job.logger.info(`Uploaded ${files.length} files as workflow artifact ${(0,quote/* quote */.h)(uploaded.name)}` +
        ` (id ${uploaded.id})${uploaded.url ? `: ${uploaded.url}` : ''}.`);
    return uploaded;
}


/***/ })

};
