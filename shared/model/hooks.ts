/**
 * What a preStop hook does to the timeline: how long it delays the stop signal, and whether it
 * drains the application itself (rule book H1–H6, S1–S2, M1).
 */
import type { ContainerFacts, HandlerFacts, HookFacts } from './facts';
import type { Features } from './features';
import type { PreStopTiming } from './output';
import { shellLessImage } from './data/images';

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'busybox']);
const SLEEP_BINARIES = new Set(['sleep']);

export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** `5`, `5s`, `2m`, `0.5` → seconds (GNU and BusyBox sleep accept the suffixes), else undefined. */
export function sleepArgument(arg: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)([smh]?)$/.exec(arg.trim());
  if (!match) return undefined;
  const factor = match[2] === 'm' ? 60 : match[2] === 'h' ? 3600 : 1;
  return Number(match[1]) * factor;
}

interface ScriptTiming {
  seconds: number;
  exact: boolean;
  /** True when a command other than `sleep` runs (M1). */
  drains: boolean;
}

/**
 * H6: a `;`/`&&`/newline sequence where each `sleep N` adds N and anything else adds an unknown
 * amount. Pipes, `||`, background jobs and subshells make a part unknown.
 */
export function scriptTiming(script: string): ScriptTiming {
  const result: ScriptTiming = { seconds: 0, exact: true, drains: false };
  for (const raw of script.split(/;|&&|\n/)) {
    const part = raw.trim();
    if (part === '' || part.startsWith('#')) continue;
    const words = part.split(/\s+/);
    const isSleep = words.length === 2 && SLEEP_BINARIES.has(basename(words[0]!)) && !/[|&()`$]/.test(part);
    const seconds = isSleep ? sleepArgument(words[1]!) : undefined;
    if (isSleep && seconds !== undefined) {
      result.seconds += seconds;
    } else if (SLEEP_BINARIES.has(basename(words[0]!)) && !/[|&()`]/.test(part)) {
      // `sleep $DELAY`: a delay of unknown length, but still only a delay.
      result.exact = false;
    } else {
      result.exact = false;
      result.drains = true;
    }
  }
  return result;
}

/** The argv of an exec handler as the timing of `scriptTiming` (H6). */
export function execTiming(argv: string[]): ScriptTiming {
  const [program, ...rest] = argv;
  if (program === undefined) return { seconds: 0, exact: false, drains: true };
  const name = basename(program);
  if (SLEEP_BINARIES.has(name)) return scriptTiming(argv.join(' '));
  if (SHELLS.has(name)) {
    const flag = rest.findIndex((arg) => /^-[a-z]*c[a-z]*$/.test(arg));
    const script = flag >= 0 ? rest[flag + 1] : undefined;
    if (script !== undefined) return scriptTiming(script);
  }
  return { seconds: 0, exact: false, drains: true };
}

/** True when the exec handler needs a shell or a `sleep` binary (H3 in shell-less images). */
export function execNeedsShell(argv: string[]): boolean {
  const program = argv[0];
  if (program === undefined) return false;
  const name = basename(program);
  return SHELLS.has(name) || SLEEP_BINARIES.has(name);
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
export function preStopTiming(container: ContainerFacts, gates: Features): PreStopTiming {
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
    case 'httpGet':
      // H1: duration unknown statically; M1: the HTTP call is the drain.
      return { kind: 'at-least', seconds: 0, drains: true, description };
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
      const timing = execTiming(argv);
      return {
        kind: timing.exact && !timing.drains ? 'exact' : 'at-least',
        seconds: timing.seconds,
        drains: timing.drains,
        description,
      };
    }
  }
}
