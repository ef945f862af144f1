import type { Command } from '../command.js';

/**
 * `secrets:reseal`: seals again with AUTH_SECRETS_KEY every TOTP secret that is clear or was
 * sealed with a key now listed in AUTH_SECRETS_PREVIOUS_KEYS. Run it after rotating the key;
 * once it reports nothing unreadable, the retired keys can be dropped.
 */
export const secretsReseal: Command = {
  usage: 'secrets:reseal',
  summary: 'seal every TOTP secret with the current AUTH_SECRETS_KEY (after a key rotation)',
  args: [0, 0],
  async run(store, _args, _options, config) {
    // Loaded on use, like the other commands that need libs/auth (see commands/users.ts).
    const { DEFAULT_AUTH_SETTINGS, resealTotpSecrets } = await import('@mailstore/auth');
    const { secretsKey, previousSecretsKeys } = config.auth;
    const settings = {
      ...DEFAULT_AUTH_SETTINGS,
      ...(secretsKey ? { secretsKey } : {}),
      previousSecretsKeys,
    };
    const result = await resealTotpSecrets({ ...store, settings });
    const text = [
      `${result.checked} TOTP secrets checked, ${result.resealed} sealed again with the current key`,
    ];
    if (result.unreadable > 0) {
      text.push(
        `${result.unreadable} sealed with a key that is not configured: ` +
          'those users must enrol again',
      );
    }
    return { data: result, text };
  },
};
