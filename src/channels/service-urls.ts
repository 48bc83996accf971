/**
 * Which service URLs the bot may talk to. An activity names the serviceUrl replies and later
 * proactive messages go to; a caller who could name any URL would make this server post to it
 * (blind SSRF). Only hosts on the allow-list pass: by default the Bot Framework's and Teams'
 * hosts over https, plus loopback outside production (the Emulator and local tests).
 */

/**
 * The default allow-list: Azure Bot Service channels (public and US government clouds) and the
 * Teams service hosts (public, GCC, GCC High, DoD). `*.trafficmanager.net` is deliberately not on
 * it: anyone can create a Traffic Manager name there.
 */
export const BOT_FRAMEWORK_HOSTS: readonly string[] = [
  '*.botframework.com',
  '*.botframework.us',
  '*.botframework.azure.us',
  'smba.trafficmanager.net',
  'smba.infra.gcc.teams.microsoft.com',
  'smba.infra.gov.teams.microsoft.us',
  'smba.infra.dod.teams.microsoft.us',
];

/** One allow-list entry: `host`, `*.domain` (any subdomain), either with `http://` to allow plain http. */
export const SERVICE_URL_PATTERN = /^(http:\/\/)?(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(:\d{1,5})?$/;

export interface ServiceUrlPolicyOptions {
  /** Allow-list entries (see SERVICE_URL_PATTERN). */
  readonly patterns: readonly string[];
  /** Also allow http(s) to localhost, 127.0.0.0/8 and [::1] (outside production). */
  readonly loopback: boolean;
  /** Exact service URLs of our own (the local Direct Line's connector), known once listening. */
  readonly own?: () => readonly string[];
}

/** Whether the bot may send to a service URL. */
export type ServiceUrlPolicy = (serviceUrl: string) => boolean;

const isLoopback = (host: string) =>
  host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);

function matches(pattern: string, url: URL): boolean {
  const plainHttp = pattern.startsWith('http://');
  const hostPattern = pattern.replace(/^http:\/\//, '').toLowerCase();
  if (url.protocol !== 'https:' && !(plainHttp && url.protocol === 'http:')) return false;
  const host = hostPattern.includes(':') ? url.host : url.hostname;
  if (hostPattern.startsWith('*.'))
    return host.endsWith(hostPattern.slice(1)) && host.length > hostPattern.length - 1;
  return host === hostPattern;
}

/** Builds the policy: a URL passes when it parses, carries no credentials and matches an entry. */
export function createServiceUrlPolicy(opts: ServiceUrlPolicyOptions): ServiceUrlPolicy {
  return (serviceUrl) => {
    let url: URL;
    try {
      url = new URL(serviceUrl);
    } catch {
      return false;
    }
    if (url.username || url.password) return false;
    if (opts.own?.().some((own) => serviceUrl.startsWith(own))) return true;
    if (opts.loopback && (url.protocol === 'http:' || url.protocol === 'https:') && isLoopback(url.hostname))
      return true;
    return opts.patterns.some((p) => matches(p, url));
  };
}
