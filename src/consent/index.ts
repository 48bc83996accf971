/** Consent: purpose grants, the consent ledger, encryption and pseudonymous subjects. */
export {
  createConsentService,
  type ConsentService,
  type ConsentContext,
  type ConsentDeps,
} from './consent-service.ts';
export { createCipher, subjectOf, type Cipher, type DataKey } from './crypto.ts';
export { maskValue } from './mask.ts';
