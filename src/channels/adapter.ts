/**
 * The Bot Framework edge: CloudAdapter with ConfigurationBotFrameworkAuthentication (an empty
 * app id is local mode, as the Emulator expects) and the one turn-error sink, which apologises
 * in the customer's language without claiming anything was or wasn't saved. A request is
 * authenticated before its turn runs, so a forged or expired channel token is a 401, never a 500.
 */
import {
  CallerIdConstants,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type Activity,
  type TurnContext,
} from 'botbuilder';
import {
  AuthenticationConstants,
  AuthenticationError,
  type BotFrameworkAuthentication,
} from 'botframework-connector';
import type { Logger } from 'pino';
import { toLocale, type Texts } from '../map/index.ts';
import { TurnFailedError } from '../journey/index.ts';
import { loggableError } from '../shared/redact.ts';
import { ETagConflictError } from '../storage/index.ts';
import { withReusedClients } from './client-cache.ts';
import type { BotFrameworkAuthenticationDecorator } from './directline/index.ts';

export interface BotFrameworkConfig {
  readonly MicrosoftAppId: string;
  readonly MicrosoftAppPassword: string;
  readonly MicrosoftAppType: string;
  readonly MicrosoftAppTenantId: string;
  /** Where the channel's signing keys are published, when not Bot Framework's own (a test's key server). */
  readonly BotOpenIdMetadata?: string | undefined;
}

/** What the HTTP edge answers for one request. */
export interface TurnOutcome {
  readonly status: number;
  readonly body?: unknown;
}

/** Key fetches that failed (network, the key service) are ours to retry, not the caller's fault. */
function keysUnavailable(e: unknown): boolean {
  if (e instanceof AuthenticationError) return e.statusCode >= 500;
  return (e as Error | undefined)?.name === 'FetchError';
}

/** CloudAdapter that authenticates a request first and answers with outcomes as values. */
export class EdgeAdapter extends CloudAdapter {
  constructor(
    auth: BotFrameworkAuthentication,
    private readonly log: Logger,
  ) {
    super(auth);
  }

  /**
   * Authenticates the channel's token (401 when missing, forged or expired; 503 when the signing
   * keys cannot be fetched), then runs the turn. A failure inside the turn rejects: the HTTP
   * error sink answers it with a generic 500.
   */
  async handle(
    authHeader: string,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<TurnOutcome> {
    let authenticated;
    try {
      authenticated = await this.botFrameworkAuthentication.authenticateRequest(activity, authHeader);
    } catch (e) {
      const unavailable = keysUnavailable(e);
      this.log.warn(
        {
          err: loggableError(e, [activity.from?.id, activity.conversation?.id]),
          channel: activity.channelId,
        },
        'channel token refused',
      );
      return unavailable
        ? { status: 503, body: { error: 'the channel token cannot be checked now; try again' } }
        : { status: 401, body: { error: 'a valid channel token is required' } };
    }
    const response = await this.processActivity(authenticated, activity, logic);
    return { status: response?.status ?? 200, body: response?.body };
  }
}

/**
 * The one sink for failed turns: logs the error (never a customer value) and tells the customer,
 * in their language, what was saved before it failed, if anything.
 */
export function turnErrorHandler(texts: () => Texts, log: Logger) {
  return async (context: TurnContext, error: Error): Promise<void> => {
    const cause = error instanceof TurnFailedError ? error.cause : error;
    const stored = error instanceof TurnFailedError ? error.stored : [];
    const conflict = cause instanceof ETagConflictError;
    const e = cause as Error;
    const a = context.activity;
    const ids = [a.from?.id, a.conversation?.id, a.recipient?.id];
    log.error({ err: loggableError(e, ids), channel: a.channelId, stored }, 'turn failed');
    const lng = toLocale(context.activity.locale);
    const t = texts();
    if (stored.length > 0) {
      const items = [...new Set(stored)].map((i) => t.t(lng, `items.${i}.name`, {}, 'map')).join(', ');
      await context.sendActivity(t.t(lng, 'error.turn-partly', { items }));
    } else {
      await context.sendActivity(t.t(lng, conflict ? 'error.busy' : 'error.turn'));
    }
  };
}

/**
 * The public cloud's settings with the channel's signing keys read from `url`. botbuilder takes
 * any one cloud setting as "all of them are given", so the rest are spelled out.
 */
function publicCloudWithKeysAt(url: string) {
  return {
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    ToBotFromChannelOpenIdMetadataUrl: url,
    ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
  };
}

/**
 * Creates the adapter and installs the turn-error handler. `decorate` wraps its authentication
 * (the local Direct Line uses it to reach its own connector endpoint).
 */
export function createAdapter(
  cfg: BotFrameworkConfig,
  texts: () => Texts,
  log: Logger,
  decorate?: BotFrameworkAuthenticationDecorator,
): EdgeAdapter {
  const credentials = new ConfigurationServiceClientCredentialFactory({
    MicrosoftAppId: cfg.MicrosoftAppId,
    MicrosoftAppPassword: cfg.MicrosoftAppPassword,
    MicrosoftAppType: cfg.MicrosoftAppType,
    MicrosoftAppTenantId: cfg.MicrosoftAppTenantId,
  });
  const auth = new ConfigurationBotFrameworkAuthentication(
    {
      MicrosoftAppId: cfg.MicrosoftAppId,
      MicrosoftAppTenantId: cfg.MicrosoftAppTenantId,
      ...(cfg.BotOpenIdMetadata ? publicCloudWithKeysAt(cfg.BotOpenIdMetadata) : {}),
    },
    credentials,
  );
  const adapter = new EdgeAdapter(withReusedClients(decorate ? decorate(auth) : auth), log);
  adapter.onTurnError = turnErrorHandler(texts, log);
  return adapter;
}
