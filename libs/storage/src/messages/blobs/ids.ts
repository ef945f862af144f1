/**
 * Blob ids are `<sha256 hex of the content>.<generation>` plus `z` when the stored bytes are
 * raw-deflated. Every read and write addresses a blob or chunk by exact `_id`: the hash leads it,
 * so it is also the shard key, and FerretDB v1 serves exact `_id` lookups without a scan.
 */
export function blobId(hash: string, generation: number, deflated: boolean): string {
  return `${hash}.${generation}${deflated ? 'z' : ''}`;
}

/** True when a blob's stored bytes are raw-deflated. */
export function isDeflatedId(id: string): boolean {
  return id.endsWith('z');
}

/** The content hash of a blob id. */
export function hashOf(id: string): string {
  return id.slice(0, id.indexOf('.'));
}

/** The `_id` of chunk `n` of a blob. */
export function chunkId(id: string, n: number): string {
  return `${id}#${n}`;
}
