/**
 * Wiring of the customer web channel: the local Direct Line and the web chat page. On outside
 * production; in production only when DIRECTLINE_SECRET is set (Azure Bot Service's Direct Line
 * is the production path). Without a secret, tokens are signed with a key that lives as long as
 * the process — as do the in-memory conversations they open.
 */
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import type { Server } from 'restify';
import {
  createDirectLineService,
  createLocalConnector,
  createTokenSigner,
  deriveTokenKey,
  type BotFrameworkAuthenticationDecorator,
  type DirectLineDeps,
} from '../channels/index.ts';
import { mountDirectLine } from '../http/directline.ts';
import type { RateLimits } from '../http/rate-limit.ts';
import { mountWebChat } from '../http/webchat.ts';
import type { Config } from './config.ts';

/** Whether the local Direct Line (and its page) is served with this config. */
export function directLineEnabled(cfg: Config): boolean {
  return cfg.NODE_ENV !== 'production' || Boolean(cfg.DIRECTLINE_SECRET);
}

export interface WebChannel {
  /** Hands the adapter the local connector, for replies and proactive messages to the page. */
  readonly decorate: BotFrameworkAuthenticationDecorator;
  /** The connector's serviceUrl replies to the page go to (once the server listens). */
  readonly connectorUrl: () => string | undefined;
  /** The routes to mount, once the adapter and the bot exist. */
  mounts(adapter: DirectLineDeps['adapter'], bot: DirectLineDeps['bot']): ((server: Server) => void)[];
}

/** The web channel for `cfg`, or undefined when it is off. */
export function createWebChannel(
  cfg: Config,
  deps: { readonly log: DirectLineDeps['log']; readonly now: () => Date; readonly limits: RateLimits },
): WebChannel | undefined {
  if (!directLineEnabled(cfg)) return undefined;
  const connector = createLocalConnector(cfg.MicrosoftAppId);
  const secret = cfg.DIRECTLINE_SECRET;
  return {
    decorate: connector.decorate,
    connectorUrl: () => connector.url(),
    mounts(adapter, bot) {
      const service = createDirectLineService({
        adapter,
        bot,
        connector,
        signer: createTokenSigner(secret ? deriveTokenKey(secret) : randomBytes(32)),
        secret,
        now: deps.now,
        log: deps.log,
      });
      return [
        mountDirectLine({
          service,
          connector,
          limit: deps.limits.directLine,
          ...(cfg.PUBLIC_URL ? { publicUrl: cfg.PUBLIC_URL } : {}),
        }),
        mountWebChat({ localesDir: resolve(cfg.LOCALES_DIR) }),
      ];
    },
  };
}
