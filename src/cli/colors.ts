// Terminal colours for the CLI: on only when the stream is a terminal (or FORCE_COLOR asks),
// never in pipes, files or CI logs, and off whenever NO_COLOR is set (https://no-color.org).
import pc from 'picocolors';

export type Colors = ReturnType<typeof pc.createColors>;

export function colorsFor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): Colors {
  return pc.createColors(wantsColor(stream, env));
}

export function wantsColor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR === '0' || env.FORCE_COLOR === 'false') return false;
  if (env.FORCE_COLOR !== undefined) return true;
  return stream.isTTY === true && env.TERM !== 'dumb';
}
