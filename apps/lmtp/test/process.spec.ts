import { describeAppProcess, readGreeting } from '@mailstore/testing';
import { expect } from 'vitest';

describeAppProcess({
  app: 'lmtp',
  async probe({ host, port }) {
    // RFC 2033 section 4.1 / RFC 5321 section 4.2: the banner is a 220 reply.
    expect(await readGreeting(host, port)).toMatch(/^220 \S+ .*LMTP/);
  },
});
