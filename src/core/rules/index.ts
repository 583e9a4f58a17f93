// Every rule the engine implements, in catalogue order.
import type { Rule } from './rule.js';
import { personalUseOnDistrictTime } from './personal-use-on-district-time.js';
import { unapprovedInstructionalUse } from './unapproved-instructional-use.js';
import { obsceneLanguage } from './obscene-language.js';
import { harassmentOrThreat } from './harassment-or-threat.js';
import { illegalOrInappropriateConduct } from './illegal-or-inappropriate-conduct.js';
import { unprofessionalConduct } from './unprofessional-conduct.js';
import { districtEmailOnPublicNetwork } from './district-email-on-public-network.js';
import { missingDisclaimer } from './missing-disclaimer.js';
import { unauthorizedSpokesperson } from './unauthorized-spokesperson.js';
import { spokespersonNotDisclosed } from './spokesperson-not-disclosed.js';
import { confidentialInformation } from './confidential-information.js';
import { coworkerImageWithoutConsent } from './coworker-image-without-consent.js';
import { studentImageWithoutConsent } from './student-image-without-consent.js';
import { unidentifiedPersonInImage } from './unidentified-person-in-image.js';
import { nonpublicPremisesImage } from './nonpublic-premises-image.js';
import { studentGroupDisclosureMissing } from './student-group-disclosure-missing.js';

export const RULES: readonly Rule[] = [
  personalUseOnDistrictTime,
  unapprovedInstructionalUse,
  obsceneLanguage,
  harassmentOrThreat,
  illegalOrInappropriateConduct,
  unprofessionalConduct,
  districtEmailOnPublicNetwork,
  missingDisclaimer,
  unauthorizedSpokesperson,
  spokespersonNotDisclosed,
  confidentialInformation,
  coworkerImageWithoutConsent,
  studentImageWithoutConsent,
  unidentifiedPersonInImage,
  nonpublicPremisesImage,
  studentGroupDisclosureMissing,
];

export const RULE_IDS: ReadonlySet<string> = new Set(RULES.map((r) => r.id));
