/**
 * Init wrappers that run as PID 1 and pass signals to the real program (rule book §15): their
 * options, where the program's argv starts, and how they change the signal on the way. Read from
 * the programs' own option parsers:
 * - tini: krallin/tini src/tini.c (369448a), `getopt(OPT_STRING "p:hvwgle:s")`; `-g` (or
 *   TINI_KILL_PROCESS_GROUP) sends to the child's process group, otherwise to the child only.
 *   Docker's `docker-init` is tini (docs.docker.com `docker run --init`).
 * - dumb-init: Yelp/dumb-init dumb-init.c (5ccca9c), `getopt_long("+hvVcr:")` with --help,
 *   --single-child, --rewrite s:r, --verbose, --version; without --single-child it runs the child in
 *   a new session and signals the whole group; `--rewrite 15:3` sends SIGQUIT for SIGTERM, `s:0`
 *   drops the signal.
 * - catatonit: openSUSE/catatonit catatonit.c (00f6c0f), `getopt_long("ghLPV")`; `-g` signals the
 *   process group.
 * s6-overlay's `/init` supervises services rather than exec'ing one program: not modelled.
 */

interface InitSpec {
  names: string[];
  /** Short options that take an argument. */
  withArgument: string;
  /** Long options that take an argument (dumb-init). */
  longWithArgument: string[];
  /** Short and long options that make it signal the process group. */
  group: string[];
  /** Options that make it signal only its child (dumb-init --single-child). */
  single: string[];
  /** True when it signals the group unless told otherwise (dumb-init's default setsid mode). */
  groupByDefault: boolean;
  source: string;
}

const SPECS: InitSpec[] = [
  { names: ['tini', 'tini-static', 'docker-init'], withArgument: 'pe', longWithArgument: [], group: ['g'], single: [], groupByDefault: false, source: 'krallin/tini src/tini.c (369448a)' },
  { names: ['dumb-init'], withArgument: 'r', longWithArgument: ['--rewrite'], group: [], single: ['c', '--single-child'], groupByDefault: true, source: 'Yelp/dumb-init dumb-init.c (5ccca9c)' },
  { names: ['catatonit'], withArgument: '', longWithArgument: [], group: ['g'], single: [], groupByDefault: false, source: 'openSUSE/catatonit catatonit.c (00f6c0f)' },
];

const NUMBERED: Record<string, string> = { '1': 'SIGHUP', '2': 'SIGINT', '3': 'SIGQUIT', '9': 'SIGKILL', '10': 'SIGUSR1', '12': 'SIGUSR2', '15': 'SIGTERM', '28': 'SIGWINCH' };

export interface InitWrapper {
  init: string;
  /** The program's argv after the init's options (and `--`). */
  argv: string[];
  /** dumb-init `--rewrite`: received signal → signal passed on; `''` for a dropped (0) signal. */
  rewrite: Record<string, string>;
  /** True when the signal goes to the whole process group, not only the child. */
  group: boolean;
  source: string;
}

function rewriteOf(arg: string, into: Record<string, string>): boolean {
  const match = /^(\d+):(\d+)$/.exec(arg);
  if (!match) return false;
  const from = NUMBERED[match[1]!] ?? `signal ${match[1]}`;
  into[from] = match[2] === '0' ? '' : (NUMBERED[match[2]!] ?? `signal ${match[2]}`);
  return true;
}

/** `argv` read as an init wrapper: undefined when argv[0] is not one, or its options do not parse. */
export function unwrapInit(argv: string[]): InitWrapper | undefined {
  const name = (argv[0] ?? '').slice((argv[0] ?? '').lastIndexOf('/') + 1);
  const spec = SPECS.find((s) => s.names.includes(name));
  if (!spec) return undefined;
  const rewrite: Record<string, string> = {};
  let group = spec.groupByDefault;
  let i = 1;
  for (; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') { i++; break; }
    if (!arg.startsWith('-') || arg === '-') break;
    if (arg.startsWith('--')) {
      const [flag, inline] = arg.split(/=(.*)/s) as [string, string | undefined];
      if (spec.single.includes(flag)) group = false;
      if (spec.longWithArgument.includes(flag)) {
        const value = inline ?? argv[++i];
        if (value === undefined || (flag === '--rewrite' && !rewriteOf(value, rewrite))) return undefined;
      }
      continue;
    }
    // A cluster of short options (`-sg`); one that takes an argument ends it (`-r15:3` or `-r 15:3`).
    for (let j = 1; j < arg.length; j++) {
      const flag = arg[j]!;
      if (spec.group.includes(flag)) group = true;
      if (spec.single.includes(flag)) group = false;
      if (spec.withArgument.includes(flag)) {
        const value = arg.length > j + 1 ? arg.slice(j + 1) : argv[++i];
        if (value === undefined || (flag === 'r' && !rewriteOf(value, rewrite))) return undefined;
        break;
      }
    }
  }
  return { init: name, argv: argv.slice(i), rewrite, group, source: spec.source };
}
