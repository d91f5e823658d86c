export const id = 213;
export const ids = [213];
export const modules = {

/***/ 85213:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  collectOutputsSettled: () => (/* binding */ collectOutputsSettled),
  go: () => (/* binding */ uploadStep)
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
    const at = error.entry?.path ? ` at entry ${(0,quote/* quote */.hD)(error.entry.path)}` : '';
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
    const name = (0,quote/* quote */.hD)(input.artifactName);
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
        const why = `artifact ${(0,quote/* quote */.hD)(input.artifactName)} has no version yet`;
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
            ? `'${ref}' is the start of ${matches.length} versions of artifact ${(0,quote/* quote */.hD)(input.artifactName)}; give more characters`
            : `artifact ${(0,quote/* quote */.hD)(input.artifactName)} has no version '${ref}' (it has ${input.versions.length})`;
        return { kind: 'none', artifact, missing: 'version', why };
    }
    return { kind: 'version', artifact, versionId: version.id, version, source: 'chosen' };
}
/** Who made a version, as far as its message and author say (for the log line). */
function versionOrigin(version) {
    if (!version?.message)
        return 'whose origin is unknown';
    return `${(0,quote/* quote */.hD)(version.message)}${version.createdBy ? ` by ${version.createdBy}` : ''}`;
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
    const name = (0,quote/* quote */.hD)(input.artifactName);
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
 * - links (symbolic and hard), unsupported entry types and names Windows
 *   cannot hold (paths.ts: the same on every OS) are skipped and named in
 *   one warning (each one in the log); the step goes on;
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
    // Said in the job summary and the comment too, unless the workflow said no files are fine.
    return job.settings.ifNoFilesFound === 'ignore' ? result : { ...result, note: text };
}
/**
 * The run wrote no version of its own: nothing is extracted or uploaded and
 * the artifact outputs stay empty. One notice says why and what to do
 * (`if-no-files-found: error` fails the step with it; `ignore` only logs it),
 * and the job summary and the comment say it too (`note`).
 */
function unwritten(job, why) {
    const text = `Nothing was extracted or uploaded: ${why}. ${whyUnwritten(job.settings)} Set ` +
        `\`${names/* Inputs */.G0.Collect}: head\` to collect the artifact's current version on purpose.`;
    if (job.settings.ifNoFilesFound === 'error') {
        throw new artifacts_errors/* NoFilesError */.NE(`${text} Failing the step because \`if-no-files-found\` is 'error'.`);
    }
    if (job.settings.ifNoFilesFound === 'ignore') {
        job.logger.info(text);
        return (0,types/* emptyCollectResult */.x)();
    }
    job.logger.notice(text);
    return {
        ...(0,types/* emptyCollectResult */.x)(),
        note: `No files were uploaded: ${why}. ${noteWhy(job.settings)}`
    };
}
/** {@link whyUnwritten} in a sentence for the job summary and the comment. */
function noteWhy(settings) {
    return settings.sessionId || settings.checkpointId
        ? 'Either the session has no artifact (a /v1 run opened it, not the CLI with ' +
            '--artifact-name), or the run changed nothing (versions are content-addressed).'
        : 'On /v1 a run writes files only when it continues a session that was opened with an ' +
            "artifact (the CLI's vm0 run --artifact-name).";
}
/**
 * Why `/v1` wrote nothing (docs/vm0-api.md): a session's artifact comes from
 * the checkpoint of the run that opened it, and `POST /v1/runs` passes no
 * `artifactName` on, so only sessions opened with an artifact elsewhere (the
 * CLI's `--artifact-name`) write files, and only when something changed.
 */
function whyUnwritten(settings) {
    const opened = "On /v1 a run writes files only when it continues a session that was opened with an artifact (the CLI's `vm0 run --artifact-name`)";
    if (settings.sessionId || settings.checkpointId) {
        return (`${opened}: a session that a /v1 run opened (by \`${names/* Inputs */.G0.Agent}\` or ` +
            `\`${names/* Inputs */.G0.AgentId}\`) has none, so its runs write nothing; and versions are ` +
            'content-addressed, so a run that changed nothing writes none either.');
    }
    return (`${opened}, with \`${names/* Inputs */.G0.SessionId}\` or \`${names/* Inputs */.G0.CheckpointId}\`: a run started by ` +
        `\`${names/* Inputs */.G0.Agent}\` or \`${names/* Inputs */.G0.AgentId}\` writes none, and neither do later runs of ` +
        'the session it opens.');
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
        logger.info(`Refused ${(0,quote/* quote */.hD)(entry.path)}: ${entry.reason}.`);
        const folder = (0,entry_filter/* gitFolderOf */.qb)(entry.path) ?? '';
        folders.set(folder, (folders.get(folder) ?? 0) + 1);
    }
    const named = (0,quote/* listOf */.c3)([...folders].map(([folder, n]) => `${(0,quote/* quote */.hD)(folder)} (${n})`), 'and', { max: WARN_NAMES });
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
        logger.info(`Skipped ${(0,quote/* quote */.hD)(entry.path)}: ${entry.reason}.`);
    if (count > logged.length)
        logger.info(`… and ${count - logged.length} more, not listed.`);
    const named = skipped.slice(0, WARN_NAMES).map(e => `${(0,quote/* quote */.hD)(e.path)} (${e.reason})`);
    const list = (0,quote/* listOf */.c3)(named, 'and', { total: count });
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
    job.logger.info(`Collecting ${which}version ${choice.versionId.slice(0, 12)} of artifact ${(0,quote/* quote */.hD)(choice.artifact.name)}` +
        (v?.message ? ` (${(0,quote/* quote */.hD)(v.message)}` : ' (') +
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
            job.logger.info(`Unsafe entry ${(0,quote/* quote */.hD)(entry.path)}: ${entry.reason}.`);
        }
        if (tree.hostileCount > LOG_NAMES) {
            job.logger.info(`… and ${tree.hostileCount - LOG_NAMES} more unsafe entries, not listed.`);
        }
        const where = { path: target, runId: job.opts.runId, artifactName: job.artifactName };
        throw new artifacts_errors/* UnsafeArchiveError */.td(hostile, { ...where, versionId }, tree.hostileCount);
    }
    reportRefused(tree.skipped, job.logger, 'Skipped links, unsupported entries and names Windows cannot hold in the output archive', tree.skippedCount);
    if (tree.files.length === 0) {
        await (0,artifacts_staging/* removeTree */.dM)(staging);
        const why = tree.skippedCount > 0
            ? `the archive of version ${versionId.slice(0, 12)} holds no regular file that could be extracted safely`
            : `the archive of version ${versionId.slice(0, 12)} of artifact ${(0,quote/* quote */.hD)(job.artifactName)} holds no files`;
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
    job.logger.info(`Extracted ${(0,quote/* counted */.hS)(files.tree.files.length, 'file')} (${(0,sizes/* formatBytes */.z)(files.tree.totalBytes)}) to ${files.path}` +
        (files.merged ? ', merged into what the folder held (same names replaced)' : '') +
        ` in ${(0,durations/* formatSeconds */.Xo)(ms)}.`);
}
// --- Step 4: upload ---
/** Uploads the extracted files as a workflow artifact (unless `upload: false`). */
async function publish(job, result, gathered) {
    const { opts, settings, env } = job;
    const step = await uploadStep({
        settings,
        logger: job.logger,
        env,
        ...(opts.uploadClient ? { uploadClient: opts.uploadClient } : {}),
        root: gathered.path,
        files: gathered.tree.files,
        size: gathered.size,
        defaultName: (0,upload/* defaultUploadName */.CA)(job.artifactName, opts.runId, env.GITHUB_RUN_ATTEMPT)
    });
    result.skipped.push(...step.refused);
    if (step.noneWhy !== null)
        return noFiles(job, result, step.noneWhy, gathered.path);
    result.upload = step.uploaded;
    return result;
}
/**
 * The upload step (unless `upload: false`): files whose names cannot be
 * uploaded and hidden files are said, the rest uploaded in one group.
 * `noneWhy` says why nothing could be uploaded when files were there.
 */
async function uploadStep(input) {
    const { settings, logger, root, files } = input;
    if (!settings.upload) {
        logger.info(`Not uploading the files (upload: false); they stay in ${root}.`);
        return { uploaded: null, refused: [], noneWhy: null };
    }
    const selection = (0,upload/* selectUploadFiles */.ns)(files, settings.includeHiddenFiles);
    reportRefused(selection.refused, logger, 'Files not uploaded because of their names');
    if (selection.hidden.length > 0) {
        const names = (0,quote/* listOf */.c3)(selection.hidden.map(f => (0,quote/* quote */.hD)(f.path)), 'and', { max: 20 });
        logger.info(`Not uploading ${selection.hidden.length} hidden files (include-hidden-files: false): ${names}.`);
    }
    if (selection.upload.length === 0) {
        const noneWhy = `none of the ${files.length} extracted files can be uploaded` +
            (selection.hidden.length > 0 ? ' (hidden files need `include-hidden-files: true`)' : '');
        return { uploaded: null, refused: selection.refused, noneWhy };
    }
    const uploaded = await logger.group('Uploading output', () => collect_upload(input, selection.upload));
    return { uploaded, refused: selection.refused, noneWhy: null };
}
async function collect_upload(input, files) {
    const { settings, logger } = input;
    const compression = (0,upload/* chooseCompressionLevel */.Sk)(settings.compressionLevel, input.size);
    logger.info(compression.line);
    const uploaded = await (0,upload/* uploadFiles */.Zn)({
        client: input.uploadClient ?? (0,upload/* defaultUploadClient */.ED)(),
        name: settings.uploadName ?? input.defaultName,
        root: input.root,
        files,
        retentionDays: settings.retentionDays,
        compressionLevel: compression.level,
        overwrite: settings.overwrite,
        env: input.env,
        info: message => logger.info(message)
    });
    logger.info(`Uploaded ${(0,quote/* counted */.hS)(files.length, 'file')} as workflow artifact ${(0,quote/* quote */.hD)(uploaded.name)}` +
        ` (id ${uploaded.id})${uploaded.url ? `: ${uploaded.url}` : ''}.`);
    return uploaded;
}


/***/ }),

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
 * requested, and each address a name resolves to is checked again when the
 * connection is made (a DNS answer that changed since, a rebinding, cannot
 * slip through):
 * - never from https: down to http: (the chain starts at the API URL's scheme);
 * - never to a link-local or cloud metadata address (169.254.0.0/16,
 *   fe80::/10, fd00:ec2::254, 100.100.100.200, metadata.google.internal):
 *   what answers there holds the runner's cloud credentials, and no
 *   deployment serves its storage there;
 * - to a loopback or unspecified address (127.0.0.0/8, ::1, 0.0.0.0/8, ::,
 *   localhost) only when the API URL's host is loopback (a local emulator
 *   and its storage);
 * - to a private address (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, the
 *   carrier-grade NAT 100.64.0.0/10, fc00::/7) only when the API URL's
 *   host is private or loopback (a self-hosted deployment): otherwise a
 *   URL from the service could reach what a self-hosted runner sees on its
 *   own network.
 * IPv4-mapped (`::ffff:10.0.0.1`) and NAT64 (`64:ff9b::a00:1`) addresses
 * count as the IPv4 address they carry.
 */




/** A storage hop the policy refuses; never retried. */
class StorageHopError extends errors/* ActionError */.lZ {
    name = 'StorageHopError';
}
const defaultLookup = (hostname, options, callback) => (0,external_node_dns_.lookup)(hostname, options, callback);
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
const privateRanges = new external_node_net_.BlockList();
privateRanges.addSubnet('10.0.0.0', 8, 'ipv4');
privateRanges.addSubnet('172.16.0.0', 12, 'ipv4');
privateRanges.addSubnet('192.168.0.0', 16, 'ipv4');
privateRanges.addSubnet('100.64.0.0', 10, 'ipv4');
privateRanges.addSubnet('fc00::', 7, 'ipv6');
const LOOPBACK_NAMES = /^(localhost|.*\.localhost)\.?$/i;
const METADATA_NAMES = /^(metadata\.google\.internal|metadata\.goog|metadata|instance-data)\.?$/i;
/**
 * `::ffff:a.b.c.d` and `64:ff9b::a.b.c.d` (or `::ffff:7f00:1`, as URLs spell
 * it) as the IPv4 address they stand for.
 */
function unmapped(ip) {
    const mapped = /^(?:::ffff:|64:ff9b::)(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/i.exec(ip);
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
/** What a host (a name or an address, IPv6 with or without brackets) is, from its spelling alone. */
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
    if (privateRanges.check(address, type))
        return 'private';
    return 'other';
}
/** The policy for the kind of the API URL's host (the most local kind it resolves to). */
function policyFor(protocol, apiHost) {
    return {
        startProtocol: protocol === 'http:' ? 'http:' : 'https:',
        allowLoopback: apiHost === 'loopback',
        allowPrivate: apiHost === 'loopback' || apiHost === 'private'
    };
}
function parsedUrl(apiUrl) {
    try {
        return apiUrl === undefined ? null : new URL(apiUrl);
    }
    catch {
        return null;
    }
}
/**
 * The policy for an API URL from its spelling alone; without one, the
 * strictest (https, no loopback or private storage).
 */
function storagePolicy(apiUrl) {
    const url = parsedUrl(apiUrl);
    return policyFor(url?.protocol ?? null, url === null ? null : classifyHost(url.hostname));
}
/**
 * The policy for an API URL whose host may be a name: a self-hosted
 * deployment at `https://vm0.corp.example` on 10.1.2.3 keeps its storage on
 * its private network too. The name is resolved once a run; when it
 * cannot be, the strict policy of its spelling applies.
 */
async function resolveStoragePolicy(apiUrl, lookup = defaultLookup, signal) {
    const url = parsedUrl(apiUrl);
    const spelled = storagePolicy(apiUrl);
    const bare = url?.hostname.replace(/^\[(.*)\]$/, '$1') ?? '';
    if (url === null || classifyHost(bare) !== 'other' || (0,external_node_net_.isIP)(bare) !== 0) {
        return spelled;
    }
    const known = resolvedApiHosts.get(lookup)?.get(url.hostname);
    if (known !== undefined)
        return policyFor(url.protocol, known);
    // A cancelled workflow does not wait for a slow resolver: strict, and the request then aborts.
    const addresses = await new Promise(resolve => {
        const aborted = () => resolve(null);
        signal?.addEventListener('abort', aborted, { once: true });
        lookup(url.hostname, { all: true }, (error, found) => {
            signal?.removeEventListener('abort', aborted);
            resolve(error ? null : found);
        });
    });
    if (addresses === null)
        return spelled;
    const kinds = new Set(addresses.map(a => classifyHost(a.address)));
    const kind = kinds.has('loopback') ? 'loopback' : kinds.has('private') ? 'private' : 'other';
    // Once per run, not once per published file; a failed lookup is tried again next time.
    const cache = resolvedApiHosts.get(lookup) ?? new Map();
    resolvedApiHosts.set(lookup, cache.set(url.hostname, kind));
    return policyFor(url.protocol, kind);
}
/** What each API host name resolved to, per lookup function (tests pass their own). */
const resolvedApiHosts = new WeakMap();
/** Why `host` may not be reached under `policy`, or null when it may. */
function refusedHost(host, policy) {
    const kind = classifyHost(host);
    if (kind === 'forbidden')
        return 'a link-local or cloud metadata address';
    if (kind === 'loopback' && !policy.allowLoopback) {
        return 'a loopback address (allowed only when `api-url` is loopback)';
    }
    if (kind === 'private' && !policy.allowPrivate) {
        return ('a private address (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7; allowed only ' +
            'when `api-url` is on a private or loopback address, as a self-hosted deployment is)');
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
/**
 * A `lookup` for `net.connect` that refuses a name when any address it
 * resolves to is refused: the address checked is the one connected to.
 */
function guardedLookup(policy, lookup = defaultLookup) {
    return (hostname, options, callback) => {
        lookup(hostname, { ...options, all: true }, (error, addresses) => {
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
function guardedAgent(policy, lookup) {
    return new undici.Agent({ connect: { lookup: guardedLookup(policy, lookup) } });
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
 * no metadata or link-local address, loopback only for a loopback API,
 * private addresses only for a private or loopback one), and every address
 * a name resolves to when it is connected to.
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
    const policy = await resolveStoragePolicy(opts.apiUrl, opts.lookup, opts.signal);
    const agent = opts.dispatcher ? null : guardedAgent(policy, opts.lookup);
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
/* harmony import */ var _paths_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(13559);
/* harmony import */ var _text_quote_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(55383);




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
    const target = entry.linkpath ? ` to ${(0,_text_quote_js__WEBPACK_IMPORTED_MODULE_3__/* .quote */ .hD)(entry.linkpath)}` : '';
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
/**
 * The spelling each path (and each folder on its way) was first extracted
 * under, keyed without case and Unicode form: Windows and macOS read
 * `README.md` and `readme.md` (and `café` composed or not, on macOS) as one
 * name, so there the second would replace or join the first, and here it
 * would not. The later spelling is skipped, on every OS alike.
 */
class FirstSpellings {
    // A tree of folders (one map a level), so each part of a path is folded and looked up once.
    root = new Map();
    /** The earlier spelling `path` or one of its folders clashes with; null (and recorded) when none. */
    clash(path) {
        const parts = path.split('/');
        let level = this.root;
        for (let i = 0; i < parts.length; i++) {
            const part = parts[i] ?? '';
            const key = part.normalize('NFC').toLowerCase();
            let node = level.get(key);
            if (node === undefined) {
                node = { spelling: part, children: new Map() };
                level.set(key, node);
            }
            else if (node.spelling !== part) {
                return [...parts.slice(0, i), node.spelling].join('/');
            }
            level = node.children;
        }
        return null;
    }
}
/** Why an entry is skipped when a name differing only in case came first. */
function caseClashReason(earlier) {
    return `the name differs only in case or Unicode form from ${(0,_text_quote_js__WEBPACK_IMPORTED_MODULE_3__/* .quote */ .hD)(earlier)}, which Windows and macOS read as the same name`;
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
    spellings = new FirstSpellings();
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
        const windows = (0,_paths_js__WEBPACK_IMPORTED_MODULE_2__/* .windowsNameProblem */ .g)(check.path);
        if (windows !== null) {
            this.skip({ path: entry.path, reason: windows, hostile: false });
            return false;
        }
        if (check.depth > this.limits.maxDepth) {
            return this.overLimit((0,_limits_js__WEBPACK_IMPORTED_MODULE_1__/* .depthLimitError */ .RI)(this.limits, check.depth, entry.path));
        }
        const earlier = FILE_TYPES.has(entry.type) || DIR_TYPES.has(entry.type)
            ? this.spellings.clash(check.path)
            : null;
        if (earlier !== null) {
            this.skip({ path: entry.path, reason: caseClashReason(earlier), hostile: false });
            return false;
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
        // node-tar writes exactly the path that was checked; the `./` keeps a name from ever
        // being read as a Windows drive (none with a `:` gets here, but node-tar strips `c:`).
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
        const shown = entries.slice(0, NAMED_ENTRIES).map(e => `${(0,_text_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(e.path)} (${e.reason})`);
        const named = (0,_text_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .listOf */ .c3)(shown, 'and', { total: count });
        super(`The output archive holds ${count} unsafe ${count === 1 ? 'entry' : 'entries'}: ${named}. ` +
            `${count === 1 ? 'It is' : count > 200 ? 'The first 200 are' : 'Each one is'} named in the log. Nothing was extracted into ` +
            `\`path\` (${where.path}) and nothing was uploaded. A VM0 sandbox does not produce ` +
            `absolute or '..' paths, NUL characters in names, devices or FIFOs, so the archive may ` +
            `have been tampered with: check run ${where.runId} and version ` +
            `${where.versionId.slice(0, 12)} of artifact ${(0,_text_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(where.artifactName)}.`);
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
        `${limits.maxDepth}: ${(0,_text_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(path.slice(0, 120))}; nothing was extracted.`);
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
/* harmony export */   g: () => (/* binding */ windowsNameProblem),
/* harmony export */   w: () => (/* binding */ defaultOutputPath)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _run_folder_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(78705);
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


/** `<runnerTemp>/vm0-<runId>/files`, the default `path`; the run id is made safe as a folder name. */
function defaultOutputPath(runnerTemp, runId) {
    return (0,node_path__WEBPACK_IMPORTED_MODULE_0__.join)((0,_run_folder_js__WEBPACK_IMPORTED_MODULE_1__/* .runFolder */ .kQ)(runnerTemp, runId), 'files');
}
/**
 * Device names Windows reserves in every folder, whatever the extension
 * (`nul.txt` and `COM1.log` open the device on Windows 10), in any case,
 * with the superscript digits ¹ ² ³ it also reads as port numbers.
 */
const RESERVED_DEVICE = /^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)/i;
/** Characters Windows file names cannot hold (`:` would name an NTFS alternate data stream). */
const WINDOWS_FORBIDDEN = /[<>:"|?*\\]/;
/** Most UTF-8 bytes in one path part: 255 on ext4, APFS and (in UTF-16 units, never more) NTFS. */
const MAX_NAME_PART_BYTES = 255;
/** Why one path part (no `/` in it) cannot be a file or folder name on Windows; null when it can. */
function windowsPartProblem(part) {
    if (/[\u0000-\u001f]/.test(part))
        return 'a control character in the name';
    const forbidden = WINDOWS_FORBIDDEN.exec(part)?.[0];
    if (forbidden === ':')
        return "':' in the name (on Windows, an alternate data stream)";
    if (forbidden !== undefined)
        return `'${forbidden}' in the name, which Windows names cannot hold`;
    if (/[. ]$/.test(part))
        return 'a name part ending in a dot or a space (Windows drops them)';
    // Windows reads `CON .txt` and `CON ` as the device too: spaces before the dot do not count.
    if (RESERVED_DEVICE.test(part.replace(/ +(?=\.|$)/, ''))) {
        return 'a device name Windows reserves (CON, PRN, AUX, NUL, COM0-9, LPT0-9, with any extension)';
    }
    if (Buffer.byteLength(part, 'utf8') > MAX_NAME_PART_BYTES) {
        return `a name part longer than ${MAX_NAME_PART_BYTES} bytes`;
    }
    return null;
}
/**
 * Why a relative, `/`-separated path (as checked by `checkEntryPath`) cannot
 * be written on Windows, or null when every part of it can. Decided on the
 * string alone, never on the OS it runs on, so every runner keeps the same
 * files.
 */
function windowsNameProblem(path) {
    for (const part of path.split('/')) {
        const problem = windowsPartProblem(part);
        if (problem !== null)
            return problem;
    }
    return null;
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
    return new InstallConflictError(`The output archive has a ${conflict.archive} ${(0,_text_quote_js__WEBPACK_IMPORTED_MODULE_4__/* .quote */ .hD)(conflict.path)}, but \`path\` ` +
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
/* harmony export */   ns: () => (/* binding */ selectUploadFiles)
/* harmony export */ });
/* unused harmony exports ALREADY_COMPRESSED_RATIO, sanitizeArtifactName, checkArtifactName, isHiddenPath, artifactUrl */
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
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UploadError */ .oW(`The workflow artifact name ${(0,_text_quote_js__WEBPACK_IMPORTED_MODULE_5__/* .quote */ .hD)(name)} holds ${shown}, which artifact names ` +
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
        opts.info(`Deleted the earlier workflow artifact ${(0,_text_quote_js__WEBPACK_IMPORTED_MODULE_5__/* .quote */ .hD)(opts.name)} (overwrite: true).`);
    }
    catch (error) {
        const { ArtifactNotFoundError } = await artifactModule();
        if (error instanceof ArtifactNotFoundError)
            return;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UploadError */ .oW(`Could not delete the earlier workflow artifact ${(0,_text_quote_js__WEBPACK_IMPORTED_MODULE_5__/* .quote */ .hD)(opts.name)} to overwrite it: ${(0,_base_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(error)}`, { cause: error });
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
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UploadError */ .oW(`Could not upload the workflow artifact ${(0,_text_quote_js__WEBPACK_IMPORTED_MODULE_5__/* .quote */ .hD)(opts.name)}: ${(0,_base_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(error)}.${await uploadHint(error)}`, { cause: error });
    }
    if (typeof answer.id !== 'number') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UploadError */ .oW(`The artifact service did not return an id for the workflow artifact ${(0,_text_quote_js__WEBPACK_IMPORTED_MODULE_5__/* .quote */ .hD)(opts.name)}.`);
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
