// Every setting the apps read, by its environment variable name. The same names are the keys of
// the optional JSON config file, the rows of the README's table and the keys docker-compose sets.
import { z } from 'zod';

/** One configuration variable: how it is validated, its default, and what it means. */
export interface Variable {
  schema: z.ZodType;
  /** Applied when neither the environment nor the file sets the variable. */
  default?: string;
  description: string;
  /** The value may hold credentials: never echo it in an error. */
  secret?: boolean;
}

const port = z.coerce
  .number({ error: 'must be a port number' })
  .int('must be a whole number')
  .min(0, 'must be from 0 to 65535')
  .max(65_535, 'must be from 0 to 65535');

const milliseconds = z.coerce
  .number({ error: 'must be a number of milliseconds' })
  .int('must be a whole number of milliseconds')
  .positive('must be above 0');

const host = z.string().min(1, 'must not be empty');

const mongoUrl = z
  .string()
  .regex(/^mongodb(\+srv)?:\/\/[^/]+/, 'must be a mongodb:// or mongodb+srv:// URL');

const redisUrl = z.string().regex(/^rediss?:\/\/[^/]+/, 'must be a redis:// or rediss:// URL');

const optionalPath = z.string().min(1, 'must be a file path').optional();
const flag = z
  .enum(['true', 'false'], { message: 'must be true or false' })
  .transform((v) => v === 'true');

/** Bytes of AUTH_SECRETS_KEY: an AES-256 key. */
const SECRETS_KEY_BYTES = 32;

// `openssl rand -base64 32` or `openssl rand -hex 32`; decoded to the key's bytes.
const secretsKey = z
  .string()
  .transform((text) => decodeKey(text.trim()))
  .refine((key) => key?.length === SECRETS_KEY_BYTES, {
    error: `must be ${SECRETS_KEY_BYTES} bytes as base64 or ${2 * SECRETS_KEY_BYTES} hex digits`,
  })
  .transform((key) => key as Buffer);

// Retired keys, comma-separated, each as AUTH_SECRETS_KEY takes it.
const previousSecretsKeys = z
  .string()
  .transform((text) => text.split(',').map((part) => decodeKey(part.trim())))
  .refine((keys) => keys.every((key) => key?.length === SECRETS_KEY_BYTES), {
    error: `must be keys of ${SECRETS_KEY_BYTES} bytes (base64 or hex), separated by commas`,
  })
  .transform((keys) => keys as Buffer[]);

function decodeKey(text: string): Buffer | undefined {
  if (/^[0-9a-fA-F]+$/.test(text) && text.length === 2 * SECRETS_KEY_BYTES) {
    return Buffer.from(text, 'hex');
  }
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(text) && text.length % 4 === 0) {
    return Buffer.from(text, 'base64');
  }
  return undefined;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** The table of variables, in the order the README lists them. */
export const VARIABLES = {
  SERVER_NAME: {
    schema: host,
    default: 'localhost',
    description: 'Host name the servers give in greetings and banners.',
  },
  LOG_LEVEL: {
    schema: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }),
    default: 'info',
    description: 'Lowest level written to the log.',
  },
  SHUTDOWN_TIMEOUT_MS: {
    schema: milliseconds,
    default: '10000',
    description: 'How long a stopping app lets open connections finish before closing them.',
  },
  MONGODB_URL: {
    schema: mongoUrl,
    default: 'mongodb://127.0.0.1:27017/',
    description: 'MongoDB connection string (a replica set in production).',
    secret: true,
  },
  MONGODB_DB: {
    schema: z.string().regex(/^[A-Za-z0-9_-]{1,63}$/, 'must be 1-63 letters, digits, _ or -'),
    default: 'mailstore',
    description: 'Name of the MongoDB database.',
  },
  MONGODB_CONNECT_TIMEOUT_MS: {
    schema: milliseconds,
    default: '30000',
    description: 'How long an app retries, with backoff, to reach MongoDB at start.',
  },
  REDIS_URL: {
    schema: redisUrl,
    default: 'redis://127.0.0.1:6379',
    description: 'Redis connection string.',
    secret: true,
  },
  REDIS_PREFIX: {
    schema: z
      .string()
      .regex(/^[A-Za-z0-9_:.-]{0,64}$/, 'must be at most 64 of A-Z a-z 0-9 _ : . -'),
    default: 'mailstore:',
    description: 'Prefix of every Redis key and channel, so deployments can share one Redis.',
  },
  REDIS_CONNECT_TIMEOUT_MS: {
    schema: milliseconds,
    default: '30000',
    description: 'How long an app retries, with backoff, to reach Redis at start.',
  },
  TLS_KEY_FILE: {
    schema: optionalPath,
    description: 'PEM private key for STARTTLS and implicit TLS; TLS is off without it.',
  },
  TLS_CERT_FILE: {
    schema: optionalPath,
    description: 'PEM certificate chain matching TLS_KEY_FILE.',
  },
  IMAP_HOST: { schema: host, default: '127.0.0.1', description: 'Address the IMAP server binds.' },
  IMAP_PORT: { schema: port, default: '1143', description: 'IMAP port (STARTTLS); 0 picks one.' },
  IMAPS_PORT: {
    schema: port.optional(),
    description: 'Implicit-TLS IMAP port; needs TLS_KEY_FILE and TLS_CERT_FILE.',
  },
  IMAP_REQUIRE_TLS: {
    schema: flag,
    default: 'false',
    description:
      'true refuses LOGIN and AUTHENTICATE until STARTTLS (LOGINDISABLED); needs TLS_KEY_FILE and TLS_CERT_FILE.',
  },
  LMTP_HOST: { schema: host, default: '127.0.0.1', description: 'Address the LMTP server binds.' },
  LMTP_PORT: { schema: port, default: '2424', description: 'LMTP port; 0 picks one.' },
  API_HOST: { schema: host, default: '127.0.0.1', description: 'Address the HTTP API binds.' },
  API_PORT: { schema: port, default: '8080', description: 'HTTP API port; 0 picks one.' },
  AUTH_HOST: { schema: host, default: '127.0.0.1', description: 'Address the auth gateway binds.' },
  AUTH_PORT: { schema: port, default: '8081', description: 'Auth gateway port; 0 picks one.' },
  AUTH_SERVICE_TOKEN: {
    schema: z.string().min(32, 'must have at least 32 characters').optional(),
    description:
      'Shared secret trusted services send in X-Service-Token to check credentials; unset turns the endpoint off.',
    secret: true,
  },
  AUTH_SECRETS_KEY: {
    schema: secretsKey.optional(),
    description:
      'AES-256-GCM key (32 bytes, base64 or 64 hex digits) that seals TOTP secrets at rest; TOTP enrolment is refused while it is unset.',
    secret: true,
  },
  AUTH_SECRETS_PREVIOUS_KEYS: {
    schema: previousSecretsKeys.optional(),
    description:
      'Retired AUTH_SECRETS_KEY values, comma-separated: secrets they sealed still open and are re-sealed with the current key (at use, or by `admin secrets:reseal`).',
    secret: true,
  },
  AUTH_TOKEN_TTL_SECONDS: {
    schema: z.coerce.number().int().positive('must be a positive number of seconds'),
    default: '86400',
    description: 'Lifetime of an API token issued by the auth gateway.',
  },
  AUTH_PENDING_LOGIN_TTL_SECONDS: {
    schema: z.coerce.number().int().positive('must be a positive number of seconds'),
    default: '300',
    description: 'How long a login may wait for its second factor.',
  },
  AUTH_LOCKOUT_FAILURES: {
    schema: z.coerce.number().int().positive('must be a positive whole number'),
    default: '10',
    description: 'Failed logins for one account from one address before that pair is locked out.',
  },
  AUTH_ADDRESS_FAILURES: {
    schema: z.coerce.number().int().positive('must be a positive whole number'),
    default: '100',
    description: 'Failed logins from one address, any account, before the address is locked out.',
  },
  AUTH_FAILURE_WINDOW_SECONDS: {
    schema: z.coerce.number().int().positive('must be a positive number of seconds'),
    default: '900',
    description: 'Window in which failed logins are counted.',
  },
  AUTH_LOCKOUT_SECONDS: {
    schema: z.coerce.number().int().positive('must be a positive number of seconds'),
    default: '900',
    description: 'How long a lockout lasts; it ends by itself.',
  },
  AUTH_LOG_RETENTION_DAYS: {
    schema: z.coerce.number().int().positive('must be a positive number of days'),
    default: '90',
    description: 'Security log entries older than this are deleted by the prune job.',
  },
  AUTH_PRUNE_INTERVAL_MS: {
    schema: milliseconds,
    default: '3600000',
    description: 'How often the auth prune job (security log, expired tokens) runs.',
  },
  WEBAUTHN_RP_ID: {
    schema: host,
    default: 'localhost',
    description: 'WebAuthn relying party id: the domain passkeys are bound to.',
  },
  WEBAUTHN_RP_NAME: {
    schema: z.string().min(1, 'must not be empty'),
    default: 'mailstore',
    description: 'Name authenticators show for the relying party.',
  },
  WEBAUTHN_ORIGINS: {
    schema: z
      .string()
      .transform((value) => value.split(',').map((origin) => origin.trim()))
      .pipe(z.array(z.url({ error: 'must be comma-separated origins like https://host' })).min(1)),
    default: 'http://localhost',
    description: 'Comma-separated origins the WebAuthn ceremonies may come from.',
  },
  PROFILE_IMAP_HOST: {
    schema: host.optional(),
    description: 'IMAP host written into Apple profiles; SERVER_NAME when unset.',
  },
  PROFILE_IMAP_PORT: {
    schema: port,
    default: '993',
    description: 'Implicit-TLS IMAP port written into Apple profiles.',
  },
  PROFILE_SMTP_HOST: {
    schema: host.optional(),
    description: 'SMTP submission host written into Apple profiles; SERVER_NAME when unset.',
  },
  PROFILE_SMTP_PORT: {
    schema: port,
    default: '465',
    description: 'Implicit-TLS submission port written into Apple profiles.',
  },
  PROFILE_SIGNING_CERT: {
    schema: optionalPath,
    description: 'PEM certificate that signs Apple profiles; unsigned without it.',
  },
  PROFILE_SIGNING_KEY: {
    schema: optionalPath,
    description: 'PEM private key matching PROFILE_SIGNING_CERT.',
  },
  LMTP_OVER_QUOTA: {
    schema: z.enum(['temporary', 'permanent'], { error: 'must be temporary or permanent' }),
    default: 'temporary',
    description:
      'Reply to a recipient over quota: temporary (452 4.2.2, the MTA retries) or permanent (552 5.2.2).',
  },
  DELIVERY_DEDUP_WINDOW_SECONDS: {
    schema: z.coerce.number().int().min(0, 'must be 0 or more seconds'),
    default: '86400',
    description:
      'A Message-ID delivered again to the same mailbox within this window is stored once; 0 turns it off.',
  },
  DELIVERY_AUTOREPLY_INTERVAL_DAYS: {
    schema: z.coerce.number().int().positive('must be a positive number of days'),
    default: '7',
    description: 'Default days between two autoreplies to the same sender (RFC 3834 section 2).',
  },
  DELIVERY_JOB_ATTEMPTS: {
    schema: z.coerce.number().int().positive('must be a positive whole number'),
    default: '25',
    description: 'Attempts of a forward or autoreply job before it is kept as failed.',
  },
  DELIVERY_JOB_BACKOFF_MS: {
    schema: milliseconds,
    default: '30000',
    description: 'First retry delay of a forward or autoreply job; it doubles on each attempt.',
  },
  RELAY_URL: {
    schema: z
      .string()
      .regex(/^smtps?:\/\/[^/]+/, 'must be an smtp:// or smtps:// URL')
      .optional(),
    description:
      'SMTP relay for forwards and autoreplies; they wait in their queues while it is unset.',
    secret: true,
  },
  SRS_DOMAIN: {
    schema: z
      .string()
      .regex(/^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/, 'must be a domain name')
      .optional(),
    description:
      'Domain of SRS-rewritten reverse paths of forwards (its MX must reach this LMTP); unset turns SRS off.',
  },
  SRS_SECRET: {
    schema: z.string().min(16, 'must have at least 16 characters').optional(),
    description: 'HMAC key of the SRS hashes; set together with SRS_DOMAIN.',
    secret: true,
  },
  SRS_MAX_AGE_DAYS: {
    schema: z.coerce
      .number()
      .int()
      .min(1, 'must be from 1 to 1000 days')
      .max(1000, 'must be from 1 to 1000 days'),
    default: '21',
    description: 'Days a bounce to an SRS address is accepted after the forward.',
  },
  SPAM_HEADER: {
    schema: z.string().min(1, 'must be a header name'),
    default: 'X-Spam-Status',
    description: 'Header whose value says whether the upstream filter judged a message spam.',
  },
  SPAM_HEADER_PATTERN: {
    schema: z.string().refine(isRegExp, 'must be a regular expression'),
    default: '^yes\\b',
    description: 'Case-insensitive regular expression that marks SPAM_HEADER as a spam verdict.',
  },
  SPAM_SCORE_HEADER: {
    schema: z.string().min(1, 'must be a header name').optional(),
    description: 'Header holding a numeric spam score, such as X-Spam-Score; unused when unset.',
  },
  SPAM_SCORE_THRESHOLD: {
    schema: z.coerce.number({ error: 'must be a number' }),
    default: '5',
    description: 'A SPAM_SCORE_HEADER value at or above this is a spam verdict.',
  },
} satisfies Record<string, Variable>;

/** Variables that are set together or not at all. */
export const SET_TOGETHER: ReadonlyArray<readonly [VariableName, VariableName]> = [
  ['SRS_DOMAIN', 'SRS_SECRET'],
];

function isRegExp(source: string): boolean {
  try {
    new RegExp(source, 'i');
    return source.length > 0;
  } catch {
    return false;
  }
}

/** The name of a configuration variable. */
export type VariableName = keyof typeof VARIABLES;

/** The validated value of every variable. */
export type Variables = { [K in VariableName]: z.output<(typeof VARIABLES)[K]['schema']> };
