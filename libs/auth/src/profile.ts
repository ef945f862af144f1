import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { ObjectId } from 'mongodb';
import { build as buildPlist, type PlistValue } from 'plist';
import { createAppPassword } from './app-passwords.js';
import { AuthError } from './errors.js';
import { recordSecurityEvent } from './security-log.js';
import { settingsOf, type AuthStore } from './store.js';
import { COLLECTIONS, findUserById } from './users.js';

// Apple configuration profiles ("Configuration Profile Reference", payload type
// com.apple.mail.managed). The profile carries a freshly created application password scoped to
// IMAP and SMTP, never the account password, so that removing the device is one revocation.

/** Longest an `openssl smime -sign` run may take, in milliseconds. */
export const PROFILE_SIGNING_TIMEOUT_MS = 10_000;

/** Where mail clients reach the servers, and the optional signing identity. */
export interface ProfileSettings {
  imap: { host: string; port: number; tls: boolean };
  smtp: { host: string; port: number; tls: boolean };
  /** PEM certificate and key files; the profile is signed (CMS, RFC 5652) when both are set. */
  signingCertFile?: string;
  signingKeyFile?: string;
}

/** A built profile. */
export interface BuiltProfile {
  body: Buffer;
  signed: boolean;
  appPasswordId: ObjectId;
}

/** Builds a .mobileconfig for the user with a new IMAP+SMTP application password. */
export async function createMobileconfig(
  store: AuthStore,
  userId: ObjectId,
  settings: ProfileSettings,
  origin: { remoteAddress?: string; client?: string } = {},
): Promise<BuiltProfile> {
  const user = await findUserById(store, userId);
  if (!user) throw new AuthError('AUTH_NOT_FOUND', 'no such user');
  const email = await primaryAddress(store, userId, user.username);
  const appPassword = await createAppPassword(store, userId, {
    name: `Apple profile ${new Date().toISOString().slice(0, 10)}`,
    scopes: ['imap', 'smtp'],
  });
  const xml = buildPlist(
    profileDictionary(store, user.username, email, appPassword.password, settings),
  );
  const unsigned = Buffer.from(xml, 'utf8');
  const sign = settings.signingCertFile && settings.signingKeyFile;
  const body = sign
    ? await signProfile(unsigned, settings.signingCertFile!, settings.signingKeyFile!)
    : unsigned;
  await recordSecurityEvent(store, {
    user: userId,
    event: 'profile-created',
    outcome: 'success',
    appPasswordId: appPassword._id,
    ...origin,
  });
  return { body, signed: Boolean(sign), appPasswordId: appPassword._id };
}

async function primaryAddress(store: AuthStore, userId: ObjectId, username: string) {
  const address = await store.db
    .collection<{ lookup: string; user: ObjectId | null }>(COLLECTIONS.addresses)
    .find({ user: userId })
    .sort({ lookup: 1 })
    .limit(1)
    .next();
  return address?.lookup ?? `${username}@${settingsOf(store).serverName}`;
}

function profileDictionary(
  store: AuthStore,
  username: string,
  email: string,
  password: string,
  settings: ProfileSettings,
): Record<string, PlistValue> {
  const serverName = settingsOf(store).serverName;
  const identifier = serverName.split('.').reverse().join('.');
  const mail: Record<string, PlistValue> = {
    PayloadType: 'com.apple.mail.managed',
    PayloadVersion: 1,
    PayloadIdentifier: `${identifier}.mail.${username}`,
    PayloadUUID: randomUUID(),
    PayloadDisplayName: `Mail (${email})`,
    EmailAccountDescription: email,
    EmailAccountType: 'EmailTypeIMAP',
    EmailAddress: email,
    IncomingMailServerAuthentication: 'EmailAuthPassword',
    IncomingMailServerHostName: settings.imap.host,
    IncomingMailServerPortNumber: settings.imap.port,
    IncomingMailServerUseSSL: settings.imap.tls,
    IncomingMailServerUsername: username,
    IncomingPassword: password,
    OutgoingMailServerAuthentication: 'EmailAuthPassword',
    OutgoingMailServerHostName: settings.smtp.host,
    OutgoingMailServerPortNumber: settings.smtp.port,
    OutgoingMailServerUseSSL: settings.smtp.tls,
    OutgoingMailServerUsername: username,
    OutgoingPasswordSameAsIncomingPassword: true,
  };
  return {
    PayloadType: 'Configuration',
    PayloadVersion: 1,
    PayloadIdentifier: `${identifier}.profile.${username}`,
    PayloadUUID: randomUUID(),
    PayloadDisplayName: `${serverName} mail`,
    PayloadOrganization: serverName,
    PayloadContent: [mail],
  };
}

/** Signs the profile as DER CMS SignedData with the content attached (`openssl smime -sign`). */
function signProfile(profile: Buffer, certFile: string, keyFile: string): Promise<Buffer> {
  const args = ['smime', '-sign', '-binary', '-nodetach', '-outform', 'der'];
  args.push('-signer', certFile, '-inkey', keyFile);
  return new Promise((resolve, reject) => {
    const child = spawn('openssl', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), PROFILE_SIGNING_TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', (error) => reject(signingFailed(error.message)));
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(Buffer.concat(out));
      else reject(signingFailed(err.trim().split('\n')[0] ?? `exit ${code}`));
    });
    child.stdin.end(profile);
  });
}

function signingFailed(reason: string): AuthError {
  return new AuthError('AUTH_PROFILE_SIGNING_FAILED', `profile signing failed: ${reason}`);
}
