// Deterministic generator of a large district (roster) and realistic posts for the benchmarks. Seeded PRNG, no Math.random.
import type { CheckRequest, Context, Person, Post } from '../src/contracts/check.js';

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

export const DISTRICT: NonNullable<Context['district']> = {
  name: 'Alexandria Public Schools',
  aliases: ['APS', 'Alexandria Schools', 'ISD 206', 'Jefferson High School', 'JHS', 'Discovery Middle School', 'Lincoln Elementary', 'Woodland Elementary', 'Cardinals'],
  emailDomains: ['alexandria.k12.mn.us'],
  timezone: 'America/Chicago',
  dutyHours: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '07:30', end: '16:00' },
  nonSchoolDays: ['2026-09-07', '2026-10-15', '2026-10-16', '2026-11-25', '2026-11-26', '2026-11-27', '2026-12-24', '2026-12-25'],
  buildings: [
    { name: 'Jefferson High School', lat: 45.8852, lon: -95.3775, radiusM: 250 },
    { name: 'Discovery Middle School', lat: 45.8721, lon: -95.3952, radiusM: 200 },
    { name: 'Lincoln Elementary', lat: 45.8867, lon: -95.3698, radiusM: 150 },
    { name: 'Woodland Elementary', lat: 45.8703, lon: -95.3641, radiusM: 150 },
  ],
  approvedTools: [
    { network: 'schoology', cipaCompliant: true },
    { network: 'seesaw', cipaCompliant: true },
  ],
  schoolYearStart: '07-01',
};

/** A large district: `students` students, `employees` employees, consents for a third of the students. */
export function generateContext(students = 40_000, employees = 5_000, seed = 206): Context {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const people: Person[] = [];
  for (let i = 0; i < employees; i++) {
    const first = pick(FIRST);
    const last = pick(LAST);
    people.push({ id: `E${i}`, kind: 'employee', name: `${first} ${last}`, email: `${first[0]!.toLowerCase()}${last.toLowerCase()}${i}@alexandria.k12.mn.us`, title: pick(['Teacher', 'Coach', 'Secretary', 'Bus driver', 'Principal', 'Counselor', 'Para']) });
  }
  for (let i = 0; i < students; i++) {
    people.push({ id: `S${i}`, kind: 'student', name: `${pick(FIRST)} ${pick(LAST)}`, studentNumber: String(200000 + i), grade: 1 + Math.floor(rnd() * 12) });
  }
  const consents: NonNullable<Context['consents']> = [];
  for (let i = 0; i < students; i += 3) consents.push({ id: `C${i}`, type: 'student-image', subject: `S${i}`, written: true, grantedBy: 'parent', validFrom: '2026-08-20', validUntil: '2027-06-30' });
  return {
    district: DISTRICT,
    people,
    consents,
    authorizations: [{ id: 'A1', type: 'spokesperson', employee: 'E1', grantedBy: 'superintendent', validFrom: '2026-07-01', validUntil: '2027-06-30' }],
    disclosures: [{ employee: 'E2', schoolYear: '2026-2027', groups: [{ network: 'facebook', name: 'Cardinals Hockey Boosters' }] }],
  };
}

const BENIGN = [
  'So proud of our robotics team at the regional tonight!',
  'Fall colors at the lake this morning. Perfect Saturday.',
  'Grading 120 lab reports this weekend, send coffee ☕',
  'Great turnout at the Jefferson High School homecoming parade today',
  'Our 3rd graders planted 40 trees with the city parks crew 🌳',
  'Reading Moby Dick with my juniors and they actually love it',
  'Unit assessment went well, class averages up from last year',
  'We killed it at the jazz festival! Sweepstakes trophy is coming home',
  'This grading will kill me, 140 essays to go',
  'Shoot for the stars, seniors. Proud of every one of you',
  "Let's beat the Tigers on Friday, Cardinals!",
  'A glass of wine with dinner and a good book, perfect Friday',
  'Brewery tour in Duluth with my sister, such a fun weekend',
  'Back-to-school sale at Dick\'s Sporting Goods, got new cleats',
  'Shrimp cocktail and shiitake risotto for our anniversary dinner',
  'Road trip through Essex and Sussex this summer was a dream',
  'I volunteered at the Woodland fun run this morning, 300 kids ran!',
  'Such a fun winter concert tonight 🎶❄️',
  'Happy to share that I have been named department chair for next year',
  'The district just announced the new calendar, check their page for details',
  'Marathon training: 18 miles done, legs are toast',
  'Anyone have a good recipe for wild rice soup?',
  'Loving this snow. Said no teacher ever on conference night',
  'Science fair judges needed! Sign up at the front office',
  'Thankful for the custodial staff who made the gym sparkle for graduation',
];
const RISKY = [
  'What a sh*tty way to start a Tuesday',
  'We were so hammered at the retreat nobody could find the hotel',
  '{name}, park in front of my bus one more time and you will regret it',
  'Some of my 5th period couldn\'t find the slope of a line if their lives depended on it',
  'Late-start Wednesdays are a great idea by APS and more teachers should get behind them',
  'Woodland will be closed this Friday for the furnace repair, enjoy the long weekend!',
  'Big congrats to {name} for getting a GPA back above 3.0 this term!',
  'Email me at teacher@alexandria.k12.mn.us with questions about the trip',
  'XC team challenge: post a pic of your Saturday long-run route with #APSxc',
  'Smoked a joint after the staff meeting, best decision all week',
];

/** `n` check requests (posts only: the context is given once), about 1 in 10 with a problem. */
export function generatePosts(n: number, context: Context, seed = 471): Post[] {
  const rnd = mulberry32(seed);
  const people = context.people ?? [];
  const students = people.filter((p) => p.kind === 'student');
  const employees = people.filter((p) => p.kind === 'employee');
  const networks = ['facebook', 'instagram', 'x', 'linkedin', 'mastodon', 'bluesky', 'blog'];
  const out: Post[] = [];
  const base = Date.parse('2026-09-01T00:00:00Z');
  for (let i = 0; i < n; i++) {
    const risky = rnd() < 0.1;
    const tpl = risky ? RISKY[Math.floor(rnd() * RISKY.length)]! : BENIGN[Math.floor(rnd() * BENIGN.length)]!;
    const student = students[Math.floor(rnd() * students.length)];
    let text = tpl.replace('{name}', student?.name ?? 'Kyle Berglund');
    if (rnd() < 0.2 && student !== undefined) text += ` Shout out to ${student.name}!`;
    if (rnd() < 0.15) text += ' #cardinalpride';
    const author = employees[Math.floor(rnd() * employees.length)]?.id ?? 'E0';
    // Most teachers post in the evening or on weekends; about one post in twelve falls inside duty hours.
    const day = Math.floor(rnd() * 200);
    const minute = rnd() < 0.92 ? 16 * 60 + Math.floor(rnd() * 6 * 60) : 8 * 60 + Math.floor(rnd() * 7 * 60);
    const t = new Date(base + day * 86_400_000 + (minute + 5 * 60) * 60_000);
    const post: Post = {
      author,
      network: networks[Math.floor(rnd() * networks.length)]!,
      account: { kind: 'personal', bio: rnd() < 0.7 ? 'Teacher. Views are my own.' : 'Runner, reader' },
      postedAt: t.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      device: 'personal',
      purpose: 'personal',
      text,
    };
    if (rnd() < 0.05 && student !== undefined) post.images = [{ description: 'class photo', depicts: [student.id], setting: rnd() < 0.5 ? 'classroom' : 'public-event' }];
    out.push(post);
  }
  return out;
}

export function requestsFor(posts: Post[], context: Context): CheckRequest[] {
  return posts.map((post) => ({ context, post }));
}
