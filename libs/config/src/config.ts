import type { Variables } from './variables.js';

/** Log levels pino understands, plus `silent`. */
export type LogLevel = Variables['LOG_LEVEL'];

/** A TCP listener's address; port 0 lets the system pick one. */
export interface ListenConfig {
  host: string;
  port: number;
}

/** The typed configuration every app receives. */
export interface Config {
  serverName: string;
  logLevel: LogLevel;
  shutdownTimeoutMs: number;
  mongodb: { url: string; dbName: string; connectTimeoutMs: number };
  redis: { url: string; prefix: string; connectTimeoutMs: number };
  tls: { keyFile?: string; certFile?: string };
  imap: ListenConfig & { tlsPort?: number; requireTls: boolean };
  lmtp: ListenConfig;
  api: ListenConfig;
  auth: ListenConfig & AuthGatewayConfig;
  delivery: DeliveryConfig;
}

/** The auth gateway's own settings (the AUTH_*, WEBAUTHN_* and PROFILE_* variables). */
export interface AuthGatewayConfig {
  serviceToken?: string;
  /** The 32-byte key that seals TOTP secrets; TOTP enrolment is refused without it. */
  secretsKey?: Buffer;
  /** Retired keys: what they sealed still opens, and is re-sealed with `secretsKey`. */
  previousSecretsKeys: Buffer[];
  tokenTtlSeconds: number;
  pendingLoginTtlSeconds: number;
  rateLimit: {
    userAddressFailures: number;
    addressFailures: number;
    windowSeconds: number;
    lockoutSeconds: number;
  };
  logRetentionDays: number;
  pruneIntervalMs: number;
  webauthn: { rpId: string; rpName: string; origins: string[] };
  profile: {
    imapHost?: string;
    imapPort: number;
    smtpHost?: string;
    smtpPort: number;
    signingCertFile?: string;
    signingKeyFile?: string;
  };
}

/** LMTP delivery settings (LMTP_OVER_QUOTA and the DELIVERY_*, RELAY_*, SRS_*, SPAM_* ones). */
export interface DeliveryConfig {
  overQuota: 'temporary' | 'permanent';
  dedupWindowSeconds: number;
  autoreplyIntervalDays: number;
  jobAttempts: number;
  jobBackoffMs: number;
  relayUrl?: string;
  /** Sender Rewriting Scheme for forwards; absent when SRS_DOMAIN and SRS_SECRET are unset. */
  srs?: { domain: string; secret: string; maxAgeDays: number };
  spam: { header: string; pattern: string; scoreHeader?: string; scoreThreshold: number };
}

/** Shapes the flat, validated variables into the nested {@link Config}. */
export function toConfig(v: Variables): Config {
  return {
    serverName: v.SERVER_NAME,
    logLevel: v.LOG_LEVEL,
    shutdownTimeoutMs: v.SHUTDOWN_TIMEOUT_MS,
    mongodb: {
      url: v.MONGODB_URL,
      dbName: v.MONGODB_DB,
      connectTimeoutMs: v.MONGODB_CONNECT_TIMEOUT_MS,
    },
    redis: {
      url: v.REDIS_URL,
      prefix: v.REDIS_PREFIX,
      connectTimeoutMs: v.REDIS_CONNECT_TIMEOUT_MS,
    },
    tls: { keyFile: v.TLS_KEY_FILE, certFile: v.TLS_CERT_FILE },
    imap: {
      host: v.IMAP_HOST,
      port: v.IMAP_PORT,
      tlsPort: v.IMAPS_PORT,
      requireTls: v.IMAP_REQUIRE_TLS,
    },
    lmtp: { host: v.LMTP_HOST, port: v.LMTP_PORT },
    api: { host: v.API_HOST, port: v.API_PORT },
    auth: { host: v.AUTH_HOST, port: v.AUTH_PORT, ...toAuthGatewayConfig(v) },
    delivery: toDeliveryConfig(v),
  };
}

function toDeliveryConfig(v: Variables): DeliveryConfig {
  return {
    overQuota: v.LMTP_OVER_QUOTA,
    dedupWindowSeconds: v.DELIVERY_DEDUP_WINDOW_SECONDS,
    autoreplyIntervalDays: v.DELIVERY_AUTOREPLY_INTERVAL_DAYS,
    jobAttempts: v.DELIVERY_JOB_ATTEMPTS,
    jobBackoffMs: v.DELIVERY_JOB_BACKOFF_MS,
    relayUrl: v.RELAY_URL,
    ...(v.SRS_DOMAIN && v.SRS_SECRET
      ? { srs: { domain: v.SRS_DOMAIN, secret: v.SRS_SECRET, maxAgeDays: v.SRS_MAX_AGE_DAYS } }
      : {}),
    spam: {
      header: v.SPAM_HEADER,
      pattern: v.SPAM_HEADER_PATTERN,
      scoreHeader: v.SPAM_SCORE_HEADER,
      scoreThreshold: v.SPAM_SCORE_THRESHOLD,
    },
  };
}

function toAuthGatewayConfig(v: Variables): AuthGatewayConfig {
  return {
    serviceToken: v.AUTH_SERVICE_TOKEN,
    ...(v.AUTH_SECRETS_KEY ? { secretsKey: v.AUTH_SECRETS_KEY } : {}),
    previousSecretsKeys: v.AUTH_SECRETS_PREVIOUS_KEYS ?? [],
    tokenTtlSeconds: v.AUTH_TOKEN_TTL_SECONDS,
    pendingLoginTtlSeconds: v.AUTH_PENDING_LOGIN_TTL_SECONDS,
    rateLimit: {
      userAddressFailures: v.AUTH_LOCKOUT_FAILURES,
      addressFailures: v.AUTH_ADDRESS_FAILURES,
      windowSeconds: v.AUTH_FAILURE_WINDOW_SECONDS,
      lockoutSeconds: v.AUTH_LOCKOUT_SECONDS,
    },
    logRetentionDays: v.AUTH_LOG_RETENTION_DAYS,
    pruneIntervalMs: v.AUTH_PRUNE_INTERVAL_MS,
    webauthn: { rpId: v.WEBAUTHN_RP_ID, rpName: v.WEBAUTHN_RP_NAME, origins: v.WEBAUTHN_ORIGINS },
    profile: {
      imapHost: v.PROFILE_IMAP_HOST,
      imapPort: v.PROFILE_IMAP_PORT,
      smtpHost: v.PROFILE_SMTP_HOST,
      smtpPort: v.PROFILE_SMTP_PORT,
      signingCertFile: v.PROFILE_SIGNING_CERT,
      signingKeyFile: v.PROFILE_SIGNING_KEY,
    },
  };
}
