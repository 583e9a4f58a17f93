import { describe, expect, it } from 'vitest';
import { context, findingsOf, post } from '../../../test/support/kit.js';

const RULE = 'confidential-information';
const quotes = (text: string, ctx = context()) => findingsOf({ context: ctx, post: post(text) }, RULE).map((f) => (f.evidence as { quote: string }).quote);

describe(RULE, () => {
  it('blocks student records tied to an identifiable student', () => {
    const cases: Array<[string, string]> = [
      ['Big congrats to Maya Lopez for getting her GPA back above 3.0 this term!', 'GPA'],
      ['Jake in my 3rd hour failed his retake again', 'failed his'],
      ['A kid in my 3rd hour got suspended today for vaping', 'suspended'],
      ['Praying for Jake Peterson, his seizures are back', 'seizures'],
      ['My student Tyler finally qualified for an IEP', 'IEP'],
      ['Kyle Berglund has missed 20 days, the attendance office called again', 'missed 20 days'],
    ];
    for (const [text, quote] of cases) expect([text, quotes(text)[0]]).toEqual([text, quote]);
    expect(findingsOf({ context: context(), post: post(cases[0]![0]) }, RULE)[0]?.severity).toBe('block');
  });
  it('blocks identifiers: student numbers, SSNs, someone else’s phone or address', () => {
    expect(quotes('Can someone drop off a lunch for 204518?')).toEqual(['204518']);
    expect(quotes('SSN 123-45-6789 was on the form')).toEqual(['123-45-6789']);
    expect(quotes("Maya Lopez's mom's cell is 320-555-0142 if anyone needs to reach her")).toEqual(['320-555-0142']);
    expect(quotes('Sam Ortiz lives at 1408 Maple Street if you want to drop off the card')).toEqual(['1408 Maple Street']);
  });
  it('blocks personnel matters about colleagues', () => {
    expect(quotes('Sam Ortiz got written up again for being late')).toEqual(['got written up']);
    expect(quotes('Heard Coach Miller is on administrative leave')).toHaveLength(1);
  });
  it('blocks leave, investigations and non-renewals of an identifiable colleague, in English or Spanish', () => {
    for (const text of [
      'Hearing Coach Miller is on paid admin leave pending an investigation, wild week',
      'Sam Ortiz was placed on unpaid administrative leave yesterday',
      'Apparently Mrs. Berg got escorted out of the building this morning',
      'Mr. Dahl was walked out of the building today, no idea why',
      "Mr. Dahl's contract is not being renewed, I heard it from the office",
      'Al profe de química lo suspendieron y está bajo investigación',
    ]) {
      expect([text, quotes(text).length > 0]).toEqual([text, true]);
    }
    for (const text of [
      'I am on paid leave this week after my surgery, see you all Monday',
      'The board will vote on the administrative leave policy on Monday',
      'The field trip is pending approval from the office',
      'My lease was not renewed so we are moving in June',
    ]) {
      expect([text, quotes(text)]).toEqual([text, []]);
    }
  });
  it('allows general statements, public honors, the author’s own matters and public numbers', () => {
    for (const text of [
      'Our 10th graders improved their reading scores this year!',
      'Congrats to Maya Lopez on making the honor roll!',
      'Attendance at the fall concert was amazing',
      'I have been absent all week with the flu, thanks for the soup',
      'Questions? Call the district office at 320-762-2141',
      'Special education week: thank you to our amazing para team',
      'Grades are due Friday, wish me luck',
    ]) {
      expect([text, quotes(text)]).toEqual([text, []]);
    }
  });
  it('reads a class total or trend as no one\'s record, and a named student in a class as a record', () => {
    // What is measured opens the sentence ("Attendance in my 1st hour"): the class, not a student called Attendance.
    for (const text of [
      'Late-start Wednesdays are working. Attendance in my 1st hour is way up.',
      'Participation in my 6th hour has doubled since we moved to stations',
      'Tardies from my 1st hour are down 40% this month',
      'Behavior in my 4th hour has improved a lot since October',
      'Everyone in my 3rd hour failed the first quiz, so we are reteaching it',
      'Grades in my 2nd period are up across the board',
    ]) {
      expect([text, quotes(text)]).toEqual([text, []]);
    }
    // A first name before the class still singles out one student, on the roster or not.
    for (const text of ['Brayden in my 3rd hour got suspended again', 'Lawrence in my 1st hour has missed 12 days already', 'Jake in my 2nd period failed his retake']) {
      expect([text, quotes(text).length > 0]).toEqual([text, true]);
    }
  });
  it('blocks a named student\'s illness in everyday words, not a family member\'s or a project topic', () => {
    for (const text of ['Prayers for Maya Lopez, she has been out all week with pneumonia', 'Jake Peterson tested positive for COVID so he misses the meet', 'Maya L. is home with mono for two weeks']) {
      expect([text, quotes(text).length]).toEqual([text, 1]);
    }
    for (const text of ['My husband is home with the flu, soup night', 'Maya L. won the science fair with a project on how the flu spreads']) {
      expect([text, quotes(text)]).toEqual([text, []]);
    }
  });
  it('blocks a building\'s security gap and a breach the district has not disclosed, told in words', () => {
    for (const text of [
      'the east side doors are still just propped open all day',
      'The back entrance has been unlocked every night since break',
      'the hallway cameras at Lincoln have been down since October',
      'The badge readers on the gym entrance still aren\'t working',
      'about 300 staff email accounts were exposed. District hasn\'t announced it yet.',
    ]) {
      expect([text, quotes(text).length]).toEqual([text, 1]);
    }
    for (const text of [
      'The front doors are unlocked at 7:15 for breakfast',
      'My classroom door is propped open all day, the radiator is stuck',
      'Our doorbell camera has been down all week',
      'My card info was stolen and the bank still hasn\'t told me how',
      'Student data was exposed in the vendor hack; the district emailed every family today',
    ]) {
      expect([text, quotes(text)]).toEqual([text, []]);
    }
  });
  it("reads a named student's mark in a subject, a letter-grade change, a medical device and a safety plan as records", () => {
    const cases: Array<[string, string]> = [
      ['Shout out to Maya L. for getting her chem grade up before the quarter ends', 'her chem grade'],
      ['Jake Peterson went from a D to a B- in my class this term', 'from a D to a B-'],
      ['Jake Peterson is back at practice with his heart monitor', 'his heart monitor'],
      // 'Without' before a possessive still says it is theirs.
      ['Jake Peterson went out for recess without his inhaler again', 'his inhaler'],
      ['One of my juniors, the boy whose house burned down on 5th Street, is on a safety plan with me', 'on a safety plan'],
    ];
    for (const [text, quote] of cases) {
      expect([text, quotes(text)]).toEqual([text, [quote]]);
    }
    for (const text of [
      'Our 6th graders are working on their math grade-level standards',
      'I went from a D to a B+ in organic chemistry back in 2004',
      'The girl whose family runs the bakery brought donuts for the whole staff',
      'Our building put a safety plan in place for tornado season',
      'Jake Peterson walked to practice without his coat today',
    ]) {
      expect([text, quotes(text)]).toEqual([text, []]);
    }
  });
  it('blocks the termination or nonrenewal of a named colleague\'s contract, told as a noun', () => {
    for (const text of ["Closed session Thursday is about the termination of Sam Ortiz's contract", "the nonrenewal of Mr. Ortiz's teaching contract is on the agenda"]) {
      expect([text, quotes(text).length]).toEqual([text, 1]);
    }
    for (const text of ["Termination of Verizon's contract saved us $40 a month", "Non-renewal of my gym membership's contract was the best decision of 2026"]) {
      expect([text, quotes(text)]).toEqual([text, []]);
    }
  });
  it("reads a code's new value after its change and a master PIN left at the factory default as nonpublic", () => {
    expect(quotes("The workroom door code got changed. It's 1357 now.")).toEqual(["door code got changed. It's 1357"]);
    expect(quotes('Heads up, the override PIN is still the factory default 🙃')).toEqual(['override PIN is still the factory default']);
    for (const text of ['The door code got changed, ask the office for the new one', 'Change your phone PIN from the factory default, people!']) {
      expect([text, quotes(text)]).toEqual([text, []]);
    }
  });
});
