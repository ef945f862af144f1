/** What a credential may be used for; `*` is everything. */
export type Scope = 'imap' | 'pop3' | 'smtp' | 'api' | '*';

/** Every scope, in the order the README lists them. */
export const SCOPES = ['imap', 'pop3', 'smtp', 'api', '*'] as const satisfies readonly Scope[];

/** A protocol a login is for. */
export type Protocol = Exclude<Scope, '*'>;

/** True when `scopes` allow `protocol`. */
export function allows(scopes: readonly Scope[], protocol: Protocol): boolean {
  return scopes.includes('*') || scopes.includes(protocol);
}
