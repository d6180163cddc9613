import { portalCases } from './core/cases/portal-cases';
import { env, municipalityConfig, stores, systemClock, ulidIds } from './wiring';
import { personalDataVault } from './wiring-vault';

/**
 * The portal's use cases for the routes that show a case (and so open its personal data, audited):
 * the vault with the AWS Encryption SDK, and the KMS grant to decrypt (`infra/permissions.ts`).
 */
let built: ReturnType<typeof portalCases> | undefined;
export function portal(): ReturnType<typeof portalCases> {
  built ??= portalCases({ ...stores(), vault: personalDataVault(), clock: systemClock, ids: ulidIds, config: municipalityConfig, publicBaseUrl: env().PUBLIC_BASE_URL });
  return built;
}
