/**
 * What a preStop hook does to the timeline: how long it delays the stop signal, and whether it
 * drains the application itself (rule book H1–H6, S1–S2, M1).
 */
import type { ContainerFacts, HandlerFacts, HookFacts } from '../facts';
import type { Features } from '../features';
import type { PreStopTiming } from '../output';
import { shellLessImage } from '../data/images';
import { signalEffect, type ProgramRow } from '../data/programs';
import { stopCommand } from '../data/stop-commands';
import { imageSleepFamily, sleepOperands, type SleepFamily, type SleepResult } from './sleep';

/** Shells a hook or a container command runs through (H6, shell-pid1). */
export const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'busybox']);

export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export interface ScriptTiming {
  /** Known seconds; `Infinity` when a `sleep inf` never ends. */
  seconds: number;
  exact: boolean;
  /** True when a command other than `sleep` runs (M1). */
  drains: boolean;
  /** True when a `sleep` got `$(NAME)`, which nothing expands (kubernetes/kubernetes#129502). */
  unexpanded: boolean;
  /** True when every `sleep` exits with an error at once and nothing else runs (H3: no delay). */
  fails: boolean;
  /** True when a `sleep` form counts differently in GNU coreutils and BusyBox. */
  familyMatters: boolean;
  /** True when the hook runs `sleep` at all. */
  sleeps: boolean;
  /** The first command that stops the program (`nginx -s stop`, `kill -QUIT 1`), and what it does (M1). */
  stop?: HookStop;
}

/** A hook command that signals the server program, with what that signal means to it (programs.ts). */
export interface HookStop {
  command: string;
  program?: string;
  signal: string;
  meaning: 'graceful' | 'fast' | 'ignored' | 'reload' | 'signal';
  text: string;
}

/** `words` as a stop command, with the program table's meaning of its signal. */
function hookStop(words: string[], pid1: ProgramRow | undefined): HookStop | undefined {
  const found = stopCommand(words, pid1);
  if (!found) return undefined;
  const command = words.join(' ');
  // `kill 1` when PID 1 is not a recognised program: the app just gets its signal early.
  if (!found.row) return { command, signal: found.signal, meaning: 'signal', text: `sends ${found.signal} to PID 1` };
  const effect = signalEffect(found.row, found.signal, false);
  return { command, program: found.row.program, signal: found.signal, meaning: effect.meaning, text: effect.text };
}

/**
 * M1 refined: a stop command decides whether the hook drains. A graceful stop is the drain; a fast
 * one cuts in-flight requests (not a drain); a plain SIGTERM to an unknown PID 1 is the kubelet's own
 * signal sent early, so the app still drains after it. Any other command keeps M1's "it drains".
 */
function drainsWith(stop: HookStop | undefined, others: boolean): boolean {
  if (!stop) return others;
  return stop.meaning === 'graceful' || (stop.meaning === 'signal' && stop.signal !== 'SIGTERM' && stop.signal !== 'SIGKILL');
}

/** `$(NAME)`, the Kubernetes variable syntax, written where only Kubernetes would expand it. */
export const KUBE_VARIABLE = /\$\([A-Za-z_][A-Za-z0-9_]*\)/;

/**
 * One `sleep` invocation's operands. Without a shell they arrive as written (`$(DELAY)` and `$DELAY`
 * are literal text, which sleep rejects). In a shell, an unquoted `$(NAME)` is a command substitution
 * of a command that does not exist: it expands to nothing (the word disappears), a quoted one to ''.
 */
function sleepCall(operands: string[], family: SleepFamily, shell: boolean): SleepResult & { unexpanded: boolean; familyMatters: boolean } {
  const unexpanded = operands.some((arg) => KUBE_VARIABLE.test(arg));
  const words = shell ? operands.filter((arg) => !/^\$\([A-Za-z_][A-Za-z0-9_]*\)$/.test(arg)).map((arg) => (/^"\$\([A-Za-z_][A-Za-z0-9_]*\)"$/.test(arg) ? '' : arg)) : operands;
  const result = sleepOperands(words, family, shell);
  const other = sleepOperands(words, family === 'BusyBox' ? 'GNU coreutils' : 'BusyBox', shell);
  return { ...result, unexpanded, familyMatters: other.seconds !== result.seconds || other.fails !== result.fails };
}

/**
 * H6: a `;`/`&&`/newline sequence where each `sleep …` adds what it sleeps and anything else adds an
 * unknown amount. Pipes, `||`, background jobs and subshells make a part unknown.
 */
export function scriptTiming(script: string, family: SleepFamily = 'GNU coreutils', pid1?: ProgramRow): ScriptTiming {
  const result: ScriptTiming = { seconds: 0, exact: true, drains: false, unexpanded: false, fails: true, familyMatters: false, sleeps: false };
  for (const raw of script.split(/;|&&|\n/)) {
    const part = raw.trim();
    if (part === '' || part.startsWith('#')) continue;
    const words = part.split(/\s+/);
    const withoutVariables = part.replace(new RegExp(KUBE_VARIABLE.source, 'g'), '');
    if (basename(words[0]!) === 'sleep' && !/[|&()`]/.test(withoutVariables)) {
      const call = sleepCall(words.slice(1), family, true);
      result.unexpanded ||= call.unexpanded;
      result.familyMatters ||= call.familyMatters;
      result.sleeps = true;
      if (call.fails) continue;
      result.fails = false;
      result.seconds += call.seconds;
      result.exact &&= call.exact;
    } else {
      result.fails = false;
      result.exact = false;
      result.drains = true;
      // `exec prog …` runs prog in the shell's place: the same command for what it sends.
      result.stop ??= hookStop(words[0] === 'exec' ? words.slice(1) : words, pid1);
    }
  }
  result.drains = drainsWith(result.stop, result.drains);
  // An empty script fails nothing: it ends at once, like `true`.
  result.fails &&= result.sleeps;
  return result;
}

/** The argv of an exec handler as the timing of `scriptTiming` (H6). */
export function execTiming(argv: string[], family: SleepFamily = 'GNU coreutils', pid1?: ProgramRow): ScriptTiming {
  const [program, ...rest] = argv;
  const unknown: ScriptTiming = { seconds: 0, exact: false, drains: true, unexpanded: false, fails: false, familyMatters: false, sleeps: false };
  if (program === undefined) return unknown;
  const name = basename(program);
  if (name === 'sleep') {
    // No shell: the kubelet runs the argv as written (it expands no `$(NAME)` in hooks).
    const call = sleepCall(rest, family, false);
    return { seconds: call.fails ? 0 : call.seconds, exact: call.exact, drains: false, unexpanded: call.unexpanded, fails: call.fails, familyMatters: call.familyMatters, sleeps: true };
  }
  if (SHELLS.has(name)) {
    const flag = rest.findIndex((arg) => /^-[a-z]*c[a-z]*$/.test(arg));
    const script = flag >= 0 ? rest[flag + 1] : undefined;
    if (script !== undefined) return scriptTiming(script, family, pid1);
  }
  const stop = hookStop(argv, pid1);
  return stop ? { ...unknown, stop, drains: drainsWith(stop, true) } : unknown;
}

/** True when the exec handler needs a shell or a `sleep` binary (H3 in shell-less images). */
export function execNeedsShell(argv: string[]): boolean {
  const program = argv[0];
  if (program === undefined) return false;
  const name = basename(program);
  return SHELLS.has(name) || name === 'sleep';
}

function describe(handler: HandlerFacts): string {
  switch (handler.type) {
    case 'sleep':
      return `sleep action ${String(handler.seconds?.value ?? '?')} s`;
    case 'exec': {
      const argv = handler.command?.value ?? [];
      const text = argv.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' ');
      return `exec ${text.length > 60 ? `${text.slice(0, 57)}…` : text}`;
    }
    case 'httpGet':
      return `httpGet ${String(handler.path?.value ?? '/')}`;
    case 'tcpSocket':
      return 'tcpSocket';
  }
}

const NONE: PreStopTiming = { kind: 'none', seconds: 0, drains: false, description: 'none' };

/** The effect of a container's preStop hook under the target version's gates. */
/**
 * Envoy's admin endpoints that change server state answer anything but POST with 405 ("Method GET
 * not allowed, POST required.": envoyproxy/envoy source/server/admin/admin.cc, handlers marked
 * mutates_server_state). The kubelet's httpGet hook sends GET and ignores the status (H1).
 */
const POST_ONLY = /^\/(drain_listeners|healthcheck\/fail|quitquitquit)(\?|$)/;

/**
 * The effect of a container's preStop hook under the target version's gates; `pid1` is the program
 * running as PID 1, when recognised, for hooks that signal it (`kill -QUIT 1`).
 */
export function preStopTiming(container: ContainerFacts, gates: Features, pid1?: ProgramRow): PreStopTiming {
  const hook: HookFacts | undefined = container.preStop;
  if (!hook) return NONE;
  const [handler] = hook.handlers;
  if (!handler || hook.handlers.length > 1) {
    return { ...NONE, noEffectReason: 'invalid', description: 'invalid hook' };
  }
  const description = describe(handler);
  switch (handler.type) {
    case 'tcpSocket':
      // H1: passes validation but always fails at runtime; H3: no delay.
      return { ...NONE, noEffectReason: 'tcp-socket', description };
    case 'httpGet': {
      // H1: duration unknown statically; M1: the HTTP call is the drain, unless the endpoint ignores GET.
      const path = String(handler.path?.value ?? '');
      if (POST_ONLY.test(path)) return { kind: 'at-least', seconds: 0, drains: false, description, getIgnored: path.replace(/\?.*/, '') };
      return { kind: 'at-least', seconds: 0, drains: true, description };
    }
    case 'sleep': {
      // S2: with the gate off the field is dropped and nothing waits.
      if (gates.sleepAction !== 'on') return { ...NONE, noEffectReason: 'sleep-gate-off', description };
      const seconds = handler.seconds?.value;
      if (typeof seconds !== 'number' || seconds < 0) return { ...NONE, noEffectReason: 'invalid', description };
      return { kind: 'exact', seconds, drains: false, description };
    }
    case 'exec': {
      const argv = handler.command?.value ?? [];
      if (argv.length === 0) return { ...NONE, noEffectReason: 'invalid', description };
      // H3: a hook that needs a shell or `sleep` fails at once in an image that has neither.
      const image = container.image?.value;
      if (image && execNeedsShell(argv) && shellLessImage(image)) {
        return { ...NONE, noEffectReason: 'no-shell', description };
      }
      const family = imageSleepFamily(image);
      const timing = execTiming(argv, family ?? 'GNU coreutils', pid1);
      const sleepFamily = timing.sleeps && (family || timing.familyMatters) ? { sleepFamily: { family: family ?? 'GNU coreutils', fromImage: family !== undefined } } : {};
      // kubernetes/kubernetes#129502: `$(NAME)` is not expanded in hooks, so that sleep fails at once.
      if (timing.fails) return { ...NONE, noEffectReason: timing.unexpanded ? 'unexpanded-variable' : 'sleep-fails', description, ...sleepFamily };
      return {
        kind: timing.exact && !timing.drains ? 'exact' : 'at-least',
        seconds: timing.seconds,
        drains: timing.drains,
        description,
        ...(timing.seconds === Infinity ? { forever: true } : {}),
        ...(timing.unexpanded ? { unexpandedVariable: true } : {}),
        ...(timing.stop ? { stop: timing.stop } : {}),
        ...sleepFamily,
      };
    }
  }
}

/** " (BusyBox sleep, from the image)": which `sleep` a finding's durations assumed, when it matters. */
export function sleepFamilyNote(timing: PreStopTiming): string {
  const family = timing.sleepFamily;
  if (!family) return '';
  return family.fromImage ? ` (${family.family} sleep, as the image ships)` : ` (assuming GNU coreutils sleep; BusyBox reads it differently)`;
}
