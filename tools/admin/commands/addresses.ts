import { addAddress, addForward, removeAddress, setCatchAll } from '@mailstore/storage';
import { UsageError, type Command } from '../command.js';
import { findUser } from '../users-lookup.js';

/**
 * `address:add`: gives a user an address (`*@domain` makes the user the domain's catch-all),
 * or, with `--forward-to`, creates a forward-only address.
 */
export const addressAdd: Command = {
  usage: 'address:add <user> <address> | address:add <address> --forward-to X [--forward-to Y]...',
  summary: "add an address to a user, a domain's catch-all (*@domain) or a forward",
  args: [1, 2],
  async run(store, args, options) {
    const targets = options['forward-to'] ?? [];
    if (targets.length > 0) {
      if (args.length !== 1) throw new UsageError('a forward takes the address alone, no user');
      const added = await addForward(store, args[0]!, targets);
      return {
        data: { address: added.display, lookup: added.lookup, forwardTo: targets },
        text: [`${added.display} now forwards to ${targets.join(', ')}`],
      };
    }
    if (args.length !== 2) throw new UsageError('give the user and the address');
    const [name, address] = args as [string, string];
    const user = await findUser(store, name);
    if (address.startsWith('*@')) {
      await setCatchAll(store, address.slice(2), user._id);
      return {
        data: { address, user: user.username, catchAll: true },
        text: [`${user.username} now receives mail for unknown addresses of ${address.slice(2)}`],
      };
    }
    const added = await addAddress(store, user._id, address);
    return {
      data: { address: added.display, lookup: added.lookup, user: user.username },
      text: [`added ${added.display} to ${user.username}`],
    };
  },
};

/** `address:remove <address>`: removes an address, a forward or a catch-all (`*@domain`). */
export const addressRemove: Command = {
  usage: 'address:remove <address>',
  summary: 'remove an address, a forward or a catch-all (*@domain)',
  args: [1, 1],
  async run(store, [address]) {
    await removeAddress(store, address!);
    return { data: { address, removed: true }, text: [`removed ${address}`] };
  },
};
