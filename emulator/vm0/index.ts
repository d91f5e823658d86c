/**
 * The VM0 emulator: the public API on one loopback port and the artifact
 * storage on another, scriptable runs, fault injection and a request log.
 * See docs/vm0-api.md for the behaviour it reproduces.
 */
import { createPlatform, type Platform } from '../platform/index.js'
import { bareNotFound } from '../platform/wire.js'
import type { Surfaces } from '../platform/types.js'
import { filesToTarGz } from '../tar.js'
import { apiHandler } from './api.js'
import type { ApiContext } from './api/common.js'
import { FaultBook } from './faults.js'
import { startOrigin, type Call, type Reply } from './http.js'
import { NetworkTrouble } from './network-trouble.js'
import { isUuid, newToken } from './ids.js'
import { RunEngine } from './runs.js'
import { storageHandler } from './storage.js'
import { Agents, Collections, Storage } from './store.js'
import type { Dialect, Emulator, EmulatorOptions, FinalStatus, RecordedRequest } from './types.js'

export type * from './types.js'
export type * from '../platform/types.js'
export { sampleScript } from './sample.js'
export { codexSampleScript, testOutput } from './sample-codex.js'

/** The emulator's state; origins and handle methods are built from it. */
interface State {
  options: EmulatorOptions
  dialect: Dialect
  token: string
  requests: RecordedRequest[]
  faults: FaultBook
  agents: Agents
  artifacts: Collections
  volumes: Collections
  storage: Storage
  runs: RunEngine
}

function createState(options: EmulatorOptions): State {
  const agents = new Agents()
  for (const agent of options.agents ?? []) {
    agents.add(agent.name, {
      ...(agent.id === undefined ? {} : { id: agent.id }),
      ...(agent.versions === undefined ? {} : { versions: agent.versions })
    })
  }
  const artifacts = new Collections('artifact')
  const dialect = options.dialect ?? 'camel'
  return {
    options,
    dialect,
    token: options.token ?? newToken(),
    requests: [],
    faults: new FaultBook(options.seed ?? 1),
    agents,
    artifacts,
    volumes: new Collections('volume'),
    storage: new Storage(options.storageUrlTtlMs ?? 3_600_000),
    runs: new RunEngine(artifacts, options.defaultScript, options.artifactCommits ?? 'v1', {
      sandboxBatchMs: options.sandboxBatchMs ?? 30_000
    })
  }
}

/** The API origin's handler, with the options' defaults applied. */
function apiContext(state: State, storageUrl: string): ApiContext {
  const { options, dialect } = state
  return {
    dialect,
    token: state.token,
    agents: state.agents,
    artifacts: state.artifacts,
    volumes: state.volumes,
    storage: state.storage,
    storageUrl,
    runs: state.runs,
    concurrencyLimit: options.concurrencyLimit ?? 1,
    eventTickMs: options.eventTickMs ?? 1000,
    heartbeatMs: options.heartbeatMs ?? 15_000,
    metricsShape: options.metricsShape ?? (dialect === 'snake' ? 'documented' : 'current')
  }
}

type ContentMethods = Pick<Emulator, 'addAgent' | 'setScript' | 'addArtifactVersion' | 'addVolume'>

/** What tests seed: agents and their scripts, artifact versions, volumes. */
function contentMethods({ agents, artifacts, volumes }: State): ContentMethods {
  return {
    addAgent(name, opts = {}) {
      const agent = agents.add(name, opts)
      return { id: agent.id, name: agent.name }
    },
    setScript(agentName, script) {
      const agent = agents.findByName(agentName.toLowerCase())
      if (agent === undefined) throw new Error(`emulator: no agent named '${agentName}'`)
      agent.script = script
    },
    addArtifactVersion(name, content, meta = {}) {
      const archive = content.archive ?? filesToTarGz(content.files ?? {})
      const { collection, version } = artifacts.commit(name, archive, {
        message: meta.message ?? 'Uploaded with vm0 artifact push',
        createdBy: meta.createdBy ?? 'user'
      })
      return { artifactId: collection.id, versionId: version.id }
    },
    addVolume(name, files) {
      const { collection, version } = volumes.commit(name, filesToTarGz(files), {
        message: 'Uploaded with vm0 volume push',
        createdBy: 'user'
      })
      return { volumeId: collection.id, versionId: version.id }
    }
  }
}

type RunMethods = Pick<Emulator, 'getRun' | 'runs' | 'finishRun' | 'openSession'>

/** What tests read and drive of the runs. */
function runMethods({ runs, agents }: State): RunMethods {
  return {
    openSession(agentName, artifactName, sessionId) {
      const agent = agents.findByName(agentName.toLowerCase())
      if (agent === undefined) throw new Error(`emulator: no agent named '${agentName}'`)
      if (sessionId !== undefined && !isUuid(sessionId)) {
        throw new Error(`emulator: a session id must be a UUID; got '${sessionId}'`)
      }
      return runs.openSession(agent.id, artifactName, sessionId)
    },
    getRun(id) {
      const run = runs.get(id)
      return run === undefined ? undefined : runs.info(run)
    },
    runs: () => runs.all().map(run => runs.info(run)),
    finishRun(id, status: FinalStatus = 'completed', error?: string) {
      const run = runs.get(id)
      if (run === undefined) throw new Error(`emulator: no run '${id}'`)
      return runs.finish(run, status, error ?? null)
    }
  }
}

/**
 * One origin, the surfaces it was asked for: `/v1/...` to the `/v1` handler,
 * everything else to the platform, whose answer to a path it does not serve
 * is the hosted service's bare 404.
 */
function surfaceHandler(
  surfaces: Surfaces,
  v1: (call: Call) => Reply,
  platform: (call: Call) => Reply
): (call: Call) => Reply {
  return call => {
    if (surfaces === 'v1') return v1(call)
    const isV1 = call.path === '/v1' || call.path.startsWith('/v1/')
    if (isV1) return surfaces === 'both' ? v1(call) : bareNotFound()
    return platform(call)
  }
}

/** Starts both origins on 127.0.0.1 (free ports unless `port` names the API's) and answers the handle tests drive them with. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const state = createState(options)
  const { requests, faults, runs } = state
  const storageOrigin = await startOrigin({
    origin: 'storage',
    requests,
    faults,
    handle: storageHandler(state.storage)
  })
  let dropApiConnections = (): void => {}
  const trouble = new NetworkTrouble(() => dropApiConnections(), options.notVm0Api === true)
  const surfaces = options.surfaces ?? 'both'
  const platform: Platform = createPlatform(options.platform ?? {}, {
    defaultScript: options.defaultScript,
    storage: state.storage,
    storageUrl: storageOrigin.url,
    requests
  })
  const api = await startOrigin({
    origin: 'api',
    requests,
    faults,
    handle: surfaceHandler(
      surfaces,
      apiHandler(apiContext(state, storageOrigin.url)),
      platform.handler
    ),
    ...(options.port === undefined ? {} : { port: options.port }),
    trouble: (method, path, now) => trouble.take(method, path, now)
  })
  dropApiConnections = () => api.dropConnections()

  return {
    url: api.url,
    storageUrl: storageOrigin.url,
    token: state.token,
    surfaces,
    platform: platform.handle,
    requests,
    ...contentMethods(state),
    ...runMethods(state),
    addFault: rule => faults.add(rule),
    clearFaults: () => faults.clear(),
    addOutage: outage => trouble.addOutage(outage),
    revokeToken: revocation => trouble.revokeToken(revocation),
    reset() {
      runs.reset()
      platform.reset()
      faults.clear()
      trouble.clear()
      // Emptied in place: tests may hold on to the array.
      requests.length = 0
    },
    async close() {
      trouble.clear()
      runs.stop()
      platform.stop()
      await Promise.all([api.close(), storageOrigin.close()])
    }
  }
}
