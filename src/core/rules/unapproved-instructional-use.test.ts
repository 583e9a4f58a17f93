import { describe, expect, it } from 'vitest';
import type { Authorization, Consent, Context, Post } from '../../contracts/check.js';
import { context, district, example, findingsOf, post } from '../../../test/support/kit.js';

const RULE = 'unapproved-instructional-use';
const auth: Authorization = { type: 'instructional-use', employee: 'E100', network: 'instagram', grantedBy: 'superintendent', validFrom: '2026-09-01' };
const part: Consent = { type: 'social-network-participation', subject: 'S200', written: true, grantedBy: 'parent', network: 'instagram', validFrom: '2026-09-01' };
const run = (p: Partial<Post>, over: Partial<Context> = {}) =>
  findingsOf({ context: context(over), post: post(p.text ?? 'Science club: share your cloud observations with #APSscience', { network: 'instagram', purpose: 'instruction', participants: ['S200'], ...p }) }, RULE);
/** A personal post whose only sign of instruction is its text. */
const fromText = (text: string, over: Partial<Post> = {}) => run({ text, purpose: 'personal', participants: [], ...over });

describe(RULE, () => {
  it('blocks instruction on a public network without authorization or consent', () => {
    const fs = run({});
    expect(fs.map((f) => f.severity)).toEqual(['block', 'block']);
    expect(fs[0]?.clause).toBe('II');
    expect(fs[0]?.evidence).toEqual({ field: 'post.purpose', value: 'instruction' });
    expect(fs[1]?.evidence).toEqual({ field: 'post.participants', value: 'S200' });
  });

  it('ex-002: the XC team challenge on Instagram, no authorization, no consent for S403', () => {
    const fs = findingsOf(example('ex-002').request, RULE);
    expect(fs.map((f) => f.severity)).toEqual(['block', 'block']);
    expect(fs[0]?.evidence).toMatchObject({ quote: 'team challenge:' });
    expect(fs[1]?.evidence).toEqual({ field: 'post.participants', value: 'S403' });
  });

  it('ex-013: logistics inside a student-created group are left to IV.B', () => {
    expect(findingsOf(example('ex-013').request, RULE)).toEqual([]);
  });

  it('ex-014: a district account is district-sponsored', () => {
    expect(findingsOf(example('ex-014').request, RULE)).toEqual([]);
    expect(run({ account: { kind: 'district' }, participants: [] })).toEqual([]);
    expect(run({ account: { kind: 'district' }, participants: ['S200'] }, { consents: [part] })).toEqual([]);
  });

  it('still needs written participation consent for students taking part through a district account on a public network', () => {
    // Clause II: public networks "outside of accounts sponsored by the district, and/or" not CIPA-compliant need parental consent for student participation.
    const fs = run({ account: { kind: 'district' }, participants: ['S200', 'S201'] }, { consents: [part] });
    expect(fs.map((f) => [f.severity, f.evidence])).toEqual([['block', { field: 'post.participants', value: 'S201' }]]);
    // No authorization is asked of the district's own account, and an approved CIPA-compliant tool needs no consent.
    expect(run({ account: { kind: 'district' }, participants: ['S200'] }, { consents: [part], authorizations: [] })).toEqual([]);
    expect(run({ account: { kind: 'district' }, network: 'seesaw', participants: ['S201'] })).toEqual([]);
  });

  it('allows it with a current authorization for the network and written parental participation consent', () => {
    expect(run({}, { authorizations: [auth], consents: [part] })).toEqual([]);
    expect(run({ network: 'Instagram' }, { authorizations: [{ ...auth, network: 'Instagram' }], consents: [part] })).toEqual([]);
  });

  it('still needs written parental consent for every participating student', () => {
    const fs = run({ participants: ['S200', 'S201'] }, { authorizations: [auth], consents: [part] });
    expect(fs.map((f) => f.evidence)).toEqual([{ field: 'post.participants', value: 'S201' }]);
    expect(fs[0]?.message).toContain('Jake Peterson');
    for (const bad of [{ written: false }, { written: undefined }, { grantedBy: 'student' }, { network: 'tiktok' }, { validUntil: '2026-09-30' }, { revokedAt: '2026-10-01' }]) {
      expect(run({}, { authorizations: [auth], consents: [{ ...part, ...bad }] }), JSON.stringify(bad)).toHaveLength(1);
    }
  });

  it('does not accept an authorization for another network, another employee, or an expired one', () => {
    expect(run({}, { authorizations: [{ ...auth, network: 'youtube' }], consents: [part] })).toHaveLength(1);
    expect(run({}, { authorizations: [{ ...auth, employee: 'E101' }], consents: [part] })).toHaveLength(1);
    expect(run({}, { authorizations: [{ ...auth, validUntil: '2026-09-30' }], consents: [part] })).toHaveLength(1);
    expect(run({}, { authorizations: [{ ...auth, type: 'spokesperson' }], consents: [part] })).toHaveLength(1);
  });

  it('allows approved CIPA-compliant tools, but not approved tools that are not compliant', () => {
    expect(run({ network: 'schoology' })).toEqual([]);
    expect(run({ network: 'seesaw', purpose: 'school-activity' })).toEqual([]);
    const ctx = context({ district: { ...district, approvedTools: [{ network: 'padlet', cipaCompliant: false }, { network: 'schoology', cipaCompliant: true }] } });
    const fs = findingsOf({ context: ctx, post: post('Period 3: submit your lab reports by posting them here', { network: 'padlet', purpose: 'personal' }) }, RULE);
    expect(fs.map((f) => f.severity)).toEqual(['block']);
    expect(fs[0]?.message).toContain('not CIPA-compliant');
    expect(fs[0]?.remedy).toContain('schoology');
    expect(fs[0]?.remedy).not.toContain('padlet,');
  });

  it('sees instructions addressed to students even when purpose says personal', () => {
    for (const [text, quote] of [
      ['XC team challenge: post a pic of your Saturday long-run route with #APSxc', 'team challenge:'],
      ['Period 3: submit your lab reports by posting them here', 'Period 3: submit'],
      ['3rd hour: read chapter 4 before Monday', '3rd hour: read'],
      ['Homework: pages 112-114, odd problems', 'Homework: pages'],
      ['Team, meet at the bus at 6:15 sharp. Bring your spikes!', 'Team, meet'],
      ['Great win tonight. Seniors: remember to turn in your senior night forms', 'Seniors: remember to'],
      ['XC practice tomorrow is at 7 in the aux gym', 'practice tomorrow is at 7'],
      ['Musical rehearsal has been moved to the school auditorium', 'rehearsal has been moved'],
      ['Reminder: bring your spikes to practice tomorrow', 'bring your spikes'],
      ['Post a pic of your lab setup, 2nd period!', 'Post a pic of your'],
      ['Wear your jersey tomorrow for the Jefferson High School pep rally', 'Wear your jersey'],
      ['Homework for Monday: interview a grandparent about their first job', 'Homework for Monday: interview'],
      ['Varsity team: practice is moved to 4:30 today', 'team: practice is'],
      ['Please bring your music stands to the band room tomorrow', 'bring your music stands'],
      ['First grade homework tonight: draw your family and post it in the comments', 'homework tonight: draw'],
      ['Your lab reports are due Friday, no exceptions', 'lab reports are due'],
      ['Your reading logs are due Monday, class', 'Your reading logs are due'],
      ['For extra credit, comment with your answer below', 'For extra credit,'],
    ] as const) {
      const fs = fromText(text);
      expect(fs.map((f) => f.rule), text).toEqual([RULE]);
      expect((fs[0]?.evidence as { quote: string }).quote, text).toBe(quote);
      expect(fs[0]?.message).toContain('instructions addressed to students');
    }
  });

  it('does not take a teacher talking about their own work or life, or everyday directives with no school in them, for instruction', () => {
    for (const text of [
      'Grading homework all weekend, send coffee',
      'Report cards are due Friday, wish me luck',
      'Great practice today, proud of these runners',
      'My students, you make me proud every day',
      'Shoutout to my students: best science fair ever',
      'Homework: the bane of my existence 😩',
      'My yoga practice is cancelled tonight, so sad',
      'Period 3: you were amazing today',
      'Practice makes perfect, team!',
      'Proud of this team. Submitted my grades at last',
      'Our concert rehearsal was magical',
      'Post a pic of your dog in a costume!',
      'Submit your photos to the county fair contest by Friday',
      'Turn in your ballots, Minnesota! Polls close at 8',
      'Band practice is cancelled, our drummer has the flu',
      'Practice starts at 5 for my daughter\'s soccer team',
      'Your tax returns are due April 15',
      'Bus leaves at 6am for our family trip to Duluth!',
      'Comment below with your favorite fall recipe',
      'Class of 2010 reunion: meet at the Legion at 7',
      'Students: the reason I get up every morning',
      'Great team, love you all',
      'Bring your appetite to the potluck on Sunday!',
      'So proud of the band: what a season',
      'Post it in the comments if you love fall as much as I do',
    ]) {
      expect(fromText(text), text).toEqual([]);
    }
  });

  it('a declared purpose counts even inside a student group', () => {
    const group = { name: 'JHS XC Runners', createdBy: 'students' as const, representsDistrictStudents: true };
    expect(run({ group })).toHaveLength(2);
    expect(fromText('Reminder: bring your spikes to practice tomorrow', { group })).toEqual([]);
    expect(fromText('Reminder: bring your spikes to practice tomorrow', { group: { ...group, createdBy: 'district' } })).toHaveLength(1);
  });

  it('takes participating students for a school activity, whatever purpose says', () => {
    const fs = run({ purpose: 'personal', text: 'Look at these cloud photos!' });
    expect(fs.map((f) => f.evidence)).toEqual([
      { field: 'post.participants', value: 'S200' },
      { field: 'post.participants', value: 'S200' },
    ]);
    expect(fs[0]?.message).toContain('students take part');
    expect(run({ purpose: 'personal', text: 'Look at these cloud photos!' }, { authorizations: [auth], consents: [part] })).toEqual([]);
  });

  it('says nothing about personal posts with nothing instructional', () => {
    expect(fromText('Fall colors at the lake this morning')).toEqual([]);
    expect(findingsOf({ post: post('Fall colors at the lake this morning') }, RULE)).toEqual([]);
  });

  it('is undecided, not silent, when the tools, the network, the authorizations or the consents are unknown', () => {
    const noTools = run({}, { district: { ...district, approvedTools: undefined } });
    expect(noTools.map((f) => [f.undecided, f.evidence])).toEqual([[true, { field: 'context.district.approvedTools' }]]);
    const noNetwork = run({ network: undefined });
    expect(noNetwork.map((f) => [f.undecided, f.evidence])).toEqual([[true, { field: 'post.network' }]]);
    const noRecords = findingsOf({ context: { district, people: context().people }, post: post('x', { network: 'instagram', purpose: 'instruction', participants: ['S200'] }) }, RULE);
    expect(noRecords.map((f) => [f.severity, f.evidence])).toEqual([
      ['advisory', { field: 'context.authorizations' }],
      ['advisory', { field: 'context.consents' }],
    ]);
    // Consents known and missing: that half is decided even without authorizations.
    const half = findingsOf({ context: { district, consents: [] }, post: post('x', { network: 'instagram', purpose: 'instruction', participants: ['S200'] }) }, RULE);
    expect(half.map((f) => [f.severity, f.evidence])).toEqual([
      ['block', { field: 'post.participants', value: 'S200' }],
      ['advisory', { field: 'context.authorizations' }],
    ]);
  });
  it('reads team logistics addressed to a team by its sport, grading words and Spanish-English assignments as instruction', () => {
    for (const [text, quote] of [
      ['Volleyball girls: practice moved to 6am tmrw in the aux gym', 'Volleyball girls: practice moved'],
      ['JV boys, bring your cleats tomorrow, we are on the turf', 'JV boys, bring'],
      ['Watch this video and comment your favorite idiom below. Counts for participation points!', 'Counts for participation points'],
      ['Read chapter 4 tonight, it will count as a quiz grade', 'will count as a quiz grade'],
      ['Tarea para 3rd hour: watch this video and comment your favorite Spanish idiom below', 'Tarea para 3rd hour'],
      ['Tarea para mañana: escriban cinco oraciones en el pretérito', 'Tarea para mañana: escriban'],
      ['3rd hour, comment your answer to question 5 below', 'comment your answer to question 5 below'],
      ['Clase de español: entreguen su proyecto el viernes', 'entreguen su'],
    ] as const) {
      const fs = fromText(text, { network: 'tiktok' });
      expect([text, fs.map((f) => (f.evidence as { quote?: string }).quote)]).toEqual([text, [quote]]);
    }
    for (const text of [
      'Girls, don’t forget: brunch at 10 on Sunday!',
      'Ladies: wear your pink on Friday for the breast cancer walk',
      'Volleyball girls are undefeated at home, what a season',
      'This Volleyball girls team makes me so proud',
      'Counting down the days to winter break',
      'Comment your favorite pie below, Thanksgiving is coming',
      'Tarea pendiente: limpiar la cochera este fin de semana',
      'Suban el volumen, ¡esta canción es increíble!',
    ]) {
      expect([text, fromText(text, { network: 'tiktok' })]).toEqual([text, []]);
    }
  });

  it('reads a class or team addressed by subject, level or period, with a task, a test date or a moved session, as instruction', () => {
    for (const text of [
      'Band kids: sectionals moved to Thursday after school',
      'Reminder 2nd period: quiz Friday on chapter 5',
      '5th hour: test is moved to Friday',
      'Algebra I: finish problems 1-20 on page 45 tonight',
      'Spanish 2: grábense diciendo su rutina diaria y súbanlo aquí',
      'Tarea: lean el capítulo 3 y contesten las preguntas',
      'Physics kids! Post your egg drop video by Friday',
    ]) {
      expect([text, fromText(text, { network: 'tiktok' }).length]).toEqual([text, 1]);
    }
    for (const text of [
      '3rd hour: project presentations were incredible today!',
      '2nd period: test scores were the best all year, so proud',
      'Spanish 2: you all made my day today',
      'Math 1 vs math 2 debate at the dinner table tonight lol',
      'Tarea de hoy: limpiar el garaje, ayuda',
      'My daughter\'s soccer practice moved to Thursday',
    ]) {
      expect([text, fromText(text, { network: 'tiktok' })]).toEqual([text, []]);
    }
  });

  it('reads "your homework this week is ..." as an assignment only when the post speaks of school', () => {
    expect(fromText('Woodland 4th graders: your homework this week is to film yourself reading a poem!', { network: 'tiktok' }).map((f) => f.severity)).toEqual(['block']);
    expect(fromText('Your homework this weekend is to rest, friends. You earned it', { network: 'tiktok' })).toEqual([]);
  });
});
