// Everything a check needs to know about one district, read in one pass (run-check turns it into the contract's Context).
import type { Kysely } from 'kysely';
import type { ApprovedTool, Authorization, Building, Consent, DB, Disclosure, District, GuardianLink, Person } from '../schema.js';

export interface DistrictRecords {
  district: District;
  buildings: Building[];
  tools: ApprovedTool[];
  people: Person[];
  links: GuardianLink[];
  consents: Consent[];
  authorizations: Authorization[];
  disclosures: Disclosure[];
}

export async function readDistrictRecords(db: Kysely<DB>, districtId: string): Promise<DistrictRecords | undefined> {
  // One transaction so the parts agree with each other and with records_rev.
  return db.transaction().execute(async (trx) => {
    const district = await trx.selectFrom('districts').selectAll().where('id', '=', districtId).executeTakeFirst();
    if (district === undefined) return undefined;
    const [buildings, tools, people, links, consents, authorizations, disclosures] = await Promise.all([
      trx.selectFrom('buildings').selectAll().where('district_id', '=', districtId).where('active', '=', 1).orderBy('name').execute(),
      trx.selectFrom('approved_tools').selectAll().where('district_id', '=', districtId).where('active', '=', 1).orderBy('network').execute(),
      trx.selectFrom('people').selectAll().where('district_id', '=', districtId).where('active', '=', 1).orderBy('id').execute(),
      trx.selectFrom('guardian_links').selectAll().where('district_id', '=', districtId).where('active', '=', 1).orderBy('id').execute(),
      trx.selectFrom('consents').selectAll().where('district_id', '=', districtId).orderBy('id').execute(),
      trx.selectFrom('authorizations').selectAll().where('district_id', '=', districtId).where('status', 'in', ['approved', 'revoked']).orderBy('id').execute(),
      trx.selectFrom('disclosures').selectAll().where('district_id', '=', districtId).where('superseded_by', 'is', null).orderBy('id').execute(),
    ]);
    return { district, buildings, tools, people, links, consents, authorizations, disclosures };
  });
}
