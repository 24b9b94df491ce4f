/**
 * What a `sleep` command line really waits (rule book H6), for the two `sleep` programs found in
 * container images. Sources (docs/research.md, "sleep forms"):
 * - GNU coreutils `sleep`: every operand is a number (fractions and exponents allowed) with an optional `s`, `m`,
 *   `h` or `d` suffix, or `inf`/`infinity` (any case); the operands are added up. An invalid operand,
 *   or none, makes it print usage and exit 1 before sleeping at all.
 * - BusyBox `sleep` (coreutils/sleep.c, "fancy" build, the default): operands with `s`/`m`/`h`/`d`
 *   are added up the same way, but only a *first* operand that starts with `inf` (any case, so
 *   `info` too) sleeps forever; an invalid operand makes it exit with an error at once.
 */

export type SleepFamily = 'GNU coreutils' | 'BusyBox';

export interface SleepResult {
  /** Seconds slept; `Infinity` for `sleep inf`. */
  seconds: number;
  /** False when an operand is only known at run time (`$DELAY`). */
  exact: boolean;
  /** True when `sleep` exits with an error at once (bad or missing operand): no delay. */
  fails: boolean;
}

const SUFFIX: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 };
const NUMBER = /^\+?(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/;
/**
 * GNU reads each number with strtod (coreutils `xstrtod`), which also takes an exponent: `sleep
 * 5e-1` sleeps half a second (measured by the conformance lab, docs/conformance.md). BusyBox does not.
 */
const GNU_NUMBER = /^\+?((?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)([smhd]?)$/;
const INFINITE = /^\+?inf(inity)?$/i;

/** One operand in seconds; Infinity for `inf`; undefined when `sleep` rejects it. */
function operand(arg: string, family: SleepFamily): number | undefined {
  if (INFINITE.test(arg)) return family === 'GNU coreutils' ? Infinity : undefined;
  const match = (family === 'GNU coreutils' ? GNU_NUMBER : NUMBER).exec(arg);
  return match ? Number(match[1]) * SUFFIX[match[2]!]! : undefined;
}

/**
 * The operands of one `sleep` invocation (without the program name). `shell` says whether a shell
 * expanded them first, so `$DELAY` stands for an unknown value instead of the literal text.
 */
export function sleepOperands(args: string[], family: SleepFamily, shell: boolean): SleepResult {
  const operands = args[0] === '--' ? args.slice(1) : args;
  if (operands.length === 0) return { seconds: 0, exact: true, fails: true };
  // BusyBox checks the first operand for `inf` before anything else.
  if (family === 'BusyBox' && /^inf/i.test(operands[0]!)) return { seconds: Infinity, exact: true, fails: false };
  let seconds = 0;
  let exact = true;
  for (const arg of operands) {
    // A shell expansion (`$DELAY`, `"${DELAY:-5}"`) has a value only known at run time.
    if (shell && arg.includes('$')) {
      exact = false;
      continue;
    }
    const value = operand(arg, family);
    if (value === undefined) return { seconds: 0, exact: true, fails: true };
    seconds += value;
  }
  return { seconds, exact, fails: false };
}

/**
 * Which `sleep` an image ships, when its reference says so: Alpine- and BusyBox-based images use
 * BusyBox; Debian, Ubuntu and the images built on them use GNU coreutils. Undefined when unknown
 * (the model then assumes GNU, the more common one, and says so).
 */
export function imageSleepFamily(image: string | undefined): SleepFamily | undefined {
  if (!image) return undefined;
  const ref = image.toLowerCase();
  const name = ref.replace(/@.*$/, '');
  const tag = name.includes(':') && name.lastIndexOf(':') > name.lastIndexOf('/') ? name.slice(name.lastIndexOf(':') + 1) : '';
  const repo = tag ? name.slice(0, name.lastIndexOf(':')) : name;
  const last = repo.slice(repo.lastIndexOf('/') + 1);
  if (last === 'busybox' || last === 'alpine' || /(^|-)alpine/.test(tag)) return 'BusyBox';
  if (['debian', 'ubuntu'].includes(last) || /(^|-)(bookworm|bullseye|buster|trixie|jammy|noble|focal)(-|$)/.test(tag)) return 'GNU coreutils';
  return undefined;
}
