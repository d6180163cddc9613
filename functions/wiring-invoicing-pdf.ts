import { invoicingPdf } from './core/invoicing/invoicing-pdf';
import { municipalityConfig, stores, systemClock } from './wiring';

/** The invoice basis as PDF: the one function that carries pdf-lib. */
let built: ReturnType<typeof invoicingPdf> | undefined;
export function invoiceBasisPdf(): ReturnType<typeof invoicingPdf> {
  built ??= invoicingPdf({ reports: stores().reports, config: municipalityConfig, clock: systemClock });
  return built;
}
