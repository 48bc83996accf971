/**
 * Connector and user-token clients reused across turns. CloudAdapter builds a new ConnectorClient
 * and a new UserTokenClient (each with its own HTTP pipeline) for every incoming activity, even one
 * answered in the response body (expectReplies) — about 7 % of a turn's CPU in the profile. They
 * hold no per-request state (the credentials keep and refresh their own token), so one per bot app
 * id, serviceUrl and audience does. Bounded: the least recently used go first; a failed creation is
 * not kept.
 */
import type { Activity } from 'botbuilder';
import {
  AuthenticationConstants,
  BotFrameworkAuthentication,
  ConnectorFactory,
  type AuthenticateRequestResult,
  type BotFrameworkClient,
  type ClaimsIdentity,
  type ConnectorClient,
  type UserTokenClient,
} from 'botframework-connector';

/** At most this many of each kind of client are kept. */
const MAX_CLIENTS = 64;

/** A small least-recently-used cache of promised clients. */
function lru<T>(max: number) {
  const entries = new Map<string, Promise<T>>();
  return (key: string, create: () => Promise<T>): Promise<T> => {
    const hit = entries.get(key);
    if (hit) {
      entries.delete(key);
      entries.set(key, hit);
      return hit;
    }
    const made = create();
    entries.set(key, made);
    made.catch(() => {
      if (entries.get(key) === made) entries.delete(key);
    });
    for (const oldest of entries.keys()) {
      if (entries.size <= max) break;
      entries.delete(oldest);
    }
    return made;
  };
}

/** The bot app id the claims name, as botbuilder reads it (audience, else app id). */
const appIdOf = (claims: ClaimsIdentity): string =>
  claims.getClaimValue(AuthenticationConstants.AudienceClaim) ??
  claims.getClaimValue(AuthenticationConstants.AppIdClaim) ??
  '';

/** A connector factory whose clients come from the cache. */
class ReusingConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly inner: ConnectorFactory,
    private readonly scope: string,
    private readonly cache: (key: string, create: () => Promise<ConnectorClient>) => Promise<ConnectorClient>,
  ) {
    super();
  }
  override create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return this.cache(`${this.scope}\0${serviceUrl}\0${audience ?? ''}`, () =>
      this.inner.create(serviceUrl, audience),
    );
  }
}

/** Delegates to the configured authentication; connector and user-token clients are reused. */
class WithReusedClients extends BotFrameworkAuthentication {
  private readonly connectors = lru<ConnectorClient>(MAX_CLIENTS);
  private readonly tokenClients = lru<UserTokenClient>(MAX_CLIENTS);
  /** The reusing factory per scope and app id: the clients are keyed by it already, so one wrapper does. */
  private readonly factories = new Map<string, ConnectorFactory>();

  constructor(private readonly inner: BotFrameworkAuthentication) {
    super();
  }
  /** `scope` keeps clients of differently made factories apart (a request's, a proactive send's). */
  private reusing(scope: string, claims: ClaimsIdentity, factory: ConnectorFactory): ConnectorFactory {
    const key = `${scope}\0${appIdOf(claims)}`;
    let reusing = this.factories.get(key);
    if (!reusing) {
      reusing = new ReusingConnectorFactory(factory, key, this.connectors);
      if (this.factories.size < MAX_CLIENTS) this.factories.set(key, reusing);
    }
    return reusing;
  }
  private async reuseIn(result: Promise<AuthenticateRequestResult>): Promise<AuthenticateRequestResult> {
    const r = await result;
    if (!r.connectorFactory) return r;
    return { ...r, connectorFactory: this.reusing('request', r.claimsIdentity, r.connectorFactory) };
  }
  override authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.reuseIn(this.inner.authenticateRequest(activity, authHeader));
  }
  override authenticateStreamingRequest(
    authHeader: string,
    channelIdHeader: string,
  ): Promise<AuthenticateRequestResult> {
    return this.reuseIn(this.inner.authenticateStreamingRequest(authHeader, channelIdHeader));
  }
  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.reusing('proactive', claimsIdentity, this.inner.createConnectorFactory(claimsIdentity));
  }
  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.tokenClients(appIdOf(claimsIdentity), () => this.inner.createUserTokenClient(claimsIdentity));
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

/** Wraps an authentication so the clients it makes are reused across turns. */
export function withReusedClients(auth: BotFrameworkAuthentication): BotFrameworkAuthentication {
  return new WithReusedClients(auth);
}
