/**
 * The storage origin behind download redirects, S3-like: it serves archives
 * to presigned URLs only, and refuses a request that also carries an
 * Authorization header (a client must not forward the API token here).
 */
import type { Call, Reply } from './http.js'
import { randomHex } from './ids.js'
import type { Storage } from './store.js'

function xmlError(status: number, code: string, message: string): Reply {
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${code}</Code><Message>${message}</Message>` +
    `<RequestId>${randomHex(8).toUpperCase()}</RequestId></Error>`
  return { status, headers: { 'content-type': 'application/xml' }, body }
}

/** Builds the handler of the storage origin. */
export function storageHandler(storage: Storage): (call: Call) => Reply {
  return call => {
    if (call.headers.authorization !== undefined) {
      return xmlError(
        400,
        'InvalidArgument',
        'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, ' +
          'Signature query string parameter or the Authorization header should be specified'
      )
    }
    if (call.method !== 'GET' && call.method !== 'HEAD') {
      return xmlError(
        405,
        'MethodNotAllowed',
        'The specified method is not allowed against this resource.'
      )
    }
    const key = call.path.replace(/^\/+/, '')
    const object = storage.object(key)
    if (object === undefined) return xmlError(404, 'NoSuchKey', 'The specified key does not exist.')
    const signed = storage.signature(call.query['X-Amz-Signature'] ?? '')
    if (signed === undefined || signed.key !== key) {
      return xmlError(
        403,
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided.'
      )
    }
    if (Date.now() > signed.expiresAt) return xmlError(403, 'AccessDenied', 'Request has expired')
    const contentType = storage.contentType(key) ?? 'application/gzip'
    return { status: 200, headers: { 'content-type': contentType }, body: object }
  }
}
