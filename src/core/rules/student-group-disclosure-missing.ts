// Rule student-group-disclosure-missing (IV.B): engaging in student- or public-created groups needs this school year's disclosure.
import { mentionsDistrict } from '../analyzers/district.js';
import { disclosuresOf, hasDisclosed, postSchoolYear, sameName } from '../analyzers/records.js';
import { undecided, type Rule } from './rule.js';

export const studentGroupDisclosureMissing: Rule = {
  id: 'student-group-disclosure-missing',
  evaluate(a) {
    const g = a.post.group;
    if (g === undefined || g === null) return [];
    // District-created groups are district business; a group that does not represent district students is outside IV.B.
    if (g.createdBy === 'district' || g.representsDistrictStudents === false) return [];
    // When the post does not say whether the group represents district students, a name that
    // names the district, a school or the mascot ("JHS XC Runners") does.
    const represents = g.representsDistrictStudents ?? (mentionsDistrict(a, g.name) ? true : undefined);
    if (g.createdBy === undefined || represents === undefined) {
      const unknown = g.createdBy === undefined ? 'who created it' : 'whether it represents district students or groups';
      return [undecided(`The post is in the group "${g.name}", but ${unknown} is not known, so the IV.B disclosure could not be checked.`, 'post.group')];
    }
    if (!a.ctx.has('disclosures')) {
      return [undecided(`The post is in the ${g.createdBy}-created group "${g.name}", but no disclosures were given to check.`, 'context.disclosures')];
    }
    const author = a.post.author;
    if (author === undefined) {
      return [undecided(`The post is in the ${g.createdBy}-created group "${g.name}", but it names no author whose disclosure could be checked.`, 'post.author')];
    }
    const year = postSchoolYear(a);
    const network = (g.network ?? a.post.network)?.toLowerCase();
    if (hasDisclosed(a, author, year, g.name, network)) return [];
    const otherYear = disclosuresOf(a, author).some((d) => d.schoolYear !== year && d.groups.some((x) => sameName(x.name, g.name)));
    return [
      {
        message: `You are posting in "${g.name}", a group created by ${g.createdBy === 'students' ? 'students' : 'members of the public'} that represents district students, and have not disclosed it for the ${year} school year${otherYear ? ' (it was disclosed for another year)' : ''}.`,
        evidence: { field: 'post.group', value: g.name },
        remedy: `File your ${year} disclosure and list "${g.name}"${network ? ` on ${network}` : ''}.`,
      },
    ];
  },
};
