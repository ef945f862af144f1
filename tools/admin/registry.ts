import type { Command } from './command.js';
import { addressAdd, addressRemove } from './commands/addresses.js';
import { aliasAdd, aliasList, aliasRemove } from './commands/aliases.js';
import { mailboxes } from './commands/mailboxes.js';
import { quotaSet } from './commands/quota.js';
import { secretsReseal } from './commands/secrets.js';
import { userCreate, userDelete, userList, userPassword } from './commands/users.js';

/** Every admin command by name. */
export const COMMANDS: Readonly<Record<string, Command>> = {
  'user:create': userCreate,
  'user:delete': userDelete,
  'user:list': userList,
  'user:password': userPassword,
  'address:add': addressAdd,
  'address:remove': addressRemove,
  'alias:add': aliasAdd,
  'alias:remove': aliasRemove,
  'alias:list': aliasList,
  'quota:set': quotaSet,
  mailboxes,
  'secrets:reseal': secretsReseal,
};

/** The help text: one usage line and summary per command. */
export function usage(): string {
  const lines = Object.values(COMMANDS).map((c) => `  ${c.usage}\n      ${c.summary}`);
  return [
    'usage: npm run admin -- <command> [arguments] [--json]',
    '',
    "A <user> is a username or one of the user's addresses.",
    'Configuration comes from the environment (MONGODB_URL, MONGODB_DB, REDIS_URL, ...).',
    '',
    'commands:',
    ...lines,
    '',
  ].join('\n');
}
