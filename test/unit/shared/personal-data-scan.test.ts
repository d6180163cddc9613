import { describe, expect, it } from 'vitest';
import { holdsPersonIdentity } from '../../../shared/personnummer';
import { findPersonnummer } from '../../support/personal-data';

/**
 * The two checks for a person's number in free text: the one the functions use on what a caller
 * sends (`holdsPersonIdentity`: a correlation id), and the tests' scan of logs, mails and URLs.
 */
describe('a personnummer in free text', () => {
  it('is found however it is written, also in a caller’s id; digits only shaped like one are not', () => {
    for (const text of ['19480930-1130', '194809301130', 'ref 480930-1130.', '480930+1130', '480930 1130', 'x-194809301130-y', '19480930-1130-4abc-9def-0123456789ab'])
      expect(holdsPersonIdentity(text), text).toBe(true);
    for (const text of ['ab123456-7890-4abc-9def-0123456789ab', '19480930-1131', 'TV-2026-00042', 'caller-abc-123', '1948093011300']) expect(holdsPersonIdentity(text), text).toBe(false);
  });

  it('the logs’ scan finds one beside a random id, and none inside one (a UUID, a hash)', () => {
    expect(findPersonnummer('request 3f2c9a1e-7b4d-4c2a-9e1f-8a7b6c5d4e3f person 19480930-1130')).toEqual(['19480930-1130']);
    // One random UUID in about 15,000 holds such digits; a log holds hundreds: the scan failed runs for nothing.
    expect(findPersonnummer('"function_request_id":"5a480930-1130-4c2a-9e1f-8a7b6c5d4e3f"')).toEqual([]);
    expect(findPersonnummer('etag ab480930113012cd')).toEqual([]);
    expect(findPersonnummer('ab480930-1130')).toEqual(['480930-1130']);
  });
});
