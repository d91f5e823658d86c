/** The outputs that describe a run's collected files and their workflow artifact. */
import type { CollectResult } from '../artifacts/types.js'
import { Outputs } from './outputs.js'

/**
 * The artifact outputs of a collection, by output name: `artifact-version`,
 * `artifacts-path`, `artifact-id`, `artifact-url` and `artifact-digest`.
 * Each is null (not set) when nothing was collected or uploaded.
 */
export function artifactOutputValues(
  result: CollectResult | null
): Record<string, string | number | null> {
  return {
    [Outputs.ArtifactVersion]: result?.artifactVersion ?? null,
    [Outputs.ArtifactsPath]: result?.artifactsPath ?? null,
    [Outputs.ArtifactId]: result?.upload?.id ?? null,
    [Outputs.ArtifactUrl]: result?.upload?.url ?? null,
    [Outputs.ArtifactDigest]: result?.upload?.digest ?? null
  }
}
