// Rule student-group-disclosure-missing (IV.B): engaging in student- or public-created groups needs this school year's disclosure.
import { disclosuresOf, postSchoolYear, sameName } from '../analyzers/records.js';
import { undecided, type Rule } from './rule.js';

export const studentGroupDisclosureMissing: Rule = {
  id: 'student-group-disclosure-missing',
  evaluate(a) {
    const g = a.post.group;
    if (g === undefined || g === null) return [];
    if (g.createdBy === 'district' || g.createdBy === undefined) return [];
    if (g.representsDistrictStudents === false) return [];
    if (!a.ctx.has('disclosures')) {
      return [undecided(`The post is in the ${g.createdBy}-created group "${g.name}", but no disclosures were given to check.`, 'context.disclosures')];
    }
    const year = postSchoolYear(a);
    const network = g.network ?? a.post.network;
    const disclosed = disclosuresOf(a, a.post.author).some(
      (d) => d.schoolYear === year && d.groups.some((x) => sameName(x.name, g.name) && (x.network === undefined || network === undefined || x.network.toLowerCase() === network.toLowerCase())),
    );
    if (disclosed) return [];
    const lastYear = disclosuresOf(a, a.post.author).some((d) => d.schoolYear !== year && d.groups.some((x) => sameName(x.name, g.name)));
    return [
      {
        message: `You are posting in "${g.name}", a group created by ${g.createdBy === 'students' ? 'students' : 'members of the public'}, and have not disclosed it for the ${year} school year${lastYear ? ' (it was disclosed for another year)' : ''}.`,
        evidence: { field: 'post.group', value: g.name },
        remedy: `File your ${year} disclosure and list "${g.name}"${network ? ` on ${network}` : ''}.`,
      },
    ];
  },
};
