import { describe, expect, it } from 'vitest';
import { context, findingsOf, post } from '../../../test/support/kit.js';

const RULE = 'harassment-or-threat';
const quotes = (text: string) => findingsOf({ context: context(), post: post(text) }, RULE).map((f) => (f.evidence as { quote: string }).quote);

describe(RULE, () => {
  it('blocks threats, bullying, accusations and hate aimed at people', () => {
    const cases: Array<[string, string]> = [
      ["Kyle Berglund, park your pickup in front of my bus one more time and you will regret it. That's a promise.", 'one more time and you will'],
      ["That ref from Osakis better watch his back, I know where you live", 'better watch his back'],
      ['If that parent emails me one more time I am going to find her and make her regret it', 'I am going to find her'],
      ['Sam Ortiz is a total idiot and everyone in the band room knows it', 'is a total idiot'],
      ['Heads up: Coach Miller has been skimming money from the booster club for years', 'has been skimming'],
      ['Immigrants are vermin and ruining our town', 'Immigrants are vermin'],
      ['Someone should punch that kid in the face, seriously', 'Someone should punch that'],
      ['Our new principal is so incompetent it hurts', 'is so incompetent'],
    ];
    for (const [text, quote] of cases) expect([text, quotes(text)[0]]).toEqual([text, quote]);
    expect(findingsOf({ context: context(), post: post(cases[0]![0]) }, RULE)[0]?.severity).toBe('block');
  });
  it('leaves idioms, negation, sports talk and condemnation alone', () => {
    for (const text of [
      'We killed it tonight! So proud of the Cardinals choir',
      'This grading will kill me. 140 essays to go',
      'Shoot for the stars, seniors! Graduation is Friday',
      "Let's beat the Tigers on Friday!",
      'We are going to crush the competition at state',
      "I'd kill for a snow day right now",
      'Knock em dead at the audition tomorrow, Maya!',
      'Break a leg to the cast of Oklahoma!',
      'Someone wrote "go back to your country" on a locker today. That is unacceptable and we reported it.',
      "I don't hate anyone, I just disagree with the levy",
      'Proud to be a gay teacher and a Cardinal',
      'Our students are amazing, you will love this year',
      "You'll kill it at the science fair!",
      'My feet are killing me after the walkathon',
      'The Vikings are going to destroy the Packers on Sunday',
    ]) {
      expect([text, quotes(text)]).toEqual([text, []]);
    }
  });
  it('blocks a superlative insult aimed at a named person, not praise or a bad game', () => {
    expect(quotes('Jake Peterson is the laziest, most worthless kid in the building. Good luck, loser.')[0]).toBe('is the laziest, most worthless kid');
    expect(quotes('Ms. Jensen at the DMV is the rudest, most useless person I have ever dealt with')[0]).toBe('is the rudest, most useless person');
    for (const text of ['Jake Peterson is the best kid I have ever coached', "Saturday's game was the worst officiating I have seen", 'Our team was the worst team in the conference two years ago and look at us now']) {
      expect([text, quotes(text)]).toEqual([text, []]);
    }
  });
  it('blocks conditional threats, dehumanising a protected group and a theft accusation in new wording', () => {
    const cases: Array<[string, string]> = [
      ['Gary, park in my spot one more time and I swear they will be pulling your truck out of the lake in pieces', 'in pieces'],
      ['Touch my classroom supplies again and I will punch you, not kidding', 'I will punch you'],
      ['If that guy keeps texting my wife, mark my words he will end up in the hospital', 'in the hospital'],
      ['Next time you cut me off in the pickup line you will be sorry, I promise', 'you will be sorry'],
      ['Somalis are a plague on this town and everyone knows it', 'Somalis are a plague'],
      ['Immigrants are nothing but parasites living off our taxes', 'Immigrants are nothing but parasites'],
      ['Trans people are a disease on society', 'Trans people are a disease'],
      ['FYI Sam Ortiz steals snacks from the concession stand every game', 'steals snacks from the'],
    ];
    for (const [text, quote] of cases) expect([text, quotes(text)[0]]).toEqual([text, quote]);
  });
  it('leaves accidents, sympathy, condemnation and harmless comparisons alone', () => {
    for (const text of [
      'If you drop the box, the vase arrives in pieces. Ask me how I know',
      "One more flight of stairs and I'll be in the hospital, these knees are done",
      'If you ever need a ride to the hospital, call me, I mean it',
      'When you find out what happens in the last chapter you will cry',
      'Stop treating refugees like animals, they are people',
      'Calling immigrants vermin is dehumanizing and wrong',
      'Women are cancer survivors, fighters and mothers. Pink out night was amazing',
      'My students are animal lovers, so the zoo trip was perfect',
      'Our 4-H kids showed their pigs at the county fair today 🐖',
      'Muslims in our town are breaking their fast together tonight, everyone is welcome',
      'I stole a cookie from the tray, sorry not sorry',
    ]) {
      expect([text, quotes(text)]).toEqual([text, []]);
    }
  });
  it('blocks menace without a condition and exclusion of a protected group', () => {
    const cases: Array<[string, string]> = [
      ["Whoever keyed my car in the JHS lot, I'm coming for you", "I'm coming for you"],
      ['You better hope I never see you in that parking lot again', 'You better hope I never'],
      ['That ref needs to be slapped, honestly', 'needs to be slapped'],
      ['Keep talking trash about my kid and see what happens', 'and see what happens'],
      ["Muslims don't belong in this country", "Muslims don't belong in this country"],
      ['Honestly these illegals are stealing our jobs', 'illegals are stealing our jobs'],
      ['Somalis ruin every neighborhood they move into', 'Somalis ruin every neighborhood'],
      ["Gay people shouldn't be around kids, period", "Gay people shouldn't be around kids"],
    ];
    for (const [text, quote] of cases) expect([text, quotes(text)[0]]).toEqual([text, quote]);
  });
  it('leaves sports trash talk, kind advice and condemnation of exclusion alone', () => {
    for (const text of [
      "Watch out Osakis, we're coming for you 🏀",
      'Keep practicing and see what happens!',
      "Keep doing what you're doing and see what happens, proud of you",
      'My carpet needs a good beating after the puppy',
      'Immigrants don\'t belong in cages',
      "Saying Muslims don't belong in this country is racist and wrong",
      'The refugee families need to leave by 3 for the bus, so conferences start at 2',
      'Women are the same as men in my classroom: capable',
      'Nobody here thinks immigrants are criminals',
    ]) {
      expect([text, quotes(text)]).toEqual([text, []]);
    }
  });
  it('blocks a named student mocked as worse than a small child, or as a waste of a roster spot; not the author, family or things', () => {
    const cases: Array<[string, string]> = [
      ['Jake Peterson fumbles more than a toddler', 'fumbles more than a toddler'],
      ['Maya Lopez swims slower than my grandma, yikes', 'swims slower than my grandma'],
      ['Jake Peterson is a waste of a roster spot', 'is a waste of a roster spot'],
    ];
    for (const [text, quote] of cases) expect([text, quotes(text)[0]]).toEqual([text, quote]);
    for (const text of [
      'I throw like a toddler, the 3rd graders love it',
      'My granddaughter Ava throws like a toddler because she is one',
      'Drafting a second kicker was a waste of a roster spot',
      'This old printer is a waste of a perfectly good desk',
    ]) {
      expect([text, quotes(text)]).toEqual([text, []]);
    }
  });
  it("reads 'some of you', 'all of you' and 'you parents' as a crowd addressed, not a person bullied", () => {
    for (const text of ['Some of you parents need to quit coaching from the bleachers', 'Some of you asked if I would quit coaching. Nope!', 'All of you need to quit scrolling and go outside']) {
      expect([text, quotes(text)]).toEqual([text, []]);
    }
  });
  it("reads 'you're a lunatic' (the contraction) and 'the whole gym laughs at you' as bullying, not laughing with someone", () => {
    expect(quotes("Kelsey, you're a lunatic and you know it")).toEqual(["you're a lunatic"]);
    expect(quotes('Jake, the whole student section laughs at you')).toEqual(['the whole student section laughs at you']);
    for (const text of ['When you miss a note the whole gym laughs with you, not at you', "You're a lifesaver and the whole staff loves you"]) {
      expect([text, quotes(text)]).toEqual([text, []]);
    }
  });
});
