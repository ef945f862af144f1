import { buffer } from 'node:stream/consumers';
import { decodedHeader, searchTextBody, type DecodedField } from '@mailstore/mime';
import type { Store } from '../../store.js';
import { loadLayout, openLayoutSection, type LayoutRef } from './open.js';

/** Most header bytes SEARCH HEADER and TEXT read: bounds a message with megabytes of header. */
export const SEARCH_HEADER_MAX_BYTES = 256 * 1024;

/** What SEARCH HEADER, BODY and TEXT match a message against (RFC 3501 section 6.4.4). */
export interface SearchContent {
  /** The top-level header fields, unfolded and decoded (RFC 2047). */
  header: DecodedField[];
  /** The decoded text of the text parts, bounded by `SEARCH_TEXT_MAX_BYTES`. */
  body: string;
}

/**
 * Reads the search content of a message from its layout: the header from the layout's inline
 * bytes (at most {@link SEARCH_HEADER_MAX_BYTES}) and the body text stored at ingest.
 */
export async function readSearchContent(store: Store, message: LayoutRef): Promise<SearchContent> {
  const layout = await loadLayout(store, message);
  const spec = { text: 'HEADER' as const, length: SEARCH_HEADER_MAX_BYTES };
  const section = openLayoutSection(store, layout, spec);
  const header = decodedHeader(section ? await buffer(section.stream) : Buffer.alloc(0));
  return { header, body: searchTextBody(layout.text, header) };
}
