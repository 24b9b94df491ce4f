/**
 * §15 — does a shell in `command` stay PID 1? A shell that stays PID 1 has no default action for
 * SIGTERM and does not forward it, so the application is only stopped by SIGKILL.
 *
 * What each shell does with `sh -c SCRIPT` (sources and strace measurements in docs/research.md):
 * - bash execs the final simple command when nothing can follow it (builtins/evalstring.c,
 *   should_suppress_fork): a lone command in every version (ONESHOT), the last command of a
 *   `;`/`&&`/`||` list from 5.1 (NEWS 5.1 1.b, CMD_TRY_OPTIMIZING). Not with a redirection, `!`,
 *   `time`, a trap with an action, a preceding `&`, or more than one newline after it.
 * - upstream dash (since 0.5.7, ChangeLog 2011-07-07) and BusyBox ash exec the last command, also
 *   inside if/case/{ }/( ) and with redirections, but not when a trap is set or any newline follows.
 *   Debian and Ubuntu build dash with patch 0004 "Disable sh -c command -> sh -c exec command
 *   optimization", so their /bin/sh never execs.
 * - A shell runs a trap only after its foreground command ends; `wait` is interrupted (POSIX 2.11).
 */

import { commands, lex, parse, type Item, type Simple } from './shell-syntax';

type Family = 'bash' | 'dash' | 'ash' | 'sh';
export interface ShellVerdict {
  shell: string;
  verdict: 'stays' | 'maybe-exec' | 'execs';
  reason: string;
  /** The final simple command from its command word on (`VAR=value` prefixes excluded), when `exec` would help. */
  finalCommand?: string;
  /** Offset in the `-c` script where `exec ` can be inserted: `script.startsWith(finalCommand, offset)`. */
  finalCommandOffset?: number;
  /** With 'execs': the words of the program that replaces the shell as PID 1 (it gets the signal itself). */
  program?: string[];
}

const FAMILIES: Record<string, Family> = { sh: 'sh', bash: 'bash', dash: 'dash', ash: 'ash' };
const INITS = new Set(['tini', 'tini-static', 'dumb-init', 'catatonit', 'docker-init']);
const BUILTINS = new Set(['wait', ':', 'true', 'false', 'exit', 'return', 'cd', 'export', 'set', 'unset', 'read', 'shift', 'eval', '.', 'source', 'trap', 'echo', 'printf', 'test', '[', '[[']);
/** As PID 1 these still ignore SIGTERM (no handler), so prefixing them with exec fixes nothing. */
const NO_HANDLER = new Set(['sleep', 'tail']);
const SIGNALS: Record<string, string> = { '0': 'EXIT', '1': 'HUP', '2': 'INT', '3': 'QUIT', '15': 'TERM' };

/** Signals trapped with an action, and signals ignored with `trap '' SIG`, in script order. */
function traps(all: Simple[]): { handled: Set<string>; ignored: Set<string> } {
  const handled = new Set<string>();
  const ignored = new Set<string>();
  for (const cmd of all) {
    const args = cmd.words.slice(cmd.assigns).map((w) => w.v);
    if (args.shift() !== 'trap') continue;
    if (args[0] === '--') args.shift();
    if (!args.length || (args[0]!.startsWith('-') && args[0] !== '-')) continue; // trap -p, trap -l
    // POSIX: when the first operand is an unsigned integer, every operand is a condition to reset.
    const [action, ...conditions] = /^\d+$/.test(args[0]!) ? ['-', ...args] : args;
    for (const raw of conditions) {
      const sig = SIGNALS[raw] ?? raw.toUpperCase().replace(/^SIG/, '');
      handled.delete(sig);
      ignored.delete(sig);
      if (action !== '-') (action === '' ? ignored : handled).add(sig);
    }
  }
  return { handled, ignored };
}

/** The shell's place in argv (after `env`, as `busybox sh`), or 'init' when tini & co. run first. */
function locate(argv: string[]): { index: number; family: Family; name: string } | 'init' | undefined {
  const base = (arg = '') => arg.slice(arg.lastIndexOf('/') + 1);
  if (INITS.has(base(argv[0]))) return 'init';
  let i = 0;
  if (base(argv[0]) === 'env') for (i = 1; argv[i]?.startsWith('-') || argv[i]?.includes('='); ) i++;
  if (base(argv[i]) === 'busybox' && FAMILIES[argv[i + 1] ?? '']) return { index: i + 1, family: 'ash', name: `busybox ${argv[i + 1]}` };
  const family = FAMILIES[base(argv[i])];
  return family ? { index: i, family, name: base(argv[i]) } : undefined;
}

/**
 * §15 for `argv` = the container's `command` followed by its `args`. Undefined when argv[0] is not a
 * POSIX shell (or is an init such as tini, which forwards signals), when it has nothing to run, or
 * when the `-c` script does not parse. A script file gives 'maybe-exec': it keeps the shell as PID 1
 * unless the file itself ends with exec, which the manifest does not show.
 */
export function shellStaysPid1(argv: string[]): ShellVerdict | undefined {
  const loc = locate(argv);
  if (!loc || loc === 'init') return undefined;
  let hasC = false;
  let j = loc.index + 1;
  for (; j < argv.length && /^[-+]./.test(argv[j]!); j++) {
    const arg = argv[j]!;
    if (arg === '--') { j++; break; }
    if (arg.startsWith('--')) j += arg === '--rcfile' || arg === '--init-file' ? 1 : 0;
    else j += [...arg.slice(1)].filter((ch) => ch === 'o' || ch === 'O').length; // `-o NAME` takes an argument
    hasC ||= !arg.startsWith('--') && arg.slice(1).includes('c');
  }
  const script = argv[j];
  const result = (verdict: ShellVerdict['verdict'], reason: string, fix = {}): ShellVerdict => ({ shell: loc.name, verdict, reason, ...fix });
  if (script === undefined) return undefined;
  if (!hasC) return result('maybe-exec', `it runs the script file ${script}, which keeps the shell as PID 1 unless it ends with exec`);
  let items: Item[];
  try {
    const toks = lex(script);
    if (!toks) return undefined;
    items = parse(toks);
  } catch {
    return undefined;
  }
  const last = items[items.length - 1];
  if (!last) return undefined;
  const all = [...commands(items)];
  const simple = all.filter((c): c is Simple => c.kind === 'simple');
  const { handled, ignored } = traps(simple);
  const { pipe } = last;
  const cmd = pipe.cmds[pipe.cmds.length - 1]!;
  const name = cmd.kind === 'simple' ? cmd.words[cmd.assigns]?.v : undefined;
  if (last.sep === '&') return result('stays', 'the final command runs in the background (&), so nothing replaces the shell');
  if (pipe.cmds.length === 1 && !pipe.bang && name === 'exec' && cmd.kind === 'simple' && cmd.words.length > cmd.assigns + 1) {
    return ignored.has('TERM')
      ? result('maybe-exec', "the final command is exec'd but inherits the ignored SIGTERM (trap '' TERM) unless it installs a handler")
      : result('execs', 'the final command is already started with exec', { program: cmd.words.slice(cmd.assigns + 1).map((w) => w.v) });
  }
  if (handled.has('TERM')) {
    return simple.some((c) => c.words[c.assigns]?.v === 'wait')
      ? result('execs', 'it traps SIGTERM and waits with `wait`, which returns as soon as the signal arrives')
      : result('stays', 'it traps SIGTERM, but a shell runs the trap only after its foreground command has finished');
  }
  if (ignored.has('TERM')) return result('stays', "it ignores SIGTERM (trap '' TERM), and so does every command it starts");
  if (pipe.cmds.length > 1) return result('stays', 'the final command is a pipeline, and the shell waits for all its parts');
  if (pipe.bang || pipe.time) return result('stays', `the final command is prefixed with ${pipe.bang ? '!' : 'time'}`);
  const trapped = handled.size > 0 ? `a trap is set (${[...handled].join(', ')})` : undefined;
  const tail = script.slice(cmd.e);
  const newline = /^[ \t]*(;[ \t]*)?(#[^\n]*)?$/.test(tail) ? undefined : 'a newline follows it';
  if (cmd.kind === 'compound') {
    const what = { loop: 'a loop', function: 'a function definition', if: 'an if block', case: 'a case block', group: 'a { } group', subshell: 'a ( ) subshell' }[cmd.type];
    if (loc.family !== 'bash' && ['if', 'case', 'group', 'subshell'].includes(cmd.type) && !trapped && !newline) {
      return result('maybe-exec', `the script ends in ${what}: BusyBox ash and upstream dash exec its last command; bash and Debian's/Ubuntu's dash do not`);
    }
    return result('stays', `the script ends in ${what}, whose commands the shell runs as children`);
  }
  if (!name) return result('stays', 'the final command only sets variables or redirections');
  if (all.some((c) => c.kind === 'compound' && c.type === 'function' && c.name === name)) {
    return result('stays', `the final command ${name} is a shell function, run by the shell itself`);
  }
  if (BUILTINS.has(name)) return result('stays', `the final command ${name} is a shell builtin, run by the shell itself`);
  const at = cmd.words[cmd.assigns]!.s;
  const fix = NO_HANDLER.has(name) ? {} : { finalCommand: script.slice(at, cmd.e), finalCommandOffset: at };
  const lone = items.length === 1;
  const what = lone ? 'a lone command' : 'the last command of a list';
  const prevBackground = items[items.length - 2]?.sep === '&';
  const bashWhy = trapped ?? (cmd.redirect ? 'it has a redirection' : prevBackground ? 'it follows a background job'
    : /^[ \t]*(;[ \t]*)?(#[^\n]*)?\n?$/.test(tail) ? undefined : 'more text follows its line');
  const ashWhy = trapped ?? (cmd.heredoc ? 'it reads a here-document' : newline);
  if (loc.family === 'bash') {
    if (bashWhy) return result('stays', `bash keeps the shell as PID 1: ${bashWhy}`, fix);
    return lone ? result('execs', 'bash execs a lone simple command', { ...fix, program: cmd.words.slice(cmd.assigns).map((w) => w.v) }) : result('maybe-exec', `${what}: bash 5.1+ execs it, bash 5.0 and older keep the shell`, fix);
  }
  if (loc.family !== 'sh') {
    const [label, maybe] = loc.family === 'ash' ? ['BusyBox ash', 'recent BusyBox ash execs it (1.35 tested), older releases may not'] : ['dash', "upstream dash execs it, Debian's and Ubuntu's dash never do"];
    return ashWhy ? result('stays', `${label} keeps the shell as PID 1: ${ashWhy}`, fix) : result('maybe-exec', `${what}: ${maybe}`, fix);
  }
  if (bashWhy && ashWhy) return result('stays', `no common /bin/sh execs it: ${bashWhy === ashWhy ? bashWhy : `${bashWhy} (bash), ${ashWhy} (dash, ash)`}`, fix);
  const execers = [bashWhy ? undefined : lone ? 'bash' : 'bash 5.1+', ashWhy ? undefined : 'BusyBox ash'].filter(Boolean);
  const others = bashWhy ? `; bash does not, because ${bashWhy}` : ashWhy ? `; neither do BusyBox ash and upstream dash, because ${ashWhy}` : '';
  return result('maybe-exec', `${what}: ${execers.join(' and ')} exec${execers.length > 1 ? '' : 's'} it, Debian's and Ubuntu's dash (their /bin/sh) does not${others}`, fix);
}
