/**
 * The Bot Framework edge: CloudAdapter with ConfigurationBotFrameworkAuthentication (an empty
 * app id is local mode, as the Emulator expects) and the one turn-error sink, which apologises
 * in the customer's language without claiming anything was or wasn't saved.
 */
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type TurnContext,
} from 'botbuilder';
import type { Logger } from 'pino';
import { toLocale, type Texts } from '../map/index.ts';
import { TurnFailedError } from '../journey/index.ts';
import { loggableError } from '../shared/redact.ts';
import { ETagConflictError } from '../storage/index.ts';
import type { BotFrameworkAuthenticationDecorator } from './directline/index.ts';

export interface BotFrameworkConfig {
  readonly MicrosoftAppId: string;
  readonly MicrosoftAppPassword: string;
  readonly MicrosoftAppType: string;
  readonly MicrosoftAppTenantId: string;
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
 * Creates the adapter and installs the turn-error handler. `decorate` wraps its authentication
 * (the local Direct Line uses it to reach its own connector endpoint).
 */
export function createAdapter(
  cfg: BotFrameworkConfig,
  texts: () => Texts,
  log: Logger,
  decorate?: BotFrameworkAuthenticationDecorator,
): CloudAdapter {
  const credentials = new ConfigurationServiceClientCredentialFactory({
    MicrosoftAppId: cfg.MicrosoftAppId,
    MicrosoftAppPassword: cfg.MicrosoftAppPassword,
    MicrosoftAppType: cfg.MicrosoftAppType,
    MicrosoftAppTenantId: cfg.MicrosoftAppTenantId,
  });
  const auth = new ConfigurationBotFrameworkAuthentication(
    { MicrosoftAppId: cfg.MicrosoftAppId, MicrosoftAppTenantId: cfg.MicrosoftAppTenantId },
    credentials,
  );
  const adapter = new CloudAdapter(decorate ? decorate(auth) : auth);
  adapter.onTurnError = turnErrorHandler(texts, log);
  return adapter;
}
