/** Consent: purpose grants, the consent ledger, encryption and pseudonymous subjects. */
export {
  createConsentService,
  type ConsentService,
  type ConsentContext,
  type ConsentDeps,
  type HeldGrant,
} from './consent-service.ts';
export { materiallyChanged, termsOf } from './purpose-terms.ts';
export { createCipher, subjectOf, type Cipher, type DataKey } from './crypto.ts';
export { maskValue } from './mask.ts';
