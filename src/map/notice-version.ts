/**
 * The notice version and text hashes stored in the consent ledger. The version is a hash of the
 * generated privacy notice itself (see notice.ts), so it changes exactly when what the notice
 * says changes.
 */
import { createHash } from 'node:crypto';

export { noticeVersionOf } from './notice.ts';

/** Hash of the exact text shown to a customer, stored in the consent ledger. */
export const textHash = (text: string): string => createHash('sha256').update(text).digest('hex');
