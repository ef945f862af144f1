import { setQuota } from '@mailstore/storage';
import { parseBytes, type Command } from '../command.js';
import { findUser } from '../users-lookup.js';

/** `quota:set <user> <bytes>`: the bytes a user may store; 0 means unlimited. */
export const quotaSet: Command = {
  usage: 'quota:set <user> <bytes>',
  summary: 'set the bytes a user may store (0 = unlimited)',
  args: [2, 2],
  check([, bytes]) {
    parseBytes(bytes!, 'the quota');
  },
  async run(store, [name, bytes]) {
    const limit = parseBytes(bytes!, 'the quota');
    const user = await findUser(store, name!);
    await setQuota(store, user._id, limit);
    return {
      data: { user: user.username, limit, used: user.quota.used },
      text: [`${user.username}: quota ${limit || 'unlimited'} bytes, ${user.quota.used} used`],
    };
  },
};
