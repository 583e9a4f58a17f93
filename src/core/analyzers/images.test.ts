import { describe, expect, it } from 'vitest';
import type { Context, Post, PostImage } from '../../contracts/check.js';
import { context, NOW, pack, post } from '../../../test/support/kit.js';
import { Analysis } from '../analysis.js';
import { compileContext } from '../context.js';
import { imageFacts } from './images.js';

const facts = (images: PostImage[], ctx: Context = context(), over: Partial<Post> = {}) => imageFacts(new Analysis(post('x', { images, ...over }), compileContext(ctx), pack, NOW));
const face = (x: number, size: number, score = 0.9) => ({ box: [x, 0, size, size] as [number, number, number, number], score });

describe('images', () => {
  it('resolves declared people against the roster, each id once', () => {
    const [f] = facts([{ depicts: ['S200', 'E101', 'S200', 'E100', 'X1', { kind: 'other', name: 'my neighbor' }, { kind: 'unknown' }] }]);
    expect(f?.people).toEqual([
      { id: 'S200', name: 'Maya Lopez', kind: 'student' },
      { id: 'E101', name: 'Sam Ortiz', kind: 'employee' },
      { id: 'E100', name: 'Dana Whitfield', kind: 'employee' },
      { id: 'X1', kind: 'unknown', unknownId: true },
      { kind: 'other', name: 'my neighbor' },
      { kind: 'unknown' },
    ]);
  });

  it('leaves ids unresolved without a roster, except the author', () => {
    const [f] = facts([{ depicts: ['S200', 'E100'] }], {});
    expect(f?.people).toEqual([
      { id: 'S200', kind: 'unresolved' },
      { id: 'E100', kind: 'employee' },
    ]);
  });

  it('reports the faces left after the most prominent ones are given to the declared people', () => {
    const [f] = facts([{ depicts: ['S200', 'E101'], detected: { faces: [face(0, 10), face(20, 50), face(80, 40), face(130, 5, 0.3)] } }]);
    expect(f?.extraFaces).toEqual([[0, 0, 10, 10]]);
  });

  it('has nothing to say about posts without images', () => {
    expect(facts([])).toEqual([]);
    expect(facts([], context(), { images: undefined })).toEqual([]);
  });
});
