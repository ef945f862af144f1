// The operators' command line: `npm run admin -- <command> [arguments] [--json]`.
// Steps: parse the command line, load the config, connect, run one command, print, close.
import { parseArgs } from 'node:util';
import { loadConfig } from '@mailstore/config';
import { createLogger } from '@mailstore/logger';
import { pino } from 'pino';
import { UsageError, type Command, type CommandOptions } from './command.js';
import { describeError } from './errors.js';
import { COMMANDS, usage } from './registry.js';
import { openStore } from './store.js';

/** Exit status of a refused operation (bad value, unknown user, taken address, ...). */
const EXIT_REFUSED = 1;
/** Exit status of a malformed command line (sysexits EX_USAGE would be 64; 2 is the habit). */
const EXIT_USAGE = 2;

const OPTIONS = {
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  password: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  quota: { type: 'string' },
  address: { type: 'string', multiple: true },
  'forward-to': { type: 'string', multiple: true },
  limit: { type: 'string' },
} as const;

async function main(argv: string[]): Promise<number> {
  let json = argv.includes('--json');
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: OPTIONS,
      allowPositionals: true,
    });
    json = values.json;
    const [name, ...args] = positionals;
    if (values.help || name === undefined || name === 'help') {
      process.stdout.write(usage());
      return name === undefined && !values.help ? EXIT_USAGE : 0;
    }
    const command = findCommand(name, args);
    command.check?.(args, values);
    const result = await runCommand(command, args, values);
    process.stdout.write(json ? `${JSON.stringify(result.data, null, 2)}\n` : lines(result.text));
    return 0;
  } catch (error) {
    const { code, message, usageError } = describeError(error);
    if (json) process.stderr.write(`${JSON.stringify({ error: { code, message } })}\n`);
    else
      process.stderr.write(`error: ${message}\n${usageError ? 'run with --help for usage\n' : ''}`);
    return usageError ? EXIT_USAGE : EXIT_REFUSED;
  }
}

function findCommand(name: string, args: string[]): Command {
  const command = COMMANDS[name];
  if (!command) throw new UsageError(`unknown command "${name}"`);
  const [least, most] = command.args;
  if (args.length < least || args.length > most) {
    throw new UsageError(`usage: ${command.usage}`);
  }
  return command;
}

async function runCommand(command: Command, args: string[], options: CommandOptions) {
  const config = loadConfig();
  // Logs go to standard error, quiet unless LOG_LEVEL asks: standard output is the answer.
  const level = process.env.LOG_LEVEL ? config.logLevel : 'warn';
  const logger = createLogger({ service: 'admin', level, destination: pino.destination(2) });
  const opened = await openStore(config, logger);
  try {
    return await command.run(opened.store, args, options, config);
  } finally {
    await opened.close();
  }
}

function lines(text: string[]): string {
  return text.length === 0 ? '' : `${text.join('\n')}\n`;
}

process.exitCode = await main(process.argv.slice(2));
