// Criticism of a thing (a policy, a plan, a schedule) that points at no one is an opinion, never harassment by the model alone.
import { describe, expect, it } from 'vitest';
import { context, findingsOf, NOW, pack, post } from '../../../test/support/kit.js';
import { Analysis } from '../analysis.js';
import { compileContext } from '../context.js';
import { span } from './text.js';
import { criticisesThingOnly } from './thing-criticism.js';

const whole = (text: string): boolean => criticisesThingOnly(new Analysis(post(text), compileContext(context()), pack, NOW), span(text, 0, text.length));

describe('criticisesThingOnly', () => {
  it('says yes for a judged policy, plan or schedule that names no one', () => {
    for (const t of [
      "The board's new cell phone policy is a joke and everyone knows it.",
      'This levy proposal is garbage and the board knows it.',
      'Honestly the new bell schedule is a disaster.',
      "The superintendent's budget plan is a total mess.",
    ])
      expect(whole(t), t).toBe(true);
  });

  it('says no when the sentence also points at a person, or its subject is not a thing', () => {
    for (const t of [
      "The new principal's plan is garbage and so is she.",
      'This policy is a joke, whoever wrote it should be fired.',
      'The new schedule is a mess and you people made it.',
      'Mr. Olson is a joke.',
      'My 3rd hour is a joke.',
      "Coach's new rule is dumb and he knows it.",
    ])
      expect(whole(t), t).toBe(false);
  });

  it('keeps such a post from harassment while it still needs a disclaimer', () => {
    const p = post("The board's new cell phone policy is a joke and everyone knows it.", { account: { kind: 'personal', handle: 'x', bio: '' } });
    expect(findingsOf({ post: p, context: context() }, 'harassment-or-threat')).toEqual([]);
    expect(findingsOf({ post: p, context: context() }, 'missing-disclaimer').map((f) => f.undecided ?? false)).toEqual([false]);
  });
});
