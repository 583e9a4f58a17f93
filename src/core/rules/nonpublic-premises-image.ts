// Rule nonpublic-premises-image (IV.A.3): no nonpublic images of district premises and property, floor plans included.
import { photoOnPremises } from '../analyzers/geofence.js';
import { imageFacts, MIN_FLOOR_PLAN_SCORE, nonpublicPremisesIn } from '../analyzers/images.js';
import type { Rule, RuleResult } from './rule.js';

export const nonpublicPremisesImage: Rule = {
  id: 'nonpublic-premises-image',
  evaluate(a) {
    const images = imageFacts(a);
    if (images.length === 0) return [];
    const out: RuleResult[] = [];
    for (const img of images) {
      const { setting, detected } = img.image;
      let detail: string | undefined;
      if (setting === 'floor-plan') detail = 'a floor plan or map of a building';
      else if (setting === 'restricted-area') detail = 'a staff-only or restricted area';
      else if (detected?.floorPlan !== undefined && detected.floorPlan.score >= MIN_FLOOR_PLAN_SCORE) detail = `a floor plan (${detected.floorPlan.reason})`;
      // Precision first: the description must name the thing itself, on district premises; a photo merely taken at school is not nonpublic.
      else {
        const hit = nonpublicPremisesIn(a, img.image);
        if (hit !== undefined) {
          const at = photoOnPremises(a, img.image);
          detail = `"${hit}" (from the photo's description${at !== undefined ? `; its GPS position is inside ${at.building}'s grounds` : ''})`;
        }
      }
      if (detail === undefined) continue;
      out.push({
        message: `Photo ${img.index + 1} shows ${detail}: nonpublic images of district premises may not be posted.`,
        evidence: { image: img.index, detail },
      });
    }
    return out;
  },
};
