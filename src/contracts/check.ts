// The check contract (shared/contracts/check.md) as zod schemas: CLI, server and web share them.
// A change to a post field or a constraint here must be made in src/app/fast-check-request.ts too (the hand-written fast
// path for the usual request shape; its test compares it with these schemas, but only on the values it tries).
import { z } from 'zod';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');
const isoDateTime = z
  .string()
  .refine((s) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(s) && !Number.isNaN(Date.parse(s)), {
    message: 'expected an ISO 8601 date-time with an offset, e.g. 2026-10-03T19:45:00-05:00',
  });
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time as HH:MM');
const weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);

export const Building = z.object({
  name: z.string().min(1),
  aliases: z.array(z.string()).optional(),
  lat: z.number().min(-90).max(90).optional(),
  lon: z.number().min(-180).max(180).optional(),
  radiusM: z.number().positive().optional(),
});

export const ApprovedTool = z.object({
  network: z.string().min(1),
  cipaCompliant: z.boolean().optional(),
  passwordProtected: z.boolean().optional(),
});

export const District = z.object({
  name: z.string().min(1).optional(),
  aliases: z.array(z.string()).optional(),
  mascot: z.string().optional(),
  emailDomains: z.array(z.string()).optional(),
  websites: z.array(z.string()).optional(),
  timezone: z.string().optional(),
  dutyHours: z
    .object({ days: z.array(weekday), start: hhmm, end: hhmm })
    .optional(),
  nonSchoolDays: z.array(isoDate).optional(),
  buildings: z.array(Building).optional(),
  approvedTools: z.array(ApprovedTool).optional(),
  districtAccounts: z.array(z.object({ network: z.string(), handle: z.string() })).optional(),
  schoolYearStart: z.string().regex(/^\d{2}-\d{2}$/, 'expected MM-DD').optional(),
});

export const PersonKind = z.enum(['employee', 'student', 'guardian', 'other']);
export const Person = z.object({
  id: z.string().min(1),
  kind: PersonKind,
  name: z.string().min(1),
  aliases: z.array(z.string()).optional(),
  email: z.string().optional(),
  title: z.string().optional(),
  studentNumber: z.string().optional(),
  grade: z.union([z.number(), z.string()]).optional(),
  building: z.string().optional(),
  dutyHours: z.object({ days: z.array(weekday), start: hhmm, end: hhmm }).optional(),
  guardianOf: z.array(z.string()).optional(),
});

export const ConsentScope = z.enum(['district-accounts', 'personal-accounts', 'print', 'internal']);
export const Consent = z.object({
  id: z.string().optional(),
  type: z.enum(['student-image', 'coworker-image', 'social-network-participation']),
  subject: z.string().min(1),
  grantee: z.string().optional(),
  written: z.boolean().optional(),
  grantedBy: z.string().optional(),
  network: z.string().optional(),
  scope: z.array(ConsentScope).optional(),
  validFrom: isoDate.optional(),
  validUntil: isoDate.nullish(),
  revokedAt: z.string().nullish(),
});

export const Authorization = z.object({
  id: z.string().optional(),
  type: z.enum(['spokesperson', 'instructional-use']),
  employee: z.string().min(1),
  network: z.string().optional(),
  activity: z.string().optional(),
  grantedBy: z.string().optional(),
  validFrom: isoDate.optional(),
  validUntil: isoDate.nullish(),
  revokedAt: z.string().nullish(),
});

export const Disclosure = z.object({
  employee: z.string().min(1),
  schoolYear: z.string().regex(/^\d{4}-\d{4}$/, 'expected a school year as YYYY-YYYY'),
  groups: z.array(z.object({ network: z.string().optional(), name: z.string().min(1) })),
});

export const Context = z.object({
  district: District.optional(),
  people: z.array(Person).optional(),
  consents: z.array(Consent).optional(),
  authorizations: z.array(Authorization).optional(),
  disclosures: z.array(Disclosure).optional(),
});

export const DepictedPerson = z.union([
  z.string().min(1),
  z.object({ kind: z.enum(['student', 'employee', 'other', 'unknown']), name: z.string().optional() }),
]);

export const ImageSetting = z.enum(['public-event', 'classroom', 'school-building', 'restricted-area', 'floor-plan', 'off-site', 'other']);

export const PostImage = z.object({
  file: z.string().optional(),
  description: z.string().optional(),
  depicts: z.array(DepictedPerson).optional(),
  setting: ImageSetting.optional(),
  event: z.string().optional(),
  // Facts found in the image file itself (EXIF, faces, OCR); filled by the image analysis adapter.
  detected: z
    .object({
      faces: z.array(z.object({ box: z.tuple([z.number(), z.number(), z.number(), z.number()]), score: z.number() })).optional(),
      text: z.string().optional(),
      // Where each word of `text` is: UTF-16 offsets into text and its box [x, y, w, h] in the photo's pixels.
      words: z.array(z.object({ start: z.number().int().min(0), end: z.number().int().min(0), box: z.tuple([z.number(), z.number(), z.number(), z.number()]) })).max(20_000).optional(),
      takenAt: z.string().optional(),
      gps: z.object({ lat: z.number(), lon: z.number() }).optional(),
      floorPlan: z.object({ score: z.number(), reason: z.string() }).optional(),
      // Why the named file could not be read (the CLI's "no such file"): the check then stands on what was declared, and says so.
      unread: z.string().optional(),
    })
    .optional(),
});

export const Group = z.object({
  name: z.string().min(1),
  network: z.string().optional(),
  createdBy: z.enum(['students', 'public', 'district']).optional(),
  representsDistrictStudents: z.boolean().optional(),
});

export const Post = z.object({
  author: z.string().optional(),
  network: z.string().min(1).transform((s) => s.toLowerCase()).optional(),
  account: z
    .object({
      kind: z.enum(['personal', 'district']).optional(),
      handle: z.string().optional(),
      email: z.string().optional(),
      bio: z.string().optional(),
    })
    .optional(),
  postedAt: isoDateTime.optional(),
  device: z.enum(['personal', 'district']).optional(),
  purpose: z.enum(['personal', 'instruction', 'school-activity']).optional(),
  group: Group.nullish(),
  text: z.string().max(100_000, 'a post of at most 100,000 characters'),
  link: z.string().optional(),
  sharedFrom: z.string().optional(),
  images: z.array(PostImage).max(50).optional(),
  participants: z.array(z.string()).optional(),
});

export const CheckRequest = z.object({ context: Context.optional(), post: Post });

export const Severity = z.enum(['block', 'revise', 'advisory']);
export const Evidence = z.union([
  // With `image`, the span is in that image's detected text (OCR) and `box` is where it is in the photo.
  z.object({ start: z.number().int(), end: z.number().int(), quote: z.string(), image: z.number().int().optional(), box: z.array(z.number()).optional() }),
  z.object({ image: z.number().int(), person: z.string().optional(), box: z.array(z.number()).optional(), detail: z.string().optional() }),
  z.object({ field: z.string(), value: z.string().optional() }),
]);
export const Finding = z.object({
  rule: z.string(),
  clause: z.string(),
  severity: Severity,
  message: z.string(),
  evidence: Evidence.optional(),
  remedy: z.string().optional(),
  undecided: z.boolean().optional(),
  related: z.array(z.string()).optional(),
});
export const CheckResponse = z.object({
  verdict: z.enum(['allow', 'revise', 'block']),
  policy: z.object({ id: z.string(), title: z.string(), version: z.string() }),
  findings: z.array(Finding),
  allowedBy: z.array(z.string()).optional(),
  checkedAt: z.string(),
});

export type District = z.infer<typeof District>;
export type Person = z.infer<typeof Person>;
export type Consent = z.infer<typeof Consent>;
export type Authorization = z.infer<typeof Authorization>;
export type Disclosure = z.infer<typeof Disclosure>;
export type Context = z.infer<typeof Context>;
export type Post = z.infer<typeof Post>;
export type PostImage = z.infer<typeof PostImage>;
export type DepictedPerson = z.infer<typeof DepictedPerson>;
export type CheckRequest = z.infer<typeof CheckRequest>;
export type Severity = z.infer<typeof Severity>;
export type Evidence = z.infer<typeof Evidence>;
export type Finding = z.infer<typeof Finding>;
export type CheckResponse = z.infer<typeof CheckResponse>;
export type Verdict = CheckResponse['verdict'];
