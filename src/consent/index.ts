/** Consent: purpose grants, the consent ledger, encryption and pseudonymous subjects. */
export {
  createConsentService,
  type ConsentService,
  type ConsentContext,
  type ConsentDeps,
  type HeldGrant,
  type TurnStartFacts,
} from './consent-service.ts';
export {
  grantFor,
  isRightsEffect,
  type BatchEffect,
  type RecordEffect,
  type RightsEffect,
  type TurnEffect,
  type TurnWhere,
} from './turn-effects.ts';
export { materiallyChanged, termsOf } from './purpose-terms.ts';
export {
  createCipher,
  DecryptError,
  refAad,
  stateAad,
  subjectOf,
  valueAad,
  type Cipher,
  type DataKey,
} from './crypto.ts';
export { maskValue } from './mask.ts';
export {
  createGiveBack,
  type GiveBack,
  type Notifier,
  type SweepLog,
  type SweepReport,
} from './give-back.ts';
export { createRights, type Rights } from './rights.ts';
export { encryptedRefs } from './encrypted-refs.ts';
export {
  consentSealedCollections,
  rotateKeys,
  type RotationCount,
  type SealedCollection,
  type SealedEntry,
} from './rotate-keys.ts';
export {
  createRecordsRetention,
  DEFAULT_AUDIT_RETENTION,
  retentionCutoffs,
  type RecordsRetention,
  type RetentionReport,
} from './records-retention.ts';
export { ledgerRecordsToKeep } from './ledger-retention.ts';
export {
  accessReportOf,
  createSubjectReport,
  DATA_SUBJECT_RIGHTS,
  type AccessItem,
  type AccessPurpose,
  type AccessRefusal,
  type AccessReport,
  type SubjectReport,
  type SubjectReportDeps,
} from './subject-report.ts';
export { suppressionKeyer, suppressionOf, withSuppression } from './suppression.ts';
export { prunedRunsAfter } from './ledger-checkpoint.ts';
export {
  verifyChain,
  verifyTexts,
  type BreakKind,
  type ChainBreak,
  type ChainReport,
} from './ledger-verify.ts';
export { createLedgerAudit, type LedgerAuditDeps, type LedgerAuditReport } from './ledger-audit.ts';
export {
  createRecipientPull,
  type PullCursor,
  type PulledValue,
  type PullResult,
  type RecipientPull,
} from './recipient-pull.ts';
export { outboxOf, eventIdOf } from './outbox-events.ts';
