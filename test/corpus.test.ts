// The labelled corpus (test/corpus/*.jsonl): every case must get its verdict and rule set; prints accuracy per file and per rule.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CheckRequest, Context, Post, Verdict } from '../src/contracts/check.js';
import { pack, rulesOf, run } from './support/kit.js';

/** One corpus line. `request.contextRef: "default"` stands for test/corpus/context.json; otherwise `request.context` (or none) is used as is. */
interface CorpusCase {
  id: string;
  note: string;
  request: { contextRef?: 'default'; context?: Context; post: Post };
  expect: { verdict: Verdict; rules: string[] };
}

const DIR = path.resolve(import.meta.dirname, 'corpus');
const defaultContext = JSON.parse(fs.readFileSync(path.join(DIR, 'context.json'), 'utf8')) as Context;
const files = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith('.jsonl'))
  .sort();
const corpus: Array<{ file: string; c: CorpusCase }> = files.flatMap((file) =>
  fs
    .readFileSync(path.join(DIR, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => ({ file: file.replace(/\.jsonl$/, ''), c: JSON.parse(l) as CorpusCase })),
);

function requestOf(c: CorpusCase): CheckRequest {
  const { contextRef, context, post } = c.request;
  if (contextRef !== undefined && contextRef !== 'default') throw new Error(`${c.id}: unknown contextRef ${String(contextRef)}`);
  // A deep copy per case: a check must not be able to leak state into the next one through the shared context.
  const ctx = contextRef === 'default' ? (structuredClone(defaultContext) as Context) : context;
  return ctx === undefined ? { post } : { context: ctx, post };
}

interface Outcome {
  verdict: Verdict | 'error';
  rules: string[];
  error?: string;
}
const outcomes = new Map<string, Outcome>();
function outcome(c: CorpusCase): Outcome {
  let o = outcomes.get(c.id);
  if (o === undefined) {
    try {
      const res = run(requestOf(c));
      o = { verdict: res.verdict, rules: rulesOf(res) };
    } catch (err) {
      o = { verdict: 'error', rules: [], error: (err as Error).message };
    }
    outcomes.set(c.id, o);
  }
  return o;
}

/**
 * A naive keyword filter, the baseline the corpus is built to embarrass: profane stems as substrings (the
 * Scunthorpe problem), risky words (violence, alcohol, drugs, sex, private records), and any mention of the
 * district, a school or a person on the roster, or a photo of people.
 */
const NAIVE_STEMS = ['ass', 'dick', 'cock', 'tit', 'sex', 'anal', 'cum', 'rape', 'hoe', 'snatch', 'balls', 'screw', 'butt', 'hell', 'damn', 'shit', 'fuck', 'bitch', 'piss', 'pussy', 'boob', 'naked', 'porn'];
const NAIVE_WORDS = /\b(?:kill\w*|murder\w*|shoot\w*|shot|beat|bomb|destroy\w*|crush\w*|dead|slay|blew up|massacre\w*|fight|war|rifle|hate|warn\w*|crack|drunk|wine|beer\w*|brew\w*|taproom|porter|cocktail\w*|champagne|drink\w*|sober\w*|smok\w*|high|drug\w*|vap\w*|weed|bootleg\w*|prohibition|crime|breast\w*|grade\w*|gpa|iep|504|suspen\w*|detention|attendance|health|surgery|therapist|nurse|flu|honor roll|score\w*|test|exam\w*|assessment|homework|assignment|practice|rehearsal|students?|kids?|class\w*|board|email|phone|\d{3}-\d{3}-\d{4})\b/i;
const naiveNames = [...(defaultContext.district?.aliases ?? []), 'Alexandria', 'district', 'Lincoln', 'Woodland', 'Discovery', ...(defaultContext.people ?? []).map((p) => p.name)].map((n) => n.toLowerCase());
function naiveFlags(c: CorpusCase): boolean {
  const t = c.request.post.text;
  const lower = t.toLowerCase();
  return (
    NAIVE_STEMS.some((s) => lower.includes(s)) ||
    NAIVE_WORDS.test(t) ||
    naiveNames.some((n) => lower.includes(n)) ||
    (c.request.post.images ?? []).some((i) => (i.depicts ?? []).length > 0) ||
    c.request.post.group != null
  );
}

/**
 * Blind files: written before anyone looked at how the engine answers them, and never tuned to. They measure
 * accuracy on unseen wording, so their misses are reported (in the summary) rather than failed one by one; the
 * file's verdict accuracy must not fall below what it first measured, so a regression still fails.
 */
// holdout4 first measured 72.5% (58/80); its misses were then fixed in general (it is training data now): the floor is what it reaches.
// holdout5 first measured 86.7% (104/120) at d5e0ff4, before anyone looked at its misses; they were then fixed in general
// (it is training data now) and it reaches 100%: the floor is that. holdout4 reaches 95.0% (76/80) after the same kinds of fixes.
// holdout6 first measured 91.7% (110/120) at fea26a6 with `clearpost check --jsonl`, before anyone looked at its misses; no
// allowed post was flagged. Its misses were then fixed in general (sneers without insult words, a call for change after the
// sentence it judges, Somali opinion cues, petty-theft how-tos, dismissal-time announcements, team logistics to players; the
// same kinds in other words in detectors/speech): it reaches 100% (120/120), the floor is that.
// holdout7 and holdout8 (120 each, written blind at the start of the session of 2026-12-07 03:20 by two helpers that read only the
// policy, rules.md, the contract, the shared examples, the corpus README's line shape and context.json) first measured
// 81.7% (98/120) and 79.2% (95/120) at f9ee398 with `clearpost check --jsonl`, flagging 5 allowed posts (Penistone, Wetwang,
// "Dick's in St. Cloud", "murder that hill", pointing to the district's own post). Their misses and false alarms were then fixed
// by cause, with cases in other words in the training files: both reach 100% (120/120), and holdout4 100% (80/80) with the
// same fixes; the floors are that.
// holdout9 and holdout10 (120 each, written blind at 03:35 on 2026-12-07 the same way, kept outside the repo) were measured at
// f9ee398 (82.5% and 83.3%, before this session's fixes) and once more at 57efc83 after them: 85.8% (103/120) and 85.0%
// (102/120), with the two allowed posts holdout10 flagged then listed below; after the general fixes of their misses both reach
// 100%, which is their floor now (training data).
// holdout11 and holdout12 (120 each, written blind at 04:45 the same way while holdout9/10's misses were being fixed, kept
// outside the repo) were measured once at c61cd6b, the last commit of that work: 90.8% (109/120) each, no allowed post flagged
// (at f9ee398, the session's start, the same files score 86.7% and 84.2%). The floors are those, rounded down.
// holdout13 and holdout14 (120 each, written blind at 05:11 the same way while holdout11/12's misses were being fixed; the
// holdout14 writer saw three rows of this README's file table by mistake) were measured once at c78179a with `clearpost check
// --jsonl`: 85.0% (102/120; three of its cases name photo files that do not exist, which the CLI answers with an error
// naming post.images[0].file; 87.5% (105/120) on the engine, as this test runs it) and 88.3% (106/120); at f9ee398 85.0% and
// 83.3%. The floors are this test's figures, rounded down; then 94% each after the fixes of their unprofessional-conduct,
// disclaimer, spokesperson and instructional misses (8 and 7 verdicts; the other kinds' misses are left to their own fixes);
// then 100% each after the fixes of their harassment, illegal-conduct and confidential misses and h13-095's false alarm.
// holdout15-18 (120 each, written blind on 2026-12-07 at 06:20-06:40 by four helpers with the same reading rules, kept outside
// the repo) were measured with `clearpost check --jsonl` at 4d78076 (the session's start): 86.7, 87.5, 85.8, 87.5%; at d9b7c39
// (the session's lexicon fixes): 86.7, 88.3, 85.8, 88.3% (419/480); at 09e0525 (with the backstop models, trained without
// them): 87.5, 88.3, 86.7, 90.8% (424/480), 3 allowed posts flagged (below). Training data from then on: the backstop models
// are retrained with them (this test's figures, 89.2, 89.2, 90.0, 93.3%, were the floors, rounded down). The general causes of
// their misses fixed (branch det: harassment, illegal conduct, confidential information, obscene language; branch speech:
// unprofessional conduct, spokesperson, disclaimer, district e-mail, premises photos), merged: 100% each (training data), the floors.
// holdout19 (120, 54 allowed; written blind at 11:30 on 2026-12-07 by a helper with the same reading rules, kept outside the
// repo while holdout15-18's misses were fixed) was measured with `clearpost check --jsonl` at f7bc3d3: 85.0% (102/120), and at
// bfe25e4, after those fixes: 86.7% (104/120), 1 allowed post flagged (h19-010). Training data from then on; the floor is
// this test's figure with the backstop models retrained on it, 90.0%.
// holdout20 (120, 54 allowed; written blind at 14:05 on 2026-12-07) was measured with `clearpost check --jsonl` at 6d44cb2: 89.2%
// (107/120), 1 allowed post flagged (h20-014), and at a07044a with the post models (trained without it): 92.5% (111/120). Training
// data from then on: the post and backstop models retrained with it, this test measures 98.3%; floor 90%.
// holdout22-24 (120 each; written at 14:32-14:45 on 2026-12-07; the writers of 23 and 24 saw, by a grep that printed too much,
// the README rows of holdout15-19, so they are nearly blind) were measured with `clearpost check --jsonl` at 6d44cb2 (before
// the post models): 91.7, 81.7, 82.5%; with the post models (trained with holdout20, and 22 for 23-24): 94.2, 87.5, 89.2%, no
// allowed post newly flagged. Training data from then on; the floors are this test's figures with the models retrained.
// Their misses then fixed by general cause (branch fix5: disclaimers, a closure the calendar lists, personnel hints, OSS/ISS, an
// address after a named student, text a photo's description quotes, levy facts, union contracts, families greeted ...): 100% each.
// holdout25-27 (120 each; written blind at 14:42-14:50 on 2026-12-07, the README read only to line 40) were measured with
// `clearpost check --jsonl` at 6d44cb2: 88.3, 83.3, 91.7%, and at 0a08833 (post models trained through holdout24): 90.8, 87.5,
// 95.8% (329/360), no allowed post newly flagged. Training data from then on; floors as above.
// holdout28-30 (120 each; written blind at 14:55-15:05) were measured at 6d44cb2: 90.0, 89.2, 92.5%, and with the post models
// trained through holdout27 (46e7b89; 28-29 also with cond-901..906): 91.7, 94.2, 94.2% (336/360). Two allowed posts of
// holdout28 were newly flagged by them (h28-041 'ONE mojito and i'm ready for bed', h28-102 condemning a 'Hmong go home' flyer).
// holdout31-34 (120 each; written blind at 15:13-15:20) were measured at 6d44cb2: 87.5, 87.5, 92.5, 91.7%, and with the post
// models trained through holdout30 and branch fix5 (3f5dc34 for 32, cc6fec0 for the others): 91.7, 92.5, 94.2, 93.3% (446/480),
// no allowed post newly flagged. Training data from then on; floors as above. Their misses then fixed by general cause (branch
// fix7: described students, grades, Spanish family records, admin leave, 'we've decided', Spanish registration, a date or path
// beside a district domain, family jokes, Vietnamese curses, 'cock-a-leekie' ...): 100% each but holdout32 (h32-004 open);
// holdout25-29's by branch fix6 (a student named before a pronoun, Spanish records, school dates moved, slurs quoted to report
// them, the author's own job, birds): 100% each.
// holdout21, 35, 36 (120 each; written blind on 2026-12-07, kept outside the repo) were measured with `clearpost check --jsonl`
// at 04226be: 95.8, 97.5, 94.2%; holdout37-39 (120 each, written blind the same way) at afb9b80: 95.8, 86.7, 97.5%. Training data
// from then on: the backstop and post models retrained with all six, this test measures 97.5, 98.3, 97.5, 97.5, 93.3, 98.3%; the
// floors were those, rounded down. Their residual misses then fixed by general cause (branch fix8: an authorized spokesperson's
// announcement the lexicons missed, a district share by 'RT @' or 'from the district's ... message', students told apart by
// a description, 'fvck', a needle's prick, hateful words reported or called a lie, 'I'll get you' help, a phone ban as a
// district topic): 100% each.
// holdout40-42 (120 each, written blind the same way) were measured with `clearpost check --jsonl` at 8085f34: 95.0, 95.0,
// 95.0%, and at 25b0d31 (after fix8): 95.8, 95.0, 95.0%. Training data from then on: the backstop and post models retrained
// with the three, this test measured 100, 97.5, 98.3% (first floors 1, 0.97, 0.98). Their residual misses then fixed by general
// cause (branch fix9: an authorized spokesperson's school moving 'to a new bell schedule after' a date or a groundbreaking 'on the
// new ... gym April 12', a student told apart by where they sit or their class period, 'he's failing', 'has to redo the whole
// semester', a diacritic in a profane word): 100% each.
// holdout43-45 (120 each, written blind the same way) were measured with `clearpost check --jsonl` at c995f1e: 93.3, 89.2,
// 94.2%, and at 9535451 (after fix9): 93.3, 90.0, 93.3%. Training data from then on: the backstop and post models retrained
// with the three, this test measured 98.3, 97.5, 98.3% (first floors 0.98, 0.97, 0.98). Their residual misses then fixed by
// general cause (branch fix10: a link to the district's own account or a 'From the district:' label credits it, 'details at'
// an event credits nothing, 'no school in <the district's town> tomorrow', a bus route's new pickup time in Spanish, an
// EpiPen call for 'the same 7th grader' then named, 'Oh good, another district email'): 100% each. Then the kinds of their blind
// misses in other words: 'still a little drunk', 'todavía borracha', a forged doctor's note, someone else's pills, 'slower than a glacier', 'isn't a plan, it's a band-aid', 'was a hot mess', 'We at Woodland apologize'.
// holdout46-48 (120 each, written blind the same way) were measured with `clearpost check --jsonl` at cce7bce and at ec9ae1a
// (after fix10): 96.7, 93.3, 98.3% both times. Training data from then on: the backstop and post models retrained with the
// three, this test measured 99.2, 98.3, 99.2% (first floors 0.99, 0.98, 0.99). Their residual misses then fixed by general
// cause (branch fix11: a path or patio 'stoned' with stone, a colleague 'on leave / out two weeks while they investigate', a
// weather closure told as 'Snow day tomorrow (Tue):' or 'all APS buildings closed', a roster student's suspension or
// detention told by the surname alone): 100% each.
// holdout49-51 (120 each, written blind the same way) were measured with `clearpost check --jsonl` at 0d74ce2: 97.5, 96.7,
// 93.3%. Training data from then on: the backstop and post models retrained with the three, this test measured 98.3, 96.7,
// 95.8% (first floors 0.98, 0.96, 0.95); no allowed post flagged. Their residual misses then fixed by general cause (branch
// fix12: 'a55hole' (a doubled digit for doubled letters), a view told as 'just doesn't work for the kids', 'is a blank check',
// 'I'm voting no', 'Disappointed the board cut ...', outsourcing a district service; a new rule that 'starts Jan 4 in every
// building', 'Discovery Middle will pilot ...', a spokesperson's 'Reminder from APS:' with no link; a student told apart by
// locker or jersey number, 'you're out through Wednesday', 'your parents got the call', a breach 'the district hasn't told
// parents' about; 'chugged a Monster'; 'he's gonna regret leaving' as missing out): 100% each.
// holdout52-54 (120 each, written blind the same way) were measured with `clearpost check --jsonl` at 25e4c2d: 95.8, 92.5,
// 91.7%. Training data from then on: the backstop and post models retrained with the three, this test measured 97.5, 96.7,
// 96.7% (first floors 0.97, 0.96, 0.96); 1 allowed post flagged (h54-032). Their residual misses then fixed by general cause
// (branch fix13: a spokesperson's make-up day, late start, 'in session tomorrow', an event's time moved 'instead of', a levy's ballot
// questions; a cut route or a device plan as a district topic, 'a money pit', 'Board, please listen'; 'one of our teachers' on leave
// while the district investigates; a photo of a roster or gradebook with names and records; a staff lounge): 100% each.
// Then the kinds of their misses the models had caught, in other words: 'feral little gremlins', 'reading is hard, I guess',
// a colleague's excuse in scare quotes, 'scrolls Pinterest at her desk', 'maskax ma leh', 'maybe if you ... you'd have friends',
// 'the softest freshman I've ever seen', 'bombed the ACT again, 17', 'hungover af', 'f— himself'; a counselor's or nurse's named
// student 'crying in my office'; 'I will die on this hill', 'nobody can tell me otherwise', 'the best-kept secret'.
// After both merged, holdout49 is at 119/120 (floor 0.99): h49-048 (a colleague photographed with cookies in the staff lounge,
// labelled coworker-image only) now also gets nonpublic-premises-image, because fix13 made a staff lounge a staff-only area
// as h53-110 labels it and as rules.md's 'a staff-only/restricted area' reads. The two blind writers disagree; rules.md decides.
// holdout58-60 (120 each, written blind the same way) were measured with `clearpost check --jsonl` at da0c624: 97.5, 98.3,
// 96.7%. Training data from then on: the backstop and post models retrained with the three, this test measured 100, 100, 97.5%
// (first floors 1, 1, 0.97); no allowed post flagged (h59-114, 'the new assessment platform ... Ask me how I know', flagged
// at the blind measurement, is allowed after retraining). Their residual misses then fixed by general cause (branch fix14: a named
// student 'fumbles more than a toddler', 'a waste of a roster spot' as bullying and not also mockery; 'Board approved the new
// transportation contract'; '@EchoPressNews to answer your question: ...'; a breach 'District hasn't announced' in the next
// sentence; doors 'propped open all day', cameras down, badge readers not working): 100% each. Then the kinds of their misses the
// models had caught, in other words: 'the termination of <name>'s contract', 'maybe read the schedule before you comment ... not
// that hard', 'raised in a barn', a class as 'a room full of little sh*ts', 'The audacity' after a student's doing.
// holdout61-63 (120 each, written blind the same way) were measured with `clearpost check --jsonl` at da0c624: 97.5, 97.5,
// 95.0%. Training data from then on: the backstop and post models retrained with the three, this test measured 98.3, 97.5,
// 97.5% (first floors 0.98, 0.97, 0.97); no allowed post flagged. Their residual misses then fixed by general cause (branch
// fix15: a named student's mark in a subject or as a letter change, a student's feeding tube even 'without' it, a safety plan
// for a student told apart by a family's news, a door code's new value in the next sentence, a master PIN at the factory
// default; 'some of you parents' as a crowd, not a person harassed; the schools' fees and a school event's schedule moved as
// district topics, 'would be a big mistake'; 'Responding to questions from <station>:' as answering for the district): 100% each.
// Then the kinds of their misses the models had caught, in other words: "you're a psycho" (the contraction), 'the whole
// bleacher section laughs at you', the staff mocked with an eye-roll, 'certified geniuses, all of them 🙄', 'a little something
// to take the edge off 🍃', a contract offer 'is an insult', 'can find money for X but not Y', 'we need a second school nurse',
// 'answering for the district'. Open: h62-027's student told apart as 'my 5th grader who just moved here from Laos' with
// 'losing his hearing' is still caught only by the confidential backstop ('my 5th grader' is also how parents name their own child).
// holdout64-66 (120 each, written blind the same way at 01:50 on 2026-12-08, while fix14 and fix15 ran) were measured with
// `clearpost check --jsonl` at da0c624 (95.0, 92.5, 98.3%) and, once, at 78ba967 after fix14 and fix15 were merged (96.7, 93.3,
// 98.3%; the session's final blind figures). Training data from then on, their misses not yet fixed by cause: the backstop and
// post models retrained with the three, this test measured 96.7, 96.7, 98.3% (first floors 0.96, 0.96, 0.98); no allowed post
// flagged (h65-092, 'Mi gato negro', flagged blind, is fixed: Spanish 'negro' after a noun it colours is in profanity-allow).
const BLIND: Record<string, number> = { holdout3: 0.82, holdout4: 1, holdout5: 1, holdout6: 1, holdout7: 1, holdout8: 1, holdout9: 1, holdout10: 1, holdout11: 0.9, holdout12: 0.9, holdout13: 1, holdout14: 1, holdout15: 1, holdout16: 1, holdout17: 1, holdout18: 1, holdout19: 0.99, holdout20: 1, holdout22: 1, holdout23: 1, holdout24: 1, holdout25: 1, holdout26: 1, holdout27: 1, holdout28: 1, holdout29: 1, holdout30: 1, holdout31: 1, holdout32: 0.99, holdout33: 1, holdout34: 1, holdout21: 1, holdout35: 1, holdout36: 1, holdout37: 1, holdout38: 1, holdout39: 1, holdout40: 1, holdout41: 1, holdout42: 1, holdout43: 1, holdout44: 1, holdout45: 1, holdout46: 1, holdout47: 1, holdout48: 1, holdout49: 0.99, holdout50: 1, holdout51: 1, holdout52: 1, holdout53: 1, holdout54: 1, holdout58: 1, holdout59: 1, holdout60: 1, holdout61: 1, holdout62: 1, holdout63: 1, holdout64: 0.96, holdout65: 0.96, holdout66: 0.98 };
/**
 * Allowed posts of a blind file that the engine already flagged at its first measurement (recorded, not hidden); any other
 * flagged allowed post fails. holdout4's h4-034 (a class's attendance trend read as a student record), holdout5's h5-015
 * ("Moby-Dick", a hyphenated title, read as profanity) and the five of holdout7/8 (Penistone, Wetwang, "Dick's in St. Cloud",
 * "gonna murder that hill", "I saw on the district's page that ... moved") are fixed: none left.
 */
// holdout10's two (the superintendent naming his role while announcing the board's calendar, read as an undisclosed
// spokesperson; a nurse pointing parents to a nicotine-vs-THC vape guide, read as drug use) are fixed too.
// holdout13's h13-095 (quoting 'Mexicans are animals', yelled at a family, in order to condemn it as 'Disgusting', read as group
// hate) is fixed too: 'yelling' reports the words, 'disgusting'/'vile' condemn them.
// holdout15's h15-003 (condemning 'go back where you came from' sprayed on a mosque, read as group hate: "that's anything but
// hate" now condemns), holdout16's h16-094 ("Dick's has Cardinals hoodies 40% off", the store opening a sentence) and h16-059
// (a disclaimer 'views here are mine, not my district's' not recognised) are fixed: none left.
// holdout19's h19-010 (Somali 'cunto badan', plenty of food, at a cousin's wedding, read as the vulgar word) was flagged at its
// first measurement; 'cunto', 'cuntada', 'cuntadii', 'cuntooyin' are now allowed words (lang-143..145).
// holdout20's h20-014 ('No school today so I'm at the orchard', on the MEA non-school day, read as a closure announcement) was
// flagged at its first measurement; a closure the district's calendar lists on the post's local day (or the next, for
// 'tomorrow') is now a public fact. holdout23's h23-068 ('spotted dick', a pudding) and h23-079 (general IEP advice), holdout24's
// h24-078 ('I'm not speaking for the district' read as speaking for it) and h24-089 ('(Just my own opinion!)' not a disclaimer)
// are fixed too. holdout31's h31-007 (a spokesperson 'on the communications team at' the district), holdout33's h33-096
// ('cock-a-leekie' soup), holdout34's h34-056 ('la voy a matar 😂 (es broma)' about a sister) and h34-081 ('opens March 1 at
// alexandria.k12.mn.us/register' read as an e-mail address) are fixed too.
// holdout25's h25-084 ('kys' named only to tell kids to screenshot and report it), holdout26's h26-015 ("Dick's in
// the mall has the Cardinals hoodies 40% off"), holdout29's h29-002 (a hateful note quoted to condemn it), h29-007 (the author's
// own job as 'a special education teacher') and h29-050 ('a cock pheasant', 'blue-footed boobies') are fixed too (fix6).
// holdout35's h35-082 (quoting 'the Jews control the media' from a flyer to call it an antisemitic lie), holdout36's h36-047
// ('RT @APS_206: ...', the district's own post shared), holdout37's h37-064 ('a tiny prick in the arm', a flu shot), holdout38's
// h38-094 (condemning 'go back where you came from' said to a child) and holdout39's h39-015 (a history teacher's blog on
// teaching the Holocaust) were flagged by this test when the six files joined (models retrained with them); all five are fixed
// (fix8: words someone 'got told' or a flyer 'claiming', quoted and called a lie, are reported; 'RT @handle:' shares a post;
// 'a prick in the arm' is a needle's; the tone model retrained with history lessons on propaganda).
// holdout42's h42-011 (a health teacher saying 'penis' and 'uterus' for a reproductive-system unit, read as obscene) was
// flagged by this test when the three files joined (models retrained with them); fixed (fix9: a body part's plain name in a
// health lesson or a doctor's visit is not obscene, unless it is thrown at someone).
// holdout43's h43-075 and holdout45's h45-090 (the district's own announcement quoted after 'From the district:' / 'From APS:'
// with a link to the full post, read as speaking for it) were flagged by this test when the three files joined; fixed (fix10:
// the label credits the district, and so does a link to one of its own accounts, context.district.districtAccounts).
// holdout46's h46-047 (a garden path 'finally stoned and edged', paved with stone, read as drug use) was flagged at its first
// measurement and by this test when the three files joined; fixed (fix11: a path, patio or wall 'stoned and edged' or
// 'stoned with flagstone' is laid with stone).
// holdout54's h54-032 (a note 'go back where you came from' left on the author's windshield, quoted to reject it: 'Hate like that
// has no home here') was flagged by this test when the three files joined (models retrained with them); fixed (fix13: 'hate has no
// home here' and 'no room for hate' condemn the words reported).
const BLIND_FLAGGED_AT_FIRST: Record<string, string[]> = { holdout19: ['h19-010'], holdout26: ['h26-013'], holdout27: ['h27-111'], holdout28: ['h28-041', 'h28-102'], holdout29: ['h29-102'], holdout33: ['h33-044'] };

const pct = (n: number, d: number): string => (d === 0 ? '   -  ' : `${((100 * n) / d).toFixed(1).padStart(5)}%`);

function summary(): string {
  const lines: string[] = [];
  let ok = 0;
  let exact = 0;
  const byFile = new Map<string, { n: number; ok: number; exact: number }>();
  const byRule = new Map<string, { tp: number; fp: number; fn: number }>(pack.rules.map((r) => [r.id, { tp: 0, fp: 0, fn: 0 }]));
  const verdicts = ['allow', 'revise', 'block', 'error'] as const;
  const confusion = new Map<string, number>();
  const misses: string[] = [];
  for (const { file, c } of corpus) {
    const o = outcome(c);
    const f = byFile.get(file) ?? { n: 0, ok: 0, exact: 0 };
    f.n++;
    const vOk = o.verdict === c.expect.verdict;
    const want = [...c.expect.rules].sort();
    const rOk = vOk && JSON.stringify(o.rules) === JSON.stringify(want);
    if (vOk) {
      ok++;
      f.ok++;
    }
    if (rOk) {
      exact++;
      f.exact++;
    }
    byFile.set(file, f);
    confusion.set(`${c.expect.verdict}>${o.verdict}`, (confusion.get(`${c.expect.verdict}>${o.verdict}`) ?? 0) + 1);
    for (const r of new Set([...want, ...o.rules])) {
      const s = byRule.get(r) ?? { tp: 0, fp: 0, fn: 0 };
      if (want.includes(r) && o.rules.includes(r)) s.tp++;
      else if (want.includes(r)) s.fn++;
      else s.fp++;
      byRule.set(r, s);
    }
    if (!rOk) {
      const missing = want.filter((r) => !o.rules.includes(r));
      const extra = o.rules.filter((r) => !want.includes(r));
      misses.push(`  ${c.id.padEnd(11)} want ${c.expect.verdict.padEnd(6)} got ${o.verdict.padEnd(6)}${missing.length ? ` missing ${missing.join(',')}` : ''}${extra.length ? ` extra ${extra.join(',')}` : ''}${o.error ? ` error ${o.error}` : ''}`);
    }
  }
  const n = corpus.length;
  const allowed = corpus.filter(({ c }) => c.expect.verdict === 'allow');
  const trapped = allowed.filter(({ c }) => naiveFlags(c));
  const naiveWrong = trapped.filter(({ c }) => outcome(c).verdict !== 'allow').length;
  lines.push('', `Corpus: ${n} cases in ${byFile.size} files; verdict accuracy ${pct(ok, n)} (${ok}/${n}), exact rule set ${pct(exact, n)} (${exact}/${n})`);
  lines.push(`  ${allowed.length} allowed cases; a naive keyword filter flags ${trapped.length} of them; the engine wrongly flags ${naiveWrong} of those`);
  lines.push('  file          cases  verdict   exact');
  for (const [file, f] of byFile) lines.push(`  ${file.padEnd(13)} ${String(f.n).padStart(5)}  ${pct(f.ok, f.n)}  ${pct(f.exact, f.n)}`);
  lines.push('  verdict confusion (rows: expected, columns: got)', `  ${''.padEnd(8)}${verdicts.map((v) => v.padStart(8)).join('')}`);
  for (const want of verdicts.slice(0, 3)) lines.push(`  ${want.padEnd(8)}${verdicts.map((got) => String(confusion.get(`${want}>${got}`) ?? 0).padStart(8)).join('')}`);
  lines.push('  rule                               expected   tp   fp   fn  recall precision');
  for (const [rule, s] of byRule) {
    lines.push(`  ${rule.padEnd(34)} ${String(s.tp + s.fn).padStart(8)} ${String(s.tp).padStart(4)} ${String(s.fp).padStart(4)} ${String(s.fn).padStart(4)}  ${pct(s.tp, s.tp + s.fn)}  ${pct(s.tp, s.tp + s.fp)}`);
  }
  if (misses.length > 0) lines.push(`  cases not matched exactly (${misses.length}):`, ...misses);
  return lines.join('\n');
}

describe('labelled corpus', () => {
  it('is large enough and covers every rule', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(260);
    // At least 110 allowed posts that a naive keyword filter would flag.
    expect(corpus.filter(({ c }) => c.expect.verdict === 'allow' && naiveFlags(c)).length).toBeGreaterThanOrEqual(110);
    const ids = corpus.map(({ c }) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of pack.rules.map((r) => r.id)) {
      expect(corpus.filter(({ c }) => c.expect.rules.includes(rule)).length, rule).toBeGreaterThanOrEqual(5);
    }
  });

  it('labels are consistent with the severities in the rule catalogue', () => {
    const severity = new Map(pack.rules.map((r) => [r.id, r.severity]));
    for (const { c } of corpus) {
      const sev = c.expect.rules.map((r) => severity.get(r));
      expect(sev, `${c.id} names an unknown rule`).not.toContain(undefined);
      const verdict = sev.includes('block') ? 'block' : sev.includes('revise') ? 'revise' : 'allow';
      expect(c.expect.verdict, c.id).toBe(verdict);
    }
  });

  for (const [file, floor] of Object.entries(BLIND)) {
    it(`${file} (blind): verdict accuracy at least its floor of ${(100 * floor).toFixed(0)}%, and no allowed post newly flagged`, () => {
      const cases = corpus.filter((x) => x.file === file).map((x) => x.c);
      expect(cases.length).toBeGreaterThan(0);
      const ok = cases.filter((c) => outcome(c).verdict === c.expect.verdict).length;
      expect(ok / cases.length).toBeGreaterThanOrEqual(floor);
      const known = BLIND_FLAGGED_AT_FIRST[file] ?? [];
      expect(cases.filter((c) => c.expect.verdict === 'allow' && outcome(c).verdict !== 'allow' && !known.includes(c.id)).map((c) => c.id)).toEqual([]);
    });
  }

  for (const file of files.map((f) => f.replace(/\.jsonl$/, '')).filter((f) => !(f in BLIND))) {
    describe(file, () => {
      for (const { c } of corpus.filter((x) => x.file === file)) {
        it(`${c.id}: ${c.note}`, () => {
          const o = outcome(c);
          expect(o.error, o.error).toBeUndefined();
          expect({ verdict: o.verdict, rules: o.rules }).toEqual({ verdict: c.expect.verdict, rules: [...c.expect.rules].sort() });
        });
      }
    });
  }

  it('overall verdict accuracy is at least 95% (blind files excluded)', () => {
    const seen = corpus.filter(({ file }) => !(file in BLIND));
    const ok = seen.filter(({ c }) => outcome(c).verdict === c.expect.verdict).length;
    expect(ok / seen.length).toBeGreaterThanOrEqual(0.95);
  });

  afterAll(() => {
    console.log(summary());
  });
});
