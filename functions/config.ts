import raw from '../config/municipality.demo.json';
import { parseMunicipalityConfig, type MunicipalityConfig } from '../shared/municipality';

/**
 * The municipality configuration, bundled into each function at build time and validated at
 * cold start (and at `cdk synth`), so a bad file never serves a request.
 */
export const municipalityConfig: MunicipalityConfig = parseMunicipalityConfig(raw);
