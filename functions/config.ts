import bundled from '../config/municipality.demo.json';
import { parseMunicipalityConfig, type MunicipalityConfig } from '../shared/municipality';
import { municipalityConfigOverride } from './env';

/**
 * The municipality configuration, bundled into each function at build time and validated at
 * cold start (and at `cdk synth`), so a bad file never serves a request. The local stack may
 * hand another configuration in `VISTELSE_MUNICIPALITY_CONFIG` (JSON), read at start.
 */
export const municipalityConfig: MunicipalityConfig = parseMunicipalityConfig(municipalityConfigOverride() ?? bundled);
