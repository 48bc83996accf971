/**
 * The bot's way back to the local Direct Line: a Bot Connector–compatible endpoint on this server
 * receives the bot's replies. Its serviceUrl is known once the server listens; ConnectorClients
 * for exactly that URL carry a per-process key the endpoint requires, so nothing else can post
 * "bot" messages into a customer's page. Proactive sends (continueConversationAsync) get the same
 * clients through `decorate`, which wraps the adapter's BotFrameworkAuthentication.
 */
import { randomBytes } from 'node:crypto';
import type { Activity } from 'botbuilder';
import {
  AuthenticationConstants,
  BotFrameworkAuthentication,
  ClaimsIdentity,
  ConnectorClient,
  ConnectorFactory,
  TokenCredentials,
  type AuthenticateRequestResult,
  type BotFrameworkClient,
  type UserTokenClient,
} from 'botframework-connector';

/** Wraps the adapter's BotFrameworkAuthentication. */
export type BotFrameworkAuthenticationDecorator = (
  auth: BotFrameworkAuthentication,
) => BotFrameworkAuthentication;

export interface LocalConnector {
  /** The bearer key the connector endpoint requires (random per process). */
  readonly key: string;
  /** The serviceUrl bot replies go to; undefined until the server listens. */
  url(): string | undefined;
  /** Sets the serviceUrl (from the listening address). */
  setUrl(url: string): void;
  /** What CloudAdapter.processActivityDirect needs for an activity from the local Direct Line. */
  authResult(): AuthenticateRequestResult;
  /** Wraps the adapter's authentication so proactive sends to the local serviceUrl use the key. */
  readonly decorate: BotFrameworkAuthenticationDecorator;
}

class LocalConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly key: string,
    private readonly fallback?: ConnectorFactory,
    private readonly isLocal: (url: string) => boolean = () => true,
  ) {
    super();
  }
  override create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    if (this.isLocal(serviceUrl) || !this.fallback)
      return Promise.resolve(new ConnectorClient(new TokenCredentials(this.key), { baseUri: serviceUrl }));
    return this.fallback.create(serviceUrl, audience);
  }
}

/** Delegates everything to the configured authentication, except connectors for the local serviceUrl. */
class WithLocalConnector extends BotFrameworkAuthentication {
  constructor(
    private readonly inner: BotFrameworkAuthentication,
    private readonly key: string,
    private readonly isLocal: (url: string) => boolean,
  ) {
    super();
  }
  override authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.inner.authenticateRequest(activity, authHeader);
  }
  override authenticateStreamingRequest(
    authHeader: string,
    channelIdHeader: string,
  ): Promise<AuthenticateRequestResult> {
    return this.inner.authenticateStreamingRequest(authHeader, channelIdHeader);
  }
  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return new LocalConnectorFactory(
      this.key,
      this.inner.createConnectorFactory(claimsIdentity),
      this.isLocal,
    );
  }
  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.inner.createUserTokenClient(claimsIdentity);
  }
  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }
  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }
  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }
}

/** Creates the local connector of this process; `appId` is the bot's MicrosoftAppId ('' locally). */
export function createLocalConnector(appId: string): LocalConnector {
  const key = randomBytes(32).toString('base64url');
  let serviceUrl: string | undefined;
  const isLocal = (url: string) => serviceUrl !== undefined && url.replace(/\/+$/, '') === serviceUrl;
  return {
    key,
    url: () => serviceUrl,
    setUrl: (url) => void (serviceUrl = url.replace(/\/+$/, '')),
    authResult: () => ({
      audience: AuthenticationConstants.ToChannelFromBotOAuthScope,
      claimsIdentity: new ClaimsIdentity(
        [
          { type: AuthenticationConstants.AudienceClaim, value: appId },
          { type: AuthenticationConstants.AppIdClaim, value: appId },
        ],
        true,
      ),
      connectorFactory: new LocalConnectorFactory(key),
    }),
    decorate: (auth) => new WithLocalConnector(auth, key, isLocal),
  };
}
