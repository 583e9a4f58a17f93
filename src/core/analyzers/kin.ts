// Words for the author's own relatives, shared by the analyzers that set family apart from students and colleagues: a name
// introduced as family (confidential.ts), a family event that is no district announcement and a relative's school that is
// not the district's (speech.ts), a family member as the butt of a joke or a comparison (threat.ts, family-joke.ts), one's own
// child's 'audacity' or brood called names (contempt.ts). Each analyzer adds its own words around these (a determiner, pets,
// a club).

/** A relative, in English (lower case, singular and plural), as an alternation for an expression. */
export const KIN_EN = [
  'sons?', 'daughters?', 'kids?', 'child', 'children', 'teens?', 'teenagers?', 'twins',
  'nephews?', 'nieces?', 'cousins?', 'brothers?', 'sisters?', 'bro', 'sis',
  'husband', 'wife', 'hubby', 'spouse', 'partner', 'boyfriend', 'girlfriend', 'bf', 'gf', 'fianc[eé]e?',
  'mom', 'mum', 'mama', 'mother', 'dad', 'papa', 'father',
  'grandma', 'grandpa', 'grandmother', 'grandfather', 'grandkids?', 'grandchild', 'grandchildren', 'grandsons?', 'granddaughters?',
  'aunt', 'auntie', 'uncle', 'in-laws?',
].join('|');

/** A relative, in Spanish, as an alternation (with the i flag: "Hija"). */
export const KIN_ES = ['hij[oa]s?', 'sobrin[oa]s?', 'prim[oa]s?', 'herman[oa]s?', 'hermanit[oa]s?', 'espos[oa]s?', 'marido', 'mam[áa]', 'pap[áa]', 'abuel[oa]s?', 'niet[oa]s?', 't[íi][oa]s?', 'suegr[oa]s?'].join('|');
