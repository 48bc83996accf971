import { describe, expect, it } from 'vitest';
import { checkServerConfig, loadConfig } from '../../../src/app/config.ts';

describe('server settings that keep production closed', () => {
  it('listens on loopback outside production, on all interfaces in production, and as HOST says', () => {
    expect(loadConfig({}).HOST).toBe('127.0.0.1');
    expect(loadConfig({ NODE_ENV: 'test' }).HOST).toBe('127.0.0.1');
    expect(loadConfig({ NODE_ENV: 'production' }).HOST).toBe('0.0.0.0');
    expect(loadConfig({ NODE_ENV: 'development', HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
    expect(loadConfig({ NODE_ENV: 'production', HOST: '10.0.0.4' }).HOST).toBe('10.0.0.4');
  });

  it('refuses production without MicrosoftAppId, naming the setting', () => {
    expect(() => checkServerConfig(loadConfig({ NODE_ENV: 'production' }))).toThrow(
      /MicrosoftAppId is required when NODE_ENV=production/,
    );
    expect(checkServerConfig(loadConfig({ NODE_ENV: 'production', MicrosoftAppId: 'app' }))).toEqual([]);
    expect(checkServerConfig(loadConfig({}))).toEqual([]);
  });

  it('allows it on a private network with ALLOW_UNAUTHENTICATED=true, with a warning', () => {
    const warnings = checkServerConfig(loadConfig({ NODE_ENV: 'production', ALLOW_UNAUTHENTICATED: 'true' }));
    expect(warnings).toEqual([expect.stringMatching(/^ALLOW_UNAUTHENTICATED=true/)]);
    expect(() => loadConfig({ ALLOW_UNAUTHENTICATED: 'yes' })).toThrow(/ALLOW_UNAUTHENTICATED/);
  });

  it('defaults the service URL allow-list to the Bot Framework hosts and checks entries', () => {
    expect(loadConfig({}).TRUSTED_SERVICE_URLS).toContain('smba.trafficmanager.net');
    expect(
      loadConfig({ TRUSTED_SERVICE_URLS: 'Bots.Example.com, *.corp.example' }).TRUSTED_SERVICE_URLS,
    ).toEqual(['bots.example.com', '*.corp.example']);
    expect(() => loadConfig({ TRUSTED_SERVICE_URLS: 'https://x.example/path' })).toThrow(
      /TRUSTED_SERVICE_URLS/,
    );
  });
});
