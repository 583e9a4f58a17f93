import { describe, expect, it } from 'vitest';
import type { Authorization } from '../../contracts/check.js';
import { context, findingsOf, post } from '../../../test/support/kit.js';

const RULE = 'unauthorized-spokesperson';
const spokes: Authorization = { type: 'spokesperson', employee: 'E100', grantedBy: 'superintendent', validFrom: '2026-07-01', validUntil: '2027-06-30' };
const run = (text: string, authorizations: Authorization[] = [], over = {}) => findingsOf({ context: context({ authorizations }), post: post(text, over) }, RULE);

describe(RULE, () => {
  it('blocks announcing district decisions as news without authorization', () => {
    for (const text of [
      'Jefferson High School will be closed tomorrow because of the water main break',
      'No school tomorrow for all Alexandria schools, stay warm!',
      'Discovery Middle School is adding a Spanish immersion track next fall',
      'On behalf of the district, thank you to every family who came out',
      'The board voted to move graduation to the arena this year',
    ]) {
      const fs = run(text);
      expect([text, fs.length]).toEqual([text, 1]);
      expect(fs[0]?.severity).toBe('block');
    }
  });
  it('allows an authorized spokesperson, the district account, and sharing the district’s own announcement', () => {
    const text = 'Jefferson High School will be closed tomorrow because of the water main break';
    expect(run(text, [spokes])).toEqual([]);
    expect(run(text, [], { account: { kind: 'district' } })).toEqual([]);
    expect(run('The district just announced that Jefferson High School will be closed tomorrow. Details on their page.')).toEqual([]);
    expect(run(text, [], { sharedFrom: 'https://www.facebook.com/AlexandriaPublicSchools/posts/1' })).toEqual([]);
    expect(run('Per the district, all schools will be closed tomorrow.')).toEqual([]);
  });
  it('does not accept an expired authorization', () => {
    expect(run('Jefferson High School will be closed tomorrow', [{ ...spokes, validUntil: '2026-09-01' }])).toHaveLength(1);
  });
  it('leaves ordinary talk about school alone', () => {
    for (const text of ['If school is closed tomorrow I am sleeping in', 'Will school be closed tomorrow? Fingers crossed', 'My favorite coffee shop is closed on Mondays', 'Our team is heading to state!']) {
      expect([text, run(text)]).toEqual([text, []]);
    }
  });
  it('is undecided when authorizations are not known', () => {
    const fs = findingsOf({ context: { district: context().district }, post: post('Jefferson High School will be closed tomorrow') }, RULE);
    expect(fs.map((f) => f.undecided)).toEqual([true]);
  });
  it('treats rescheduled school events and scheduled drills or early releases as district news', () => {
    for (const text of ['The Discovery vs. Osakis game has been rescheduled to next Thursday', 'Lincoln Elementary will have an early release day on Friday', 'Discovery Middle School will hold a lockdown drill Wednesday morning']) {
      expect([text, run(text).length]).toEqual([text, 1]);
    }
    for (const text of ['Our family game night has been postponed to next week', 'We will have a half day Friday so I am taking the kids to the lake']) {
      expect([text, run(text)]).toEqual([text, []]);
    }
  });
  it('blocks a district decision stated as settled fact, not hearsay, hopes, own plans or a credited announcement', () => {
    // [post, the change the evidence quotes]
    for (const [text, change] of [
      ['Confirmed: APS is switching every student to iPads next fall', 'switching'],
      ["It's official! Jefferson High School is moving to a block schedule next year.", 'moving'],
      ['I can confirm Discovery Middle School is dropping the late bus next semester', 'dropping'],
      ['Breaking: the district has decided to outsource the bus routes starting in August', 'decided'],
    ] as const) {
      const fs = run(text);
      expect([text, fs.length]).toEqual([text, 1]);
      expect([text, (fs[0]?.evidence as { quote: string }).quote]).toEqual([text, expect.stringContaining(change)]);
      expect(fs[0]?.severity).toBe('block');
    }
    for (const text of [
      'Rumor is APS is switching to iPads next fall, anyone heard?',
      'Confirmed: APS is switching to iPads? Asking for my son',
      "It's official: I'm moving to 2nd grade at Lincoln next fall!",
      'Breaking: the Cardinals are going to state!',
      'Officially tenured as of today! Thank you to my Lincoln family',
      'Confirmed with the district office: our new bus driver starts Monday, welcome Pat!',
      'Next fall my daughter starts kindergarten at Woodland Elementary 😭',
    ]) {
      expect([text, run(text)]).toEqual([text, []]);
    }
    const text = 'Confirmed: APS is switching every student to iPads next fall';
    expect(run(text, [spokes])).toEqual([]);
    expect(run(`${text}, per the district's email`)).toEqual([]);
  });
  it('blocks inside knowledge of a coming district change, not inside jokes', () => {
    for (const text of [
      'Hearing from the board tonight that teacher cuts are coming, 12 positions at Jefferson High School.',
      "Can't say much yet but APS will be announcing layoffs next week",
      'Just got out of the admin meeting and Discovery Middle School is getting a new principal in January',
    ]) {
      const fs = run(text);
      expect([text, fs.length]).toEqual([text, 1]);
    }
    for (const text of [
      'Heard from the district office that the copier is fixed, hallelujah',
      "I can't say much yet but big news coming for our family 🍼",
      'Off the record, my garden is winning the county fair this year',
    ]) {
      expect([text, run(text)]).toEqual([text, []]);
    }
  });
  it("blocks a board's vote on a district service contract and an answer to a news outlet about the district's staff", () => {
    for (const text of [
      'Board approved the new transportation contract tonight. No changes for families next year.',
      'Board just adopted the substitute staffing contract, agency subs start in January.',
      '@EchoPressNews to answer your question: yes, about 300 staff email accounts were exposed.',
      '@KSAXnews since you asked: yes, teachers get the new contract offer next week.',
    ]) {
      expect([text, run(text).length]).toEqual([text, 1]);
    }
    for (const text of [
      'The county board approved the new transportation contract for the senior van',
      'Church board approved the new food service contract for Wednesday suppers',
      "@EchoPressSports to answer your question: yes, I'll be on the radio call Friday",
      '@EchoPressNews since you asked: yes, the lake ice was 14 inches this morning',
    ]) {
      expect([text, run(text)]).toEqual([text, []]);
    }
  });
  it("reads a reply heading the post to a station's or a paper's questions, about the district, as answering for it", () => {
    for (const text of ['Responding to questions from KSAX: the district has received the audit report.', 'Answering a few questions from the Echo Press: APS has finished its bus route review.']) {
      expect([text, run(text).length]).toEqual([text, 1]);
    }
    for (const text of ['Responding to questions from my neighbors: the city pool opens Monday', 'Answering questions from friends: yes, I still teach at Jefferson High School!']) {
      expect([text, run(text)]).toEqual([text, []]);
    }
  });
  it("reads 'answering for the district' as speaking for it, not when it is denied", () => {
    expect(run('Answering for the district since nobody else will: Jefferson High School will hold two town halls in October')).toHaveLength(1);
    for (const text of ["I can't answer for the district, but I'm voting yes on the levy", 'Nobody is talking for the district on this, ask the board']) {
      expect([text, run(text)]).toEqual([text, []]);
    }
  });
});
