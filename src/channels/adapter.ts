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
import { ETagConflictError } from '../storage/index.ts';

export interface BotFrameworkConfig {
  readonly MicrosoftAppId: string;
  readonly MicrosoftAppPassword: string;
  readonly MicrosoftAppType: string;
  readonly MicrosoftAppTenantId: string;
}

/** Creates the adapter and installs the turn-error handler. */
export function createAdapter(cfg: BotFrameworkConfig, texts: () => Texts, log: Logger): CloudAdapter {
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
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    const conflict = error instanceof ETagConflictError;
    log.error(
      { err: { name: error.name, message: error.message }, channel: context.activity.channelId },
      'turn failed',
    );
    const lng = toLocale(context.activity.locale);
    await context.sendActivity(texts().t(lng, conflict ? 'error.busy' : 'error.turn'));
  };
  return adapter;
}
