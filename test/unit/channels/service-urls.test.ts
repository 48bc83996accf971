import { describe, expect, it } from 'vitest';
import { BOT_FRAMEWORK_HOSTS, createServiceUrlPolicy } from '../../../src/channels/service-urls.ts';

const production = createServiceUrlPolicy({ patterns: BOT_FRAMEWORK_HOSTS, loopback: false });
const development = createServiceUrlPolicy({ patterns: BOT_FRAMEWORK_HOSTS, loopback: true });

describe('the service URL allow-list', () => {
  it.each([
    'https://smba.trafficmanager.net/emea/',
    'https://smba.trafficmanager.net/teams/',
    'https://webchat.botframework.com/',
    'https://europe.directline.botframework.com/',
    'https://slack.botframework.com',
    'https://sms.botframework.com/',
    'https://webchat.botframework.azure.us/',
    'https://smba.infra.gov.teams.microsoft.us/teams',
  ])('lets the bot talk to %s', (url) => {
    expect(production(url)).toBe(true);
  });

  it.each([
    ['another host', 'https://attacker.example/'],
    ['a look-alike suffix', 'https://evil-botframework.com/'],
    ['a look-alike prefix', 'https://webchat.botframework.com.evil.example/'],
    ['the bare domain of a wildcard', 'https://botframework.com/'],
    ['a Traffic Manager name anyone can take', 'https://evil.trafficmanager.net/'],
    ['plain http to a channel host', 'http://webchat.botframework.com/'],
    ['credentials in the URL', 'https://user:pw@webchat.botframework.com/'],
    ['loopback in production', 'http://127.0.0.1:6379/'],
    ['localhost in production', 'http://localhost:3978/'],
    ['the metadata service', 'http://169.254.169.254/latest/meta-data/'],
    ['not a URL', 'not a url'],
    ['another scheme', 'file:///etc/passwd'],
  ])('refuses %s', (_name, url) => {
    expect(production(url)).toBe(false);
  });

  it('takes loopback outside production (the Emulator, local tests), nothing else', () => {
    expect(development('http://localhost:51234/')).toBe(true);
    expect(development('http://127.0.0.1:1')).toBe(true);
    expect(development('http://[::1]:3978/')).toBe(true);
    expect(development('http://10.0.0.5/')).toBe(false);
    expect(development('gopher://localhost/')).toBe(false);
  });

  it('takes entries of its own: exact hosts, wildcards, plain http when named, and our own connector', () => {
    const policy = createServiceUrlPolicy({
      patterns: ['bots.example.com', '*.corp.example', 'http://chat.intranet:8080'],
      loopback: false,
      own: () => ['http://127.0.0.1:4000/v3/directline/connector'],
    });
    expect(policy('https://bots.example.com/x')).toBe(true);
    expect(policy('https://a.b.corp.example/')).toBe(true);
    expect(policy('http://chat.intranet:8080/')).toBe(true);
    expect(policy('http://chat.intranet:9090/')).toBe(false);
    expect(policy('https://webchat.botframework.com/')).toBe(false);
    expect(policy('http://127.0.0.1:4000/v3/directline/connector')).toBe(true);
    expect(policy('http://127.0.0.1:4001/')).toBe(false);
  });
});
