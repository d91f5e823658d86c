/** `GET /v1/artifacts…` and `/v1/volumes…`: list, detail, versions, and the download redirect. */
import type { Call, Reply } from '../http.js'
import { pick } from '../dialect.js'
import { notFound } from '../errors.js'
import { newRequestId } from '../ids.js'
import { newestFirst } from '../store.js'
import type { Collections, StoredCollection } from '../store.js'
import { json, paginate, requireUuid, type ApiContext, type Target } from './common.js'

/** A 302 to a presigned storage URL of the version the query names (the head by default); 404 when it is empty. */
function download(
  ctx: ApiContext,
  call: Call,
  collections: Collections,
  collection: StoredCollection
): Reply {
  const ref = pick(ctx.dialect, call.query, 'versionId')
  const version =
    ref === undefined ? collections.head(collection) : collections.resolve(collection, ref)
  if (version === undefined) throw notFound('version', ref ?? '')
  // As the service: an empty version has no archive to download.
  if (version.empty) throw notFound('version', ref ?? version.id)
  const location = ctx.storage.presign(ctx.storageUrl, collections.kind, collection.id, version)
  return { status: 302, headers: { location, 'x-request-id': newRequestId() } }
}

/** The routes of one kind of collection (`what` names it in errors); undefined when none matches. */
export function collectionRoutes(
  ctx: ApiContext,
  call: Call,
  collections: Collections,
  what: string,
  { id, sub }: Target
): Reply | undefined {
  if (call.method !== 'GET') return undefined
  if (id === undefined)
    return json(
      ctx,
      200,
      paginate(newestFirst(collections.all()), call.query, c => collections.view(c))
    )
  const found = collections.get(requireUuid(id))
  if (found === undefined) throw notFound(what, id)
  const collection: StoredCollection = found
  if (sub === undefined) return json(ctx, 200, collections.detail(collection))
  if (sub === 'versions') {
    return json(
      ctx,
      200,
      paginate(newestFirst(collection.versions), call.query, v =>
        collections.versionView(collection, v)
      )
    )
  }
  if (sub === 'download') return download(ctx, call, collections, collection)
  return undefined
}
