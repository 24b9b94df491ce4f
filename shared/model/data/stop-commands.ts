/**
 * Commands a preStop hook runs to stop the server program, and the signal each one sends it, so the
 * model can tell a graceful stop (the hook is the drain, rule book M1) from an abrupt one (`nginx -s
 * stop`), using the program table of programs.ts for what that signal means. Sources per command:
 * - nginx `-s stop|quit|reload`: nginx.org/en/docs/beginners_guide.html ("stop — fast shutdown,
 *   quit — graceful shutdown, reload"), mapped to TERM/QUIT/HUP by nginx.org/en/docs/control.html.
 * - `apachectl|apache2ctl|httpd -k stop|graceful-stop|graceful|restart` and `apachectl stop` …:
 *   httpd.apache.org/docs/2.4/stopping.html (TERM, WINCH, USR1, HUP) and programs/apachectl.html
 *   (apachectl passes these arguments to httpd -k).
 * - `pg_ctl stop [-m smart|fast|immediate]`: postgresql.org/docs/current/app-pg-ctl.html ("The
 *   default is fast"; smart, fast, immediate are SIGTERM, SIGINT, SIGQUIT by server-shutdown.html).
 * - `kill [-SIG | -s SIG | -N] 1`: the signal goes to PID 1, the container's program when it is PID 1.
 */
import { PROGRAMS, type ProgramRow } from './programs';

const base = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** What a stop command sends: to a named program, or to PID 1 (whatever runs there). */
export interface StopCommand {
  /** The program row the command addresses; undefined for `kill … 1` when PID 1 is not recognised. */
  row?: ProgramRow;
  signal: string;
}

const NUMBERS: Record<string, string> = { '1': 'SIGHUP', '2': 'SIGINT', '3': 'SIGQUIT', '9': 'SIGKILL', '10': 'SIGUSR1', '12': 'SIGUSR2', '15': 'SIGTERM', '28': 'SIGWINCH' };

function signalName(raw: string): string | undefined {
  if (/^\d+$/.test(raw)) return NUMBERS[raw];
  const name = raw.toUpperCase();
  return /^(SIG)?[A-Z][A-Z0-9]+$/.test(name) ? (name.startsWith('SIG') ? name : `SIG${name}`) : undefined;
}

const row = (program: string) => PROGRAMS.find((r) => r.program === program);

function nginx(words: string[]): StopCommand | undefined {
  const at = words.indexOf('-s');
  const signal = { stop: 'SIGTERM', quit: 'SIGQUIT', reload: 'SIGHUP' }[words[at + 1] ?? ''];
  return at > 0 && signal ? { row: row('nginx'), signal } : undefined;
}

const APACHE: Record<string, string> = { stop: 'SIGTERM', 'graceful-stop': 'SIGWINCH', graceful: 'SIGUSR1', restart: 'SIGHUP' };

function apache(words: string[]): StopCommand | undefined {
  const at = words.indexOf('-k');
  // apachectl also takes the action as its first argument (`apachectl graceful-stop`).
  const action = at > 0 ? words[at + 1] : ['apachectl', 'apache2ctl'].includes(base(words[0]!)) ? words[1] : undefined;
  const signal = APACHE[action ?? ''];
  return signal ? { row: row('httpd'), signal } : undefined;
}

function pgCtl(words: string[]): StopCommand | undefined {
  if (!words.includes('stop')) return undefined;
  let mode = 'fast';
  words.forEach((w, i) => {
    if (w === '-m' || w === '--mode') mode = words[i + 1] ?? mode;
    else if (w.startsWith('--mode=')) mode = w.slice('--mode='.length);
    else if (/^-m\w/.test(w)) mode = w.slice(2);
  });
  // pg_ctl accepts the first letter of each mode.
  const signal = [['smart', 'SIGTERM'], ['fast', 'SIGINT'], ['immediate', 'SIGQUIT']].find(([m]) => mode !== '' && m!.startsWith(mode))?.[1];
  return signal ? { row: row('postgres'), signal } : undefined;
}

function kill(words: string[], pid1: ProgramRow | undefined): StopCommand | undefined {
  let signal = 'SIGTERM';
  let i = 1;
  for (; i < words.length && words[i]!.startsWith('-') && words[i] !== '--'; i++) {
    const flag = words[i]!;
    const name = flag === '-s' || flag === '-n' ? signalName(words[++i] ?? '') : signalName(flag.slice(1));
    if (!name) return undefined;
    signal = name;
  }
  if (words[i] === '--') i++;
  const targets = words.slice(i);
  return targets.length === 1 && targets[0] === '1' ? { row: pid1, signal } : undefined;
}

/**
 * The stop a command sends, for a command word list (`nginx -s stop`, `kill -QUIT 1`); `pid1` is
 * the program running as PID 1 in the container, when recognised.
 */
export function stopCommand(words: string[], pid1: ProgramRow | undefined): StopCommand | undefined {
  const name = base(words[0] ?? '');
  if (name === 'nginx' || name === 'nginx-debug') return nginx(words);
  if (['apachectl', 'apache2ctl', 'httpd', 'apache2'].includes(name)) return apache(words);
  if (name === 'pg_ctl') return pgCtl(words);
  if (name === 'kill') return kill(words, pid1);
  return undefined;
}
