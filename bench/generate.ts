// Deterministic generator of a large district (roster and records) and realistic employee posts for the benchmarks. Seeded PRNG, no Math.random.
import type { CheckRequest, Context, Person, Post, PostImage } from '../src/contracts/check.js';

/** mulberry32: a tiny seeded PRNG, so every run of a bench sees the same posts. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = 'Aaliyah Abdi Ada Aiden Alex Amara Amir Ana Andre Anika Ari Ava Ayaan Bella Ben Brooke Caleb Cam Carlos Chloe Cole Dana Daniel Deja Diego Eli Ella Emma Ethan Evan Fatima Finn Gabe Grace Hana Harper Hassan Henry Ian Isaac Isla Jada Jake Jamal Jamie Jasmine Jayden Jonah Jordan Josie Juan Kai Kayla Khalid Kira Leah Leo Liam Lily Logan Lucas Luna Maya Mason Mia Micah Mila Nadia Naomi Nate Noah Nora Olivia Omar Owen Paige Quinn Reese Riley Rosa Ruby Ryan Sam Sara Sofia Tariq Theo Tyler Uma Vera Wes Xavier Yara Zane Zoe'.split(' ');
const LAST = 'Abdullahi Anderson Bakken Berglund Brandt Carlson Chen Dahl Diaz Erickson Fischer Garcia Gustafson Hansen Hassan Haugen Hernandez Hoffman Iverson Jensen Johnson Kim Klein Kowalski Larson Lee Lindqvist Lopez Martin Meyer Miller Mohamed Moreau Nelson Nguyen Novak Olson Ortiz Patel Peterson Quinn Ramirez Reyes Rossi Schmidt Schultz Singh Solberg Swenson Thao Thompson Torres Vang Vogel Walker Warsame Weber Xiong Yang Young Zimmerman'.split(' ');
const SCHOOLS = ['Jefferson High School', 'JHS', 'Discovery Middle School', 'Discovery', 'Lincoln Elementary', 'Woodland Elementary', 'Woodland', 'Lincoln'];

export const DISTRICT: NonNullable<Context['district']> = {
  name: 'Alexandria Public Schools',
  aliases: ['APS', 'Alexandria Schools', 'ISD 206', 'Jefferson High School', 'JHS', 'Discovery Middle School', 'Lincoln Elementary', 'Woodland Elementary', 'Cardinals'],
  emailDomains: ['alexandria.k12.mn.us'],
  timezone: 'America/Chicago',
  dutyHours: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '07:30', end: '16:00' },
  nonSchoolDays: [
    '2026-09-07', '2026-10-15', '2026-10-16', '2026-11-25', '2026-11-26', '2026-11-27', '2026-12-21', '2026-12-22', '2026-12-23', '2026-12-24', '2026-12-25',
    '2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31', '2027-01-01', '2027-01-18', '2027-02-15', '2027-03-22', '2027-03-23', '2027-03-24', '2027-03-25',
    '2027-03-26', '2027-05-31',
  ],
  buildings: [
    { name: 'Jefferson High School', lat: 45.8852, lon: -95.3775, radiusM: 250 },
    { name: 'Discovery Middle School', lat: 45.8721, lon: -95.3952, radiusM: 200 },
    { name: 'Lincoln Elementary', lat: 45.8867, lon: -95.3698, radiusM: 150 },
    { name: 'Woodland Elementary', lat: 45.8703, lon: -95.3641, radiusM: 150 },
    { name: 'District Office and Transportation Center', lat: 45.889, lon: -95.381, radiusM: 150 },
  ],
  approvedTools: [
    { network: 'schoology', cipaCompliant: true },
    { network: 'seesaw', cipaCompliant: true },
  ],
  districtAccounts: [
    { network: 'facebook', handle: 'AlexandriaPublicSchools' },
    { network: 'instagram', handle: 'aps_cardinals' },
    { network: 'x', handle: 'APS_206' },
  ],
  schoolYearStart: '07-01',
};

const TITLES: Array<[string, number]> = [
  ['Teacher', 50], ['Coach and teacher', 8], ['Paraprofessional', 12], ['Office secretary', 5], ['School bus driver', 6], ['Custodian', 5], ['Night custodian', 2],
  ['Principal', 1], ['Counselor', 2], ['School nurse', 1], ['Food service', 5], ['Technology specialist', 1], ['Special education teacher', 2],
];
const GROUPS = ['Cardinals Hockey Boosters', 'JHS Cross Country Parents', 'Discovery Band Boosters', 'Lincoln PTO', 'Woodland Families', 'JHS Class of 2027', 'Cardinals Football Families', 'JHS Volleyball Parents'];

function weighted<T>(rnd: () => number, xs: ReadonlyArray<[T, number]>): T {
  let total = 0;
  for (const [, w] of xs) total += w;
  let r = rnd() * total;
  for (const [x, w] of xs) if ((r -= w) < 0) return x;
  return xs[xs.length - 1]![0];
}

/**
 * A large district: `students` students and `employees` employees with generated names, and the
 * records a real one keeps: written media releases for about 60 % of students (some scoped,
 * expired or revoked), participation consents, co-worker consents, spokesperson and instructional
 * authorizations, annual group disclosures, own duty hours for drivers and night custodians.
 */
export function generateContext(students = 40_000, employees = 5_000, seed = 206): Context {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const people: Person[] = [];
  for (let i = 0; i < employees; i++) {
    const first = pick(FIRST);
    const last = pick(LAST);
    const title = weighted(rnd, TITLES);
    const p: Person = { id: `E${i}`, kind: 'employee', name: `${first} ${last}`, email: `${first[0]!.toLowerCase()}${last.toLowerCase()}${i}@alexandria.k12.mn.us`, title: `${title}, ${pick(SCHOOLS)}` };
    if (title === 'School bus driver') p.dutyHours = { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '06:15', end: '16:30' };
    if (title === 'Night custodian') p.dutyHours = { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '15:00', end: '23:30' };
    people.push(p);
  }
  for (let i = 0; i < students; i++) {
    const first = pick(FIRST);
    const s: Person = { id: `S${i}`, kind: 'student', name: `${first} ${pick(LAST)}`, studentNumber: String(200000 + i), grade: Math.floor(rnd() * 13) };
    if (rnd() < 0.1) s.aliases = [`${first} ${s.name.split(' ')[1]![0]}.`];
    people.push(s);
  }
  const consents: NonNullable<Context['consents']> = [];
  for (let i = 0; i < students; i++) {
    const r = rnd();
    if (r < 0.6) {
      const c: NonNullable<Context['consents']>[number] = { id: `C${i}`, type: 'student-image', subject: `S${i}`, written: true, grantedBy: 'parent', validFrom: '2026-08-20', validUntil: '2027-06-30' };
      if (r < 0.05) c.scope = ['district-accounts', 'print'];
      else if (r < 0.07) c.revokedAt = '2026-11-01';
      else if (r < 0.09) {
        c.validFrom = '2025-08-20';
        c.validUntil = '2026-06-30';
      }
      consents.push(c);
    }
    if (rnd() < 0.05) consents.push({ id: `P${i}`, type: 'social-network-participation', subject: `S${i}`, written: true, grantedBy: 'parent', network: pick(['instagram', 'youtube', 'facebook']), validFrom: '2026-08-20', validUntil: '2027-06-30' });
  }
  for (let i = 0; i < employees * 0.4; i++) {
    consents.push({ id: `K${i}`, type: 'coworker-image', subject: `E${Math.floor(rnd() * employees)}`, grantee: `E${Math.floor(rnd() * employees)}`, validFrom: '2026-08-15' });
  }
  const authorizations: NonNullable<Context['authorizations']> = [];
  for (let i = 0; i < 20; i++) authorizations.push({ id: `A${i}`, type: 'spokesperson', employee: `E${i}`, grantedBy: 'superintendent', validFrom: '2026-07-01', validUntil: '2027-06-30' });
  for (let i = 0; i < 150; i++) {
    authorizations.push({ id: `I${i}`, type: 'instructional-use', employee: `E${Math.floor(rnd() * employees)}`, network: pick(['instagram', 'youtube', 'facebook', 'x']), activity: 'Class or team page', grantedBy: 'superintendent-designee', validFrom: '2026-08-15', validUntil: '2027-06-30' });
  }
  const disclosures: NonNullable<Context['disclosures']> = [];
  for (let i = 0; i < employees * 0.12; i++) {
    const n = 1 + Math.floor(rnd() * 3);
    const groups = Array.from({ length: n }, () => ({ network: 'facebook', name: pick(GROUPS) }));
    disclosures.push({ employee: `E${Math.floor(rnd() * employees)}`, schoolYear: rnd() < 0.85 ? '2026-2027' : '2025-2026', groups });
  }
  return { district: DISTRICT, people, consents, authorizations, disclosures };
}

// ---------- posts ----------
// {S} a student's full name, {s} a student's first name, {E} an employee's name, {school} a school, {n} a number.

/** Everyday posts with nothing for the district to worry about, many with words a keyword filter trips on. */
const BENIGN = [
  'Fall colors at the lake this morning. Perfect Saturday 🍁', 'Grading {n} lab reports this weekend, send coffee ☕', 'Anyone have a good recipe for wild rice soup?',
  'Marathon training: 18 miles done, legs are toast', 'A glass of wine with dinner and a good book, perfect Friday 🍷', 'Brewery tour in Duluth with my sister, such a fun weekend',
  'Shrimp cocktail and shiitake risotto for our anniversary dinner', 'Road trip through Essex and Sussex this summer was a dream', 'This grading will kill me, {n} essays to go',
  'Loving this snow. Said no teacher ever on conference night', 'Ice is finally thick enough. First walleye of the year 🎣', 'Dead tired after conferences. Bed at 8:30 tonight.',
  'My fantasy football team is getting massacred this week', 'Going to murder this half marathon on Saturday', 'Sunset over Lake Le Homme Dieu tonight 🌅',
  'Farmers market haul 🍎🥕', 'Pumpkin bread recipe in the comments 🎃', 'New garden hoe and a flat of tomatoes. Retirement practice 😂', 'Snowed in. Soup, puzzle, and the Vikings game.',
  'Reading Moby Dick again and it is still a slog', "Dick's Sporting Goods had cleats 40% off", 'Shoutout to my physical therapist who got my knee back in shape',
  'Toasting 30 years of marriage with a glass of champagne 🥂', 'Never drink and drive. Lost a friend to it years ago today.', 'Sober 5 years today. One day at a time 💪',
  'Opening weekend of deer season with my dad 🦌', 'Hitchcock double feature tonight: Rear Window and Vertigo', 'Saw the Minnesota Orchestra play Mahler 5 tonight. Still shaking.',
  'Sextant workshop at the maritime museum, my nerd heart is full', 'Analysis paralysis: six paint samples on the wall and still no decision', 'First snow of the year ❄️',
  'Cumulative finals review week for my own grad class. Wish me luck.', 'Twins game with my brother ⚾', 'Finished my {n}th book of the year 📚', 'Coffee number three ☕☕☕',
];
/** District life: events, pride, volunteering, shares, public honors, promotions. */
const DISTRICT_POSTS = [
  'So proud of our robotics team at the regional tonight!', 'Great turnout at the {school} homecoming parade today', 'Our 3rd graders planted {n} trees with the city parks crew 🌳',
  'Unit assessment went well, class averages up from last year', 'We killed it at the jazz festival! Sweepstakes trophy is coming home', 'Shoot for the stars, seniors. Proud of every one of you',
  "Let's beat the Tigers on Friday, Cardinals!", 'I volunteered at the {school} fun run this morning, {n} kids ran!', 'Such a fun winter concert tonight 🎶❄️',
  'Happy to share that I have been named department chair at {school} for next year', 'The district just announced the new calendar, details: https://www.alexandria.k12.mn.us/calendar',
  'Sharing from APS: {school} will be closed Friday for the furnace repair.', 'Per the district announcement, school starts two hours late tomorrow. Stay safe!', 'Science fair judges needed! Sign up on the district page.',
  'Thankful for the custodial staff who made the gym sparkle for graduation', 'Congrats to {S}, named a National Merit Semifinalist!', '{S} ran a personal best at the section meet and is headed to state! 🏃',
  'Working the concession stand at the {school} game tonight, come say hi! 🌭', 'Chaperoning prom tonight. Wish me luck 🕺', 'Happy birthday to our amazing principal {E}! 🎂',
  'Red Ribbon Week at {school}: our students pledged to stay drug-free!', 'Conference night: {n} families came in, best turnout ever', 'Our defense crushed it. Destroyed Brainerd 35-7 🏈',
  'Views are my own: the new reading program at {school} has been a game-changer.', 'Excited to start my {n}th year teaching!', 'Packed holiday food boxes with the APS staff volunteers today.',
];
/** Opinions about the district: fine with a disclaimer, `missing-disclaimer` without one. */
const OPINIONS = [
  'Late-start Wednesdays are a great idea by APS and more teachers should get behind them', 'I think APS should move to a four-day week.', 'The school board should stop cutting custodial staff.',
  'The new cell phone ban at {school} is the best decision the district has made in years.', 'Honestly the new reading curriculum at {school} is a waste of money.',
];
/** Posts that break a rule, by rule. */
const VIOLATIONS: Array<[string[], number]> = [
  [['What a sh*tty way to start a Tuesday', 'Parent-teacher conferences ran until 8. I am so f***ing tired.', 'b!tch of a week, glad it is Friday', 'What the actual f u c k, printer'], 20],
  [['We were so hammered at the retreat nobody could find the hotel', 'Came to first hour still drunk from last night lol', 'Hit a bowl before the scrimmage to take the edge off 😎'], 8],
  [['{S}, park in front of my bus one more time and you will regret it', 'Board member {E} is a thief who pads his mileage, everyone knows it'], 4],
  [["Some of my 5th period couldn't find the slope of a line if their lives depended on it", 'My 6th hour is the laziest group of teenagers I have ever had.', 'Bus 14 kids are feral animals. Can not wait for June.'], 10],
  [['Big congrats to {S} for getting a GPA back above 3.0 this term!', 'Had to suspend {S} for three days after the fight at lunch.', 'So proud of {S}, who met every IEP goal this quarter!'], 8],
  [['Woodland will be closed this Friday for the furnace repair, enjoy the long weekend!', 'The school board voted tonight to close {school} next year.'], 6],
  [['Email me at {email} with questions about the trip'], 4],
  [['XC team challenge: post a pic of your Saturday long-run route with #APSxc', 'Kindergarten homework: have your child draw a fall leaf and post it in the comments!'], 4],
];
const TAGS = [' #cardinalpride', ' #APSproud', ' 🎉', ' ❤️', ' #teacherlife', ' #mnwinter', ''];
const LONG = ['Some thoughts after {n} years in the classroom.', 'Every fall I tell myself I will keep up with grading.', 'This weekend we drove up the shore.', 'The trick to wild rice is patience.', 'My students taught me more than I taught them this week.'];

/**
 * `n` posts by random employees of `context` (the context is given once, not per post). Rates are
 * a guess at a real district's feed: about 7 % break a rule in their words, about 6 % fall inside
 * duty hours, 2 % are made on a district device, 8 % carry images, 4 % are in groups, 5 % are
 * the district's own accounts and 3 % are class posts on approved tools.
 */
export function generatePosts(n: number, context: Context, seed = 471): Post[] {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const people = context.people ?? [];
  const students = people.filter((p) => p.kind === 'student');
  const employees = people.filter((p) => p.kind === 'employee');
  const networks: Array<[string, number]> = [['facebook', 40], ['instagram', 25], ['x', 15], ['linkedin', 5], ['mastodon', 3], ['bluesky', 4], ['blog', 2], ['tiktok', 3], ['snapchat', 3]];
  const out: Post[] = [];
  const base = Date.parse('2026-09-01T05:00:00Z'); // 2026-09-01 00:00 in Alexandria (CDT)
  const fill = (tpl: string, authorEmail: string | undefined): string =>
    tpl
      .replace(/\{S\}/g, () => pick(students)?.name ?? 'Maya Lopez')
      .replace(/\{s\}/g, () => (pick(students)?.name ?? 'Maya Lopez').split(' ')[0]!)
      .replace(/\{E\}/g, () => pick(employees)?.name ?? 'Dana Whitfield')
      .replace(/\{school\}/g, () => pick(SCHOOLS))
      .replace(/\{n\}/g, () => String(2 + Math.floor(rnd() * 140)))
      .replace(/\{email\}/g, authorEmail ?? 'teacher@alexandria.k12.mn.us');
  for (let i = 0; i < n; i++) {
    const author = employees.length > 0 ? pick(employees) : undefined;
    const r = rnd();
    let tpl: string;
    if (r < 0.07) tpl = pick(weighted(rnd, VIOLATIONS));
    else if (r < 0.12) tpl = pick(OPINIONS);
    else if (r < 0.45) tpl = pick(DISTRICT_POSTS);
    else tpl = pick(BENIGN);
    let text = fill(tpl, author?.email);
    if (rnd() < 0.04) text = Array.from({ length: 4 + Math.floor(rnd() * 12) }, () => fill(pick(LONG), author?.email)).join(' ') + ' ' + text;
    if (rnd() < 0.3) text += pick(TAGS);
    // Mostly evenings (and weekends, by the day drawn); 6 % are drawn inside 07:30–15:30, which on school days is duty time.
    const day = Math.floor(rnd() * 280);
    const minute = rnd() < 0.94 ? 16 * 60 + 5 + Math.floor(rnd() * 6 * 60) : 7 * 60 + 30 + Math.floor(rnd() * 8 * 60);
    // Local wall-clock time in Alexandria: UTC-5 (CDT) except from Nov 1 to Mar 13 (CST, UTC-6).
    const midnightUtc = base + day * 86_400_000;
    const cst = midnightUtc >= Date.parse('2026-11-01T05:00:00Z') && midnightUtc < Date.parse('2027-03-14T05:00:00Z');
    const postedAt = new Date(midnightUtc + (cst ? 60 : 0) * 60_000 + minute * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const kindRoll = rnd();
    const post: Post = { author: author?.id, network: weighted(rnd, networks), postedAt, device: rnd() < 0.02 ? 'district' : 'personal', purpose: 'personal', text };
    if (kindRoll < 0.05) {
      const acc = pick(DISTRICT.districtAccounts!);
      post.network = acc.network;
      post.account = { kind: 'district', handle: acc.handle };
    } else if (kindRoll < 0.08) {
      post.network = pick(['schoology', 'seesaw']);
      post.account = { kind: 'district', handle: 'class page' };
      post.purpose = 'instruction';
    } else {
      const bio = rnd();
      post.account = {
        kind: 'personal',
        handle: author ? author.name.toLowerCase().replace(/ /g, '.') : 'teacher',
        email: rnd() < 0.01 ? author?.email : 'me@example.com',
        bio: bio < 0.65 ? `${author?.title ?? 'Teacher'}. Views are my own.` : bio < 0.9 ? (author?.title ?? 'Teacher') : 'Runner, reader, dog person',
      };
    }
    if (rnd() < 0.04) post.group = { name: pick(GROUPS), network: 'facebook', createdBy: rnd() < 0.5 ? 'students' : 'public', representsDistrictStudents: true };
    if (rnd() < 0.08) post.images = [image(rnd, pick, students, employees, author?.id)];
    out.push(post);
  }
  return out;
}

function image(rnd: () => number, pick: <T>(xs: readonly T[]) => T, students: Person[], employees: Person[], author: string | undefined): PostImage {
  const r = rnd();
  if (r < 0.3) return { description: 'selfie', depicts: author ? [author] : [], setting: 'off-site' };
  if (r < 0.5) return { description: 'landscape', depicts: [], setting: 'off-site' };
  if (r < 0.7) return { description: 'team on the field', depicts: [pick(students).id, pick(students).id], setting: 'public-event', event: 'Friday football' };
  if (r < 0.85) return { description: 'students at work in class', depicts: [pick(students).id], setting: 'classroom' };
  if (r < 0.97) return { description: 'two colleagues at a staff event', depicts: [author ?? 'E0', pick(employees).id], setting: 'off-site' };
  return { description: 'boiler room with the door keypad', depicts: [], setting: 'restricted-area' };
}

export function requestsFor(posts: Post[], context: Context): CheckRequest[] {
  return posts.map((post) => ({ context, post }));
}
