import { describe, expect, it } from 'vitest';
import { colorsFor, wantsColor } from './colors.js';

const tty = { isTTY: true } as NodeJS.WriteStream;
const pipe = { isTTY: false } as NodeJS.WriteStream;

describe('CLI colours', () => {
  it('colour a terminal, never a pipe, even when CI is set', () => {
    expect(wantsColor(tty, {})).toBe(true);
    expect(wantsColor(pipe, {})).toBe(false);
    expect(wantsColor(pipe, { CI: 'true' })).toBe(false);
    expect(colorsFor(pipe, { CI: 'true' }).bold('x')).toBe('x');
  });
  it('obey NO_COLOR, FORCE_COLOR and a dumb terminal', () => {
    expect(wantsColor(tty, { NO_COLOR: '1' })).toBe(false);
    expect(wantsColor(pipe, { FORCE_COLOR: '1' })).toBe(true);
    expect(wantsColor(tty, { FORCE_COLOR: '0' })).toBe(false);
    expect(wantsColor(tty, { TERM: 'dumb' })).toBe(false);
    expect(colorsFor(tty, {}).bold('x')).toBe('\u001b[1mx\u001b[22m');
  });
});
