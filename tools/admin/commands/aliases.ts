import { addDomainAlias, listDomainAliases, removeDomainAlias } from '@mailstore/storage';
import type { Command } from '../command.js';

/** `alias:add <alias-domain> <domain>`: mail to x@alias-domain is mail to x@domain. */
export const aliasAdd: Command = {
  usage: 'alias:add <alias-domain> <domain>',
  summary: 'make a domain an alias of another',
  args: [2, 2],
  async run(store, [alias, domain]) {
    await addDomainAlias(store, alias!, domain!);
    return { data: { alias, domain }, text: [`${alias} is now an alias of ${domain}`] };
  },
};

/** `alias:remove <alias-domain>`: ends a domain alias. */
export const aliasRemove: Command = {
  usage: 'alias:remove <alias-domain>',
  summary: 'end a domain alias',
  args: [1, 1],
  async run(store, [alias]) {
    await removeDomainAlias(store, alias!);
    return { data: { alias, removed: true }, text: [`${alias} is no longer an alias`] };
  },
};

/** `alias:list`: every domain alias and its target. */
export const aliasList: Command = {
  usage: 'alias:list',
  summary: 'list domain aliases',
  args: [0, 0],
  async run(store) {
    const aliases = await listDomainAliases(store);
    const data = aliases.map((doc) => ({ alias: doc._id, domain: doc.aliasOf }));
    return { data, text: data.map((row) => `${row.alias} -> ${row.domain}`) };
  },
};
