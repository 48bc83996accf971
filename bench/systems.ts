/**
 * The sample map's business systems for a bench run: one real HTTP receiver that verifies each
 * signature, books every action and takes every event — keeping nothing, so a run of 100,000
 * conversations does not grow the load generator. Returns the environment that points the
 * server (or the baseline) at it.
 */
import { startSystemReceiver } from '../test/helpers/system-receiver.ts';

export interface BenchSystems {
  readonly env: Record<string, string>;
  close(): Promise<void>;
}

export async function startBenchSystems(): Promise<BenchSystems> {
  const receiver = await startSystemReceiver();
  receiver.answer = () => {
    receiver.received.length = 0;
    return {};
  };
  return {
    env: {
      LOGISTICS_URL: receiver.url,
      LOGISTICS_WEBHOOK_SECRET: receiver.secret,
      MAILER_URL: receiver.url,
      MAILER_WEBHOOK_SECRET: receiver.secret,
    },
    close: () => receiver.close(),
  };
}
