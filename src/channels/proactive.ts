/**
 * Proactive messages (give-back notices) on Bot Framework channels: the customer's last
 * conversation reference, continued through the same CloudAdapter, in their language. A stored
 * reference whose serviceUrl is off the allow-list is never posted to (no blind SSRF).
 */
import type { CloudAdapter } from 'botbuilder';
import type { Logger } from 'pino';
import type { Notifier } from '../consent/index.ts';
import { toLocale } from '../map/index.ts';
import type { ConversationRefStore } from '../storage/index.ts';
import type { ServiceUrlPolicy } from './service-urls.ts';

/** A stored reference names a serviceUrl off the allow-list; give-back records it as channel-refused. */
export class UntrustedServiceUrlError extends Error {
  override readonly name = 'UntrustedServiceUrlError';
  readonly statusCode = 403;
  constructor() {
    super('the stored serviceUrl is not on the allow-list (TRUSTED_SERVICE_URLS)');
  }
}

export function createProactiveNotifier(
  adapter: CloudAdapter,
  refs: ConversationRefStore,
  appId: string,
  trusted: ServiceUrlPolicy,
  log: Pick<Logger, 'warn'>,
): Notifier {
  return {
    async notify(subject, text) {
      const ref = await refs.get(subject);
      if (!ref) return false;
      if (!trusted(typeof ref.serviceUrl === 'string' ? ref.serviceUrl : '')) {
        log.warn({ subject, channel: ref.channelId }, 'stored serviceUrl is not on the allow-list: not sent');
        throw new UntrustedServiceUrlError();
      }
      const locale = toLocale(typeof ref.locale === 'string' ? ref.locale : undefined);
      await adapter.continueConversationAsync(appId, ref, async (context) => {
        await context.sendActivity({ type: 'message', text: text(locale), locale });
      });
      return true;
    },
  };
}
