import { invoicing } from './core/invoicing/invoicing';
import { municipalityConfig, stores, systemClock } from './wiring';

/** The invoice basis and its exports: approved reports only, no vault (nothing personal is read). */
let built: ReturnType<typeof invoicing> | undefined;
export function invoiceBasis(): ReturnType<typeof invoicing> {
  built ??= invoicing({ reports: stores().reports, config: municipalityConfig, clock: systemClock });
  return built;
}
