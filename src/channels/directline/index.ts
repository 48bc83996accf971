/** The local Direct Line 3.0 endpoint: service, bot-side connector, tokens. */
export {
  createDirectLineService,
  DIRECTLINE_CHANNEL,
  type DirectLineDeps,
  type DirectLineService,
  type Result,
  type Stream,
} from './service.ts';
export {
  createLocalConnector,
  type BotFrameworkAuthenticationDecorator,
  type LocalConnector,
} from './local-connector.ts';
export { createTokenSigner, deriveTokenKey, type TokenSigner } from './tokens.ts';
export type { StreamEvent, ActivityLogLimits } from './activity-log.ts';
