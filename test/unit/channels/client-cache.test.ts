/**
 * Connector and user-token clients are made once per bot app id, serviceUrl and audience and then
 * reused across turns; a failed creation is tried again next time; clients of a request's factory
 * and of a proactive send's factory are kept apart.
 */
import type { Activity } from 'botbuilder';
import {
  AuthenticationConstants,
  BotFrameworkAuthentication,
  ClaimsIdentity,
  ConnectorClient,
  ConnectorFactory,
  TokenCredentials,
  type AuthenticateRequestResult,
  type UserTokenClient,
} from 'botframework-connector';
import { describe, expect, it } from 'vitest';
import { withReusedClients } from '../../../src/channels/client-cache.ts';

const claims = (appId: string) =>
  new ClaimsIdentity([{ type: AuthenticationConstants.AudienceClaim, value: appId }], true);

/** The configured authentication as botbuilder's would be: a new factory per request, new clients each call. */
class CountingAuth extends BotFrameworkAuthentication {
  connectors = 0;
  tokenClients = 0;
  failNext = false;
  private factory(): ConnectorFactory {
    const made = () => {
      this.connectors++;
      if (this.failNext) {
        this.failNext = false;
        return Promise.reject(new Error('no credentials'));
      }
      return Promise.resolve(new ConnectorClient(new TokenCredentials('t')));
    };
    return new (class extends ConnectorFactory {
      override create(): Promise<ConnectorClient> {
        return made();
      }
    })();
  }
  override authenticateRequest(activity: Activity): Promise<AuthenticateRequestResult> {
    return Promise.resolve({
      audience: 'https://api.botframework.com',
      callerId: '',
      claimsIdentity: claims(activity.recipient.id),
      connectorFactory: this.factory(),
    });
  }
  override authenticateStreamingRequest(): Promise<AuthenticateRequestResult> {
    return Promise.reject(new Error('not used'));
  }
  override createConnectorFactory(): ConnectorFactory {
    return this.factory();
  }
  override createUserTokenClient(): Promise<UserTokenClient> {
    this.tokenClients++;
    return Promise.resolve({} as UserTokenClient);
  }
}

const activity = (bot: string) => ({ recipient: { id: bot } }) as Activity;

async function connectorFor(auth: BotFrameworkAuthentication, bot: string, serviceUrl: string) {
  const r = await auth.authenticateRequest(activity(bot), '');
  return r.connectorFactory?.create(serviceUrl, r.audience);
}

describe('reused Bot Framework clients', () => {
  it('makes one connector client per app id and serviceUrl, reused across requests', async () => {
    const inner = new CountingAuth();
    const auth = withReusedClients(inner);
    const a = await connectorFor(auth, 'bot', 'https://smba.trafficmanager.net/emea/');
    const b = await connectorFor(auth, 'bot', 'https://smba.trafficmanager.net/emea/');
    expect(b).toBe(a);
    expect(inner.connectors).toBe(1);
    await connectorFor(auth, 'bot', 'https://directline.botframework.com/');
    await connectorFor(auth, 'other-bot', 'https://smba.trafficmanager.net/emea/');
    expect(inner.connectors).toBe(3);
  });

  it('keeps a request’s clients apart from a proactive send’s', async () => {
    const inner = new CountingAuth();
    const auth = withReusedClients(inner);
    const url = 'https://smba.trafficmanager.net/emea/';
    const fromRequest = await connectorFor(auth, 'bot', url);
    const proactive = await auth
      .createConnectorFactory(claims('bot'))
      .create(url, 'https://api.botframework.com');
    expect(proactive).not.toBe(fromRequest);
    expect(await auth.createConnectorFactory(claims('bot')).create(url, 'https://api.botframework.com')).toBe(
      proactive,
    );
  });

  it('tries a failed creation again instead of keeping the failure', async () => {
    const inner = new CountingAuth();
    const auth = withReusedClients(inner);
    inner.failNext = true;
    await expect(connectorFor(auth, 'bot', 'https://x.example/')).rejects.toThrow('no credentials');
    expect(await connectorFor(auth, 'bot', 'https://x.example/')).toBeInstanceOf(ConnectorClient);
    expect(inner.connectors).toBe(2);
  });

  it('makes one user-token client per app id', async () => {
    const inner = new CountingAuth();
    const auth = withReusedClients(inner);
    const first = await auth.createUserTokenClient(claims('bot'));
    expect(await auth.createUserTokenClient(claims('bot'))).toBe(first);
    await auth.createUserTokenClient(claims('other-bot'));
    expect(inner.tokenClients).toBe(2);
  });

  it('keeps at most 64 connector clients, the least recently used going first', async () => {
    const inner = new CountingAuth();
    const auth = withReusedClients(inner);
    for (let i = 0; i < 65; i++) await connectorFor(auth, 'bot', `https://s${i}.example/`);
    expect(inner.connectors).toBe(65);
    await connectorFor(auth, 'bot', 'https://s64.example/');
    expect(inner.connectors).toBe(65);
    await connectorFor(auth, 'bot', 'https://s0.example/');
    expect(inner.connectors).toBe(66);
  });
});
