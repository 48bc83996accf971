/**
 * The notice version and text hashes stored in the consent ledger. The version is a hash of the
 * generated privacy notice and of the wording of every ask (see notice-archive.ts), so it changes
 * exactly when what the notice or an ask says changes.
 */
export { noticeVersionOf, textHash } from './notice-archive.ts';
