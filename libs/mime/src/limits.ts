/** Deepest MIME nesting parsed; deeper content is an opaque leaf (bounds recursion on hostile input). */
export const MAX_MIME_DEPTH = 32;

/** Most MIME parts in one message; later delimiters are ignored (bounds tree size and memory). */
export const MAX_MIME_PARTS = 10_000;

/** Longest prefix or suffix a recipe stores; longer whitespace runs make the body unreproducible. */
export const MAX_RECIPE_AFFIX_BYTES = 256;

/** Longest header value examined when parsing structured fields (bounds work on hostile headers). */
export const MAX_STRUCTURED_VALUE_BYTES = 64 * 1024;

/** Most line-length runs a base64 recipe stores; more irregular wrapping is stored raw instead. */
export const MAX_RECIPE_LINE_RUNS = 64;
