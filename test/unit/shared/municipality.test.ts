import { describe, expect, it } from 'vitest';
import demo from '../../../config/municipality.demo.json';
import { intakeOptions, choosableProviders } from '../../../shared/intake-options';
import { districtForPostalCode, InvalidMunicipalityConfigError, parseMunicipalityConfig } from '../../../shared/municipality';

const config = parseMunicipalityConfig(demo);

describe('the demo municipality configuration', () => {
  it('is Sundbyberg (demo) with the brief’s districts, units, caseworkers, providers and mailboxes', () => {
    expect(config.municipality).toMatchObject({ code: '0183', senderAddress: 'no-reply@sundbyberg.example' });
    expect(config.districts.map((d) => d.name)).toEqual(['Centrala Sundbyberg', 'Duvbo och Ursvik', 'Hallonbergen och Rissne']);
    expect(config.units.map((u) => [u.name, u.head.email])).toEqual([
      ['Äldreomsorgens myndighetsenhet', 'maria.ek@sundbyberg.example'],
      ['Enheten funktionsnedsättning', 'johan.berg@sundbyberg.example'],
      ['Enheten beroende och socialpsykiatri', 'leila.haddad@sundbyberg.example'],
    ]);
    expect(config.caseworkers).toHaveLength(7);
    expect(config.caseworkers.find((c) => c.name === 'Gun Åkesson')?.active).toBe(false);
    expect(config.providers.find((p) => p.name.startsWith('Trygga Händer'))).toMatchObject({ acceptsNewClients: false, capacity: { clients: 60 } });
    expect(config.mailboxes).toEqual({
      economy: 'ekonomiassistenter@sundbyberg.example',
      fees: 'avgifter@sundbyberg.example',
      systemAdmin: 'systemadmin@sundbyberg.example',
    });
    expect(config.rules).toMatchObject({ leadTimeDays: 14, timeReportDue: { kind: 'working_day', n: 2 }, extraVisitsDueWorkingDay: 1, providerConfirmHours: 24, retentionMonthsAfterClosure: 24 });
  });

  it.each([
    ['172 35', 'Centrala Sundbyberg'],
    ['172 30', 'Centrala Sundbyberg'],
    ['17249', 'Centrala Sundbyberg'],
    ['172 60', 'Duvbo och Ursvik'],
    ['174 59', 'Hallonbergen och Rissne'],
  ])('places postal code %s in %s', (code, district) => {
    expect(districtForPostalCode(config, code)?.name).toBe(district);
  });

  it.each(['172 50', '174 39', '641 80'])('places %s in no district (the fallback queue takes it)', (code) => {
    expect(districtForPostalCode(config, code)).toBeUndefined();
  });

  it('offers, for a Hallonbergen address and home care, the providers serving it', () => {
    const options = intakeOptions(config);
    const names = choosableProviders(options, '174 45', ['hemtjanst']).map((p) => p.name);
    expect(names).toEqual(['Hemtjänst Sundbyberg (egen regi)', 'Omsorgsteamet Rissne AB', 'Trygga Händer i Sundbyberg AB']);
    expect(choosableProviders(options, '999 99', ['hemtjanst'])).toEqual([]);
  });

  it('lists no e-mail addresses or capacity in the public options', () => {
    const json = JSON.stringify(intakeOptions(config));
    expect(json).not.toMatch(/@/);
    expect(json).not.toMatch(/capacity/);
  });
});

describe('an invalid configuration', () => {
  const broken = (change: (c: any) => void) => {
    const copy: any = structuredClone(demo);
    change(copy);
    try {
      parseMunicipalityConfig(copy);
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidMunicipalityConfigError);
      return (error as InvalidMunicipalityConfigError).problems;
    }
    throw new Error('expected the configuration to be rejected');
  };

  it('names a caseworker in an unknown unit', () => {
    expect(broken((c) => (c.caseworkers[2].unitId = 'nope'))).toEqual(['caseworkers.2.unitId: Okänd enhet "nope"']);
  });
  it('names a provider in an unknown district', () => {
    expect(broken((c) => (c.providers[0].districtIds = ['centrala', 'mars']))).toEqual(['providers.0.districtIds.1: Okänt distrikt "mars"']);
  });
  it('names overlapping postal-code ranges', () => {
    expect(broken((c) => (c.districts[1].postalCodes[0].from = '172 45'))[0]).toMatch(/^districts\.1\.postalCodes\.0: .*överlappar/);
  });
  it('names a bad mailbox', () => {
    expect(broken((c) => (c.mailboxes.economy = 'ekonomi'))[0]).toMatch(/^mailboxes\.economy: /);
  });
  it('names a duplicate id', () => {
    expect(broken((c) => (c.providers[1].id = 'duvbo-omsorg'))).toEqual(['providers.1.id: Id "duvbo-omsorg" finns redan']);
  });
});
