import { describe, expect, it } from 'vitest';
import { context, findingsOf, post } from '../../../test/support/kit.js';

const RULE = 'missing-disclaimer';
const noBio = { kind: 'personal' as const, bio: 'History buff 📜' };
const run = (text: string, account: object = noBio) => findingsOf({ context: context(), post: post(text, { account }) }, RULE);

describe(RULE, () => {
  it('asks for a disclaimer when a personal post gives a view about the district', () => {
    for (const text of [
      'Late-start Wednesdays are a great idea by APS and more teachers should get behind them.',
      'The school board needs to reconsider these budget cuts before it is too late',
      'Honestly I think the new phone policy at Jefferson High School is a huge mistake',
      'Vote yes on the levy! Our schools need it.',
      'In my opinion the district is out of touch with teachers',
    ]) {
      const fs = run(text);
      expect([text, fs.length]).toEqual([text, 1]);
      expect(fs[0]?.severity).toBe('revise');
      const e = fs[0]!.evidence as { start: number; end: number; quote: string };
      expect(text.slice(e.start, e.end)).toBe(e.quote);
    }
  });
  it('is satisfied by a disclaimer in the post or the profile', () => {
    expect(run('The school board needs to reconsider these budget cuts. Views are my own.')).toEqual([]);
    expect(run('The school board needs to reconsider these budget cuts', { kind: 'personal', bio: 'Teacher. Opinions my own.' })).toEqual([]);
    expect(run('The school board needs to reconsider these budget cuts', { kind: 'personal', bio: 'My views, not my employer’s' })).toEqual([]);
  });
  it('does not ask for one on facts, pride, own promotion, off-topic opinions or district accounts', () => {
    for (const text of [
      'So proud of our robotics team at the regional tonight!',
      'Such a fun winter concert tonight 🎶',
      "Happy to share that I've been named Social Studies Department Chair at Jefferson High School",
      'Jefferson High School plays Brainerd at 7 tonight',
      'I think the Vikings should fire their coach',
      'Pineapple on pizza is a great idea and you should try it',
    ]) {
      expect([text, run(text)]).toEqual([text, []]);
    }
    expect(run('The school board needs to reconsider these budget cuts', { kind: 'district' })).toEqual([]);
  });
  it('reads praise of a district leader, policy or program as a view, in English and Spanish', () => {
    for (const text of [
      "Jefferson High School's new principal is a breath of fresh air",
      'Finally someone in the district office who actually listens to teachers',
      'The new bell schedule at Discovery is so much better than the old one',
      'Standards-based grading has been a game changer at Lincoln Elementary',
      'Our superintendent is clueless about what happens in a classroom',
      'La nueva política de celulares en JHS es lo mejor que ha pasado en años',
      'El nuevo horario de APS es un desastre',
      'Me encanta la nueva directora de Woodland Elementary',
      'El distrito debería escuchar a los maestros',
    ]) {
      expect([text, run(text).length]).toEqual([text, 1]);
    }
    for (const text of [
      'Fall break was a breath of fresh air, back at it Monday',
      'My new running shoes are so much better than the old ones',
      'This air fryer has been a game changer for weeknight dinners',
      'Los chavos de JHS ganaron el campeonato, ¡qué orgullo!',
      'La comida de mi abuela es lo mejor que hay',
      'Me encanta la nueva receta de tamales',
    ]) {
      expect([text, run(text)]).toEqual([text, []]);
    }
  });
  it('reads a judgement (praise or criticism) in a sentence about how the district is run as a view', () => {
    for (const text of [
      'The new math curriculum at Discovery is a huge upgrade',
      'The district\'s new grading policy makes zero sense',
      'Not a fan of the new bell schedule at JHS',
      'Whoever picked this new dress code has never met a teenager',
      'Really disappointed in how the board handled the budget vote last night',
      'Our principal is the best leader I\'ve ever worked for',
      'No me gusta nada el nuevo horario de Discovery',
      'La junta escolar no tiene idea de lo que pasa en los salones',
      'Estoy muy decepcionada con la junta escolar',
    ]) {
      expect([text, run(text).length]).toEqual([text, 1]);
    }
    // A judgement beside a school's name alone celebrates; a question or the author's own not knowing is no view.
    for (const text of [
      'Great game tonight, Cardinals!',
      'The fall concert at JHS was fantastic, so proud of these musicians',
      'I have no idea what the new schedule is, can someone send it?',
      'Does the new bell schedule make sense to anyone?',
      'I\'ve never been in the new Woodland gym, can\'t wait to see it',
      'Big fan of pumpkin spice season 🎃',
      'Our principal is retiring after 30 years, so grateful for her',
      '¡Qué orgullo ver a los chavos de JHS en el concierto!',
    ]) {
      expect([text, run(text)]).toEqual([text, []]);
    }
  });
  it('reads critical predicates, "deserve better" and Spanish opinion cues as views', () => {
    for (const text of [
      'The board\'s decision to cut the JHS librarian is short-sighted',
      'Moving Discovery to a 7:20 start is misguided',
      'Our Woodland Elementary EL kids deserve better than a closet for a classroom',
      'En mi opinión, APS necesita más maestros bilingües',
      'Los programas de arte en APS no reciben suficiente apoyo',
    ]) {
      expect([text, run(text).length]).toEqual([text, 1]);
    }
    for (const text of ['These JHS seniors deserve every bit of this state title', 'Our kids deserve better sleep, put the phones down', 'En mi opinión el mejor taco es al pastor']) {
      expect([text, run(text)]).toEqual([text, []]);
    }
  });
  it('reads a sentence that bullies a named student as harassment, not as a view needing a disclaimer', () => {
    const text = 'Jake Peterson fumbles more than a toddler. Kid is a waste of a roster spot 🙄';
    expect(run(text)).toEqual([]);
    expect(findingsOf({ context: context(), post: post(text, { account: noBio }) }, 'harassment-or-threat').length).toBeGreaterThan(0);
  });
  it("reads the schools' fees and a school schedule moved as district topics, and 'would be a big mistake' as a view", () => {
    for (const text of ['Raising participation fees would be a big mistake', 'Moving all the home games to Thursdays was a mistake', 'Pay-to-play is a bad idea.']) {
      expect([text, run(text).length]).toEqual([text, 1]);
    }
    for (const text of ['Moving my book club to Thursdays was a mistake 😂', 'Participation fees are due Friday', 'Raising my rent would be a big mistake, landlord.']) {
      expect([text, run(text)]).toEqual([text, []]);
    }
  });
  it("reads 'is an insult' of a contract offer, 'can find money for X but not Y' and a demand for more school nurses as views", () => {
    for (const text of ["The contract offer is an insult to every para", 'The district can always find money for consultants but never for classrooms', 'We need a second school nurse at Discovery, full stop.']) {
      expect([text, run(text).length]).toEqual([text, 1]);
    }
    for (const text of ['Being called a good cook is an insult? lol', 'We can find money for a couch but not for a trip', 'We need another school nurse appreciation day!']) {
      expect([text, run(text)]).toEqual([text, []]);
    }
  });
});
