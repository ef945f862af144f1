// Every body the ingest plans as a blob must be reproducible from its decoded content: a plan that
// does not rebuild exactly makes prepareMessage keep the whole message raw, undeduplicated.
import { parseMessage } from '@mailstore/mime';
import { describe, expect, it } from 'vitest';
import { planMessage } from '../src/messages/ingest/plan.js';
import { prepareMessage } from '../src/messages/ingest/prepare.js';
import { readCorpusMessage, readManifest } from './messages/corpus.js';

describe('ingest plan over the corpus', () => {
  it('keeps every planned blob: each body rebuilds exactly from its decoded bytes', async () => {
    let planned = 0;
    const fellBack: string[] = [];
    for (const entry of readManifest()) {
      const raw = readCorpusMessage(entry);
      const root = parseMessage(raw);
      const blobs = planMessage(raw, root).blobs.length;
      if (blobs === 0) continue;
      planned++;
      const prepared = await prepareMessage(raw, root, '');
      if (prepared.blobs.length !== blobs) fellBack.push(entry.file);
    }
    // Irregular base64 line runs and non-canonical final quanta included (111 messages today).
    expect(planned).toBeGreaterThan(100);
    expect(fellBack).toEqual([]);
  }, 60_000);
});
