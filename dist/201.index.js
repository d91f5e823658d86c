export const id = 201;
export const ids = [201];
export const modules = {

/***/ 54201:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   collectPublishedSettled: () => (/* binding */ collectPublishedSettled)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(46466);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_stream_promises__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(57075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var _base_clock_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(84031);
/* harmony import */ var _base_errors_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(34758);
/* harmony import */ var _text_durations_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(51966);
/* harmony import */ var _text_sizes_js__WEBPACK_IMPORTED_MODULE_20__ = __webpack_require__(1801);
/* harmony import */ var _collect_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(85213);
/* harmony import */ var _download_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(86285);
/* harmony import */ var _entry_filter_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(64934);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(47172);
/* harmony import */ var _limits_js__WEBPACK_IMPORTED_MODULE_12__ = __webpack_require__(20567);
/* harmony import */ var _logger_js__WEBPACK_IMPORTED_MODULE_13__ = __webpack_require__(90143);
/* harmony import */ var _text_quote_js__WEBPACK_IMPORTED_MODULE_14__ = __webpack_require__(55383);
/* harmony import */ var _text_sanitize_js__WEBPACK_IMPORTED_MODULE_15__ = __webpack_require__(64212);
/* harmony import */ var _paths_js__WEBPACK_IMPORTED_MODULE_16__ = __webpack_require__(13559);
/* harmony import */ var _staging_js__WEBPACK_IMPORTED_MODULE_17__ = __webpack_require__(73086);
/* harmony import */ var _types_js__WEBPACK_IMPORTED_MODULE_19__ = __webpack_require__(22882);
/* harmony import */ var _upload_js__WEBPACK_IMPORTED_MODULE_18__ = __webpack_require__(43734);
/**
 * Collecting the files an agent published for a platform run (thread
 * artifacts, or `attachFiles` of `run.completed`): each is downloaded through
 * the same bounded path as a /v1 archive (download.ts: hop checks, retries,
 * cancel, no token to another host) into a staging folder, checked against
 * `max-output-size` and `max-output-files` and for its name (no absolute
 * path, no `..`, no `.git` path, no name Windows cannot hold: paths.ts),
 * then moved into `path` at once and uploaded as a workflow artifact like
 * /v1 output files.
 *
 * No files is not a failure unless `if-no-files-found: error` asks for files.
 */





















/**
 * Why a published file's name is refused, or null when it is safe: the
 * archive's rules (paths.ts: the same names refused on every OS), and no
 * invisible character either, since nothing else shows these names.
 */
function refusedName(name) {
    const check = (0,_entry_filter_js__WEBPACK_IMPORTED_MODULE_10__/* .checkEntryPath */ .iX)(name);
    if (check.kind === 'unsafe')
        return check.reason;
    if (check.kind === 'root')
        return 'an empty name';
    if ((0,_entry_filter_js__WEBPACK_IMPORTED_MODULE_10__/* .gitFolderOf */ .qb)(check.path) !== null)
        return 'under a .git path';
    const windows = (0,_paths_js__WEBPACK_IMPORTED_MODULE_16__/* .windowsNameProblem */ .g)(check.path);
    if (windows !== null)
        return windows;
    if ((0,_text_sanitize_js__WEBPACK_IMPORTED_MODULE_15__/* .mayHide */ .uv)(name))
        return 'a control or invisible character in the name';
    return null;
}
/** Collects and uploads the published files; throws what fails the step. */
async function collectPublished(opts) {
    const logger = opts.logger ?? _logger_js__WEBPACK_IMPORTED_MODULE_13__/* .coreLogger */ .W;
    const { settings } = opts;
    if (opts.files.length === 0)
        return noFiles(settings, logger);
    const maxFiles = settings.maxOutputFiles ?? _limits_js__WEBPACK_IMPORTED_MODULE_12__/* .DEFAULT_LIMITS */ .dR.maxEntries;
    const maxBytes = settings.maxOutputBytes ?? _limits_js__WEBPACK_IMPORTED_MODULE_12__/* .DEFAULT_LIMITS */ .dR.maxBytes;
    if (opts.files.length > maxFiles)
        throw (0,_limits_js__WEBPACK_IMPORTED_MODULE_12__/* .entriesLimitError */ .qS)({ ..._limits_js__WEBPACK_IMPORTED_MODULE_12__/* .DEFAULT_LIMITS */ .dR, maxEntries: maxFiles });
    const dest = settings.path ?? (0,_paths_js__WEBPACK_IMPORTED_MODULE_16__/* .defaultOutputPath */ .w)(opts.runnerTemp, opts.runId);
    const { files, skipped } = await logger.group('Downloading output', () => bounded(opts, dest, maxBytes, logger));
    const result = {
        ...(0,_types_js__WEBPACK_IMPORTED_MODULE_19__/* .emptyCollectResult */ .x)(),
        artifactsPath: files.length > 0 ? dest : null,
        files,
        totalBytes: files.reduce((sum, f) => sum + f.size, 0),
        skipped
    };
    if (files.length === 0)
        return noFiles(settings, logger, result);
    const env = opts.env ?? process.env;
    const step = await (0,_collect_js__WEBPACK_IMPORTED_MODULE_8__/* .uploadStep */ .go)({
        settings,
        logger,
        env,
        ...(opts.uploadClient ? { uploadClient: opts.uploadClient } : {}),
        root: dest,
        files,
        // Downloaded as they are: no archive tells how well they compress.
        size: { compressedBytes: 0, extractedBytes: result.totalBytes },
        // `vm0-<thread id's first 8>-<run id's first 8>`.
        defaultName: (0,_upload_js__WEBPACK_IMPORTED_MODULE_18__/* .defaultUploadName */ .CA)(opts.threadId.slice(0, 8), opts.runId, env.GITHUB_RUN_ATTEMPT)
    });
    result.skipped.push(...step.refused);
    if (step.noneWhy !== null) {
        return noFiles(settings, logger, result, `Nothing was uploaded: ${step.noneWhy}.`);
    }
    result.upload = step.uploaded;
    return result;
}
/** collectPublished, its failure handed back instead of thrown. */
async function collectPublishedSettled(opts) {
    try {
        return { result: await collectPublished(opts), error: null };
    }
    catch (error) {
        return { result: null, error: error ?? new Error('collecting the published files failed') };
    }
}
function noFiles(settings, logger, result = (0,_types_js__WEBPACK_IMPORTED_MODULE_19__/* .emptyCollectResult */ .x)(), text = 'The agent published no files for this run.') {
    if (settings.ifNoFilesFound === 'error') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_11__/* .NoFilesError */ .NE(`${text} Failing the step because \`if-no-files-found\` is 'error'.`);
    }
    if (settings.ifNoFilesFound === 'warn')
        logger.warning(text);
    else
        logger.info(text);
    // Said in the job summary and the comment too, unless the workflow said no files are fine.
    return settings.ifNoFilesFound === 'ignore' ? result : { ...result, note: text };
}
/** The downloads under `timeout` and the cancellation, into staging, then into `dest`. */
async function bounded(opts, dest, maxBytes, logger) {
    const clock = opts.clock ?? _base_clock_js__WEBPACK_IMPORTED_MODULE_5__/* .systemClock */ .m;
    const limit = opts.deadlineMs === undefined
        ? null
        : (0,_base_clock_js__WEBPACK_IMPORTED_MODULE_5__/* .timeLimit */ .z)(clock, opts.deadlineMs - clock.now(), opts.signal);
    const signal = limit?.signal ?? opts.signal ?? new AbortController().signal;
    const target = await (0,_staging_js__WEBPACK_IMPORTED_MODULE_17__/* .resolveDestination */ .H$)(dest);
    const staging = await (0,_staging_js__WEBPACK_IMPORTED_MODULE_17__/* .createStaging */ .qp)(target);
    try {
        const got = await fetchAll(opts, staging, maxBytes, logger, signal);
        if (got.files.length > 0)
            await (0,_staging_js__WEBPACK_IMPORTED_MODULE_17__/* .installTree */ .oN)(staging, target);
        logger.info(`Downloaded ${(0,_text_quote_js__WEBPACK_IMPORTED_MODULE_14__/* .counted */ .hS)(got.files.length, 'published file')} (${(0,_text_sizes_js__WEBPACK_IMPORTED_MODULE_20__/* .formatBytes */ .z)(got.files.reduce((s, f) => s + f.size, 0))}) to ${target}.`);
        return got;
    }
    catch (error) {
        const where = `nothing was put into \`path\` (${dest}) and nothing was uploaded`;
        if (opts.signal?.aborted) {
            throw new _base_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .ActionError */ .lZ(`The workflow was cancelled while the published files were being downloaded; ${where}.`, { cause: error });
        }
        if (limit?.expired) {
            const t = opts.settings.timeoutMs;
            throw new _base_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .ActionError */ .lZ(`\`timeout\`${t === undefined ? '' : ` (${(0,_text_durations_js__WEBPACK_IMPORTED_MODULE_7__/* .formatDuration */ .a3)(t)})`} ran out while the ` +
                `published files were being downloaded; ${where}. Raise \`timeout\` to leave time for them.`, { cause: error });
        }
        throw error;
    }
    finally {
        limit?.done();
        await (0,_staging_js__WEBPACK_IMPORTED_MODULE_17__/* .removeTree */ .dM)(staging);
    }
}
/** Downloads every file with a safe name into `staging`, within `maxBytes` in all. */
async function fetchAll(opts, staging, maxBytes, logger, signal) {
    const files = [];
    const skipped = [];
    const names = new TakenNames();
    let total = 0;
    for (const file of opts.files) {
        const why = refusedName(file.filename);
        const path = why === null ? (0,_entry_filter_js__WEBPACK_IMPORTED_MODULE_10__/* .checkEntryPath */ .iX)(file.filename).path : '';
        const clash = why === null ? names.clash(path) : null;
        if (why !== null || clash !== null) {
            const reason = why ?? clash ?? '';
            logger.warning(`Skipped the published file ${(0,_text_quote_js__WEBPACK_IMPORTED_MODULE_14__/* .quote */ .hD)(file.filename)}: ${reason}.`);
            skipped.push({ path: file.filename, reason, hostile: why !== null });
            continue;
        }
        if (file.size !== null && total + file.size > maxBytes)
            throw (0,_limits_js__WEBPACK_IMPORTED_MODULE_12__/* .bytesLimitError */ .Bh)({ ..._limits_js__WEBPACK_IMPORTED_MODULE_12__/* .DEFAULT_LIMITS */ .dR, maxBytes });
        names.take(path);
        const size = await fetchOne(opts, file, (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(staging, path), { room: maxBytes - total, maxBytes }, signal, logger);
        total += size;
        files.push({ path, size });
    }
    files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return { files, skipped };
}
/**
 * The paths written so far, compared without case or Unicode form (as on
 * macOS and Windows):
 * a second file of a name, or a file where a folder is (or the reverse), is
 * skipped rather than failing the whole collection on the file system.
 */
class TakenNames {
    files = new Set();
    folders = new Set();
    clash(path) {
        const key = path.normalize('NFC').toLowerCase();
        if (this.files.has(key))
            return 'a second file of the same name';
        if (this.folders.has(key))
            return 'a file where another file needs a folder';
        const parts = key.split('/');
        for (let i = 1; i < parts.length; i++) {
            if (this.files.has(parts.slice(0, i).join('/')))
                return 'a file inside a name taken by a file';
        }
        return null;
    }
    take(path) {
        const parts = path.normalize('NFC').toLowerCase().split('/');
        this.files.add(parts.join('/'));
        for (let i = 1; i < parts.length; i++)
            this.folders.add(parts.slice(0, i).join('/'));
    }
}
/** One file through download.ts, written as it streams, cut off beyond `room` bytes. */
async function fetchOne(opts, file, to, { room, maxBytes }, signal, logger) {
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(to), { recursive: true });
    const outcome = await (0,_download_js__WEBPACK_IMPORTED_MODULE_9__/* .downloadArchive */ .Z)({
        api: { artifactDownloadUrl: async () => file.url },
        artifactId: file.id,
        versionId: file.id,
        logger,
        authorization: opts.authorization,
        ...(opts.settings.apiUrl !== undefined ? { apiUrl: opts.settings.apiUrl } : {}),
        ...(opts.dispatcher ? { dispatcher: opts.dispatcher } : {}),
        ...(opts.sleep ? { sleep: opts.sleep } : {}),
        signal,
        consume: async (body) => {
            let bytes = 0;
            const limit = new node_stream__WEBPACK_IMPORTED_MODULE_4__.Transform({
                transform(chunk, _enc, done) {
                    bytes += chunk.length;
                    if (bytes > room)
                        done((0,_limits_js__WEBPACK_IMPORTED_MODULE_12__/* .bytesLimitError */ .Bh)({ ..._limits_js__WEBPACK_IMPORTED_MODULE_12__/* .DEFAULT_LIMITS */ .dR, maxBytes }));
                    else
                        done(null, chunk);
                }
            });
            await (0,node_stream_promises__WEBPACK_IMPORTED_MODULE_3__.pipeline)(node_stream__WEBPACK_IMPORTED_MODULE_4__.Readable.from(body), limit, (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.createWriteStream)(to, { mode: 0o644 }), {
                signal
            });
            return bytes;
        }
    });
    return outcome.kind === 'done' ? outcome.value : 0;
}


/***/ })

};
