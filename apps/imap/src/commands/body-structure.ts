import type { BodyStructureData, EnvelopeData } from '@mailstore/imap-proto';

// The shape libs/mime's bodyStructure() stores on each message document (see its types.ts):
// parameters as name/value pairs, children under `children`.
interface StoredParam {
  name: string;
  value: string;
}

interface StoredNode {
  kind: 'multipart' | 'basic' | 'text' | 'message';
  type: string;
  subtype: string;
  params: StoredParam[];
  disposition: { type: string; params: StoredParam[] } | null;
  language: string[] | null;
  location: string | null;
  children?: StoredNode[];
  id?: string | null;
  description?: string | null;
  encoding?: string;
  size?: number;
  lines?: number | null;
  envelope?: EnvelopeData | null;
  body?: StoredNode | null;
  md5?: string | null;
}

function parameters(params: readonly StoredParam[] | undefined): Record<string, string> | null {
  if (!params || params.length === 0) return null;
  return Object.fromEntries(params.map((param) => [param.name, param.value]));
}

/** Converts the stored body structure of libs/mime into the serializer's input. */
export function toBodyStructureData(stored: unknown): BodyStructureData {
  const node = stored as StoredNode;
  const common = {
    parameters: parameters(node.params),
    disposition: node.disposition
      ? { type: node.disposition.type, parameters: parameters(node.disposition.params) }
      : null,
    language: node.language,
    location: node.location,
  };
  if (node.kind === 'multipart') {
    const parts = (node.children ?? []).map(toBodyStructureData);
    return { ...common, type: 'multipart', subtype: node.subtype, parts };
  }
  return {
    ...common,
    type: node.type,
    subtype: node.subtype,
    id: node.id ?? null,
    description: node.description ?? null,
    encoding: (node.encoding ?? '7bit').toUpperCase(),
    size: node.size ?? 0,
    ...(node.lines !== null && node.lines !== undefined ? { lines: node.lines } : {}),
    ...(node.envelope ? { envelope: node.envelope } : {}),
    ...(node.body ? { body: toBodyStructureData(node.body) } : {}),
    md5: node.md5 ?? null,
  };
}
