/**
 * The rule for tests that need a server the machine may lack: skip with a printed reason,
 * except under CI=true, where the missing server is a failure.
 */
import { describe, expect, it } from 'vitest';

export function skipOrFailWithoutServer(suite: string, reason: string): void {
  if (process.env.CI === 'true') {
    describe(suite, () => {
      it('has its server under CI', () => {
        expect.fail(`${suite} cannot run: ${reason}; CI=true makes a missing server a failure`);
      });
    });
    return;
  }
  console.warn(`skipping ${suite}: ${reason}`);
  describe.skip(suite, () => {
    it(`needs a server: ${reason}`, () => {});
  });
}
