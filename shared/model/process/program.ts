/**
 * Which server program a container runs (data/programs.ts), so the model can say what the signal it
 * gets means to it. Only containers whose image is known say anything: the program's own official
 * image, or a plain base image (python, node) that sets no STOPSIGNAL, running it by `command`.
 */
import type { ContainerFacts } from '../facts';
import { parseImageRef, type ImageRef } from '../data/images';
import { basename, SHELLS } from './hooks';
import { type InitWrapper, unwrapInit } from '../data/inits';
import { shellStaysPid1 } from '../data/shells';
import { PLAIN_BASE_IMAGES, PROGRAMS, type ProgramRow } from '../data/programs';
import { builtWithNew, signalHistory, tagVersion } from '../data/image-history';

export interface RecognisedProgram {
  row: ProgramRow;
  /** False when an init (tini, dumb-init) or the pod's shared process namespace holds PID 1. */
  pid1: boolean;
  /** The init wrapper in front of the program, and how it passes signals on (data/inits.ts). */
  init?: InitWrapper;
  /** The shell that exec'd the program (`sh -c "… exec nginx …"`): the program is PID 1 itself. */
  viaShell?: string;
}

function matches(row: ProgramRow, ref: ImageRef): boolean {
  return row.images.some((m) => m.registries.includes(ref.registry ?? '') && m.repository.test(ref.repository) && (!m.tags || m.tags.test(ref.tag ?? '')));
}

/** The program row whose official image this is. */
export function imageProgram(image: string | undefined): ProgramRow | undefined {
  const ref = image ? parseImageRef(image) : undefined;
  return ref ? PROGRAMS.find((row) => matches(row, ref)) : undefined;
}

/** SIG1: the STOPSIGNAL of a recognised official image at its tag; undefined when unknown or unset. */
export function imageStopSignal(image: string | undefined): string | undefined {
  return imageSignal(image).signal;
}

export interface ImageSignal {
  /** The STOPSIGNAL the tag's build sets; undefined when it sets none (SIGTERM) or the image is unknown. */
  signal?: string;
  /** What was assumed, or what the tag's history says, when the tag decides the signal. */
  note?: string;
}

/**
 * SIG1 by tag (data/image-history.ts): an old pinned tag gets the signal its build had. A tag that
 * names no version (`latest`, `stable`, a digest only) is taken as today's build, and says so.
 */
export function imageSignal(image: string | undefined): ImageSignal {
  const ref = image ? parseImageRef(image) : undefined;
  const row = ref ? PROGRAMS.find((r) => matches(r, ref)) : undefined;
  if (!ref || !row) return {};
  const mirrored = (result: ImageSignal): ImageSignal => {
    const assumption = ref.mirror?.assumption;
    return assumption ? { ...result, note: result.note ? `${result.note} ${assumption}.` : `${assumption}.` } : result;
  };
  return mirrored(bySignalHistory(row, ref));
}

function bySignalHistory(row: ProgramRow, ref: ImageRef): ImageSignal {
  const history = signalHistory(row.program, ref.tag, ref.repository);
  if (!history) return row.stopSignal ? { signal: row.stopSignal } : {};
  const today = row.stopSignal ?? 'SIGTERM';
  const since = `${today} since ${history.firstBuilt.join(', ')}; older builds sent ${history.before}`;
  const version = ref.tag ? tagVersion(ref.tag) : undefined;
  if (!version) {
    const what = ref.tag ? `the tag ${ref.tag} names no version` : ref.digest ? 'the image is pinned by digest only' : 'no tag (latest)';
    return { signal: row.stopSignal, note: `${what}, so today's ${row.program} image is assumed (${since}).` };
  }
  if (builtWithNew(version, history.firstBuilt)) return row.stopSignal ? { signal: row.stopSignal } : {};
  const old = history.before === 'SIGTERM' ? undefined : history.before;
  return { ...(old ? { signal: old } : {}), note: `${row.program} ${ref.tag} was built without today's STOPSIGNAL (${since}), so it gets ${history.before}.` };
}

/**
 * §15: `sh -c SCRIPT` whose shell is replaced by its final command (`exec prog`, or bash's lone
 * command): that program is PID 1 and gets the signal itself. `exec "$@"` runs the arguments after
 * the script (the first of them is `$0`).
 */
function execdByShell(argv: string[]): { argv: string[]; shell: string } | undefined {
  const verdict = shellStaysPid1(argv);
  if (verdict?.verdict !== 'execs' || !verdict.program?.length) return undefined;
  if (verdict.program.length === 1 && verdict.program[0] === '$@') {
    const script = argv.findIndex((a, i) => i > 0 && /^-[a-z]*c[a-z]*$/.test(argv[i - 1]!) && !a.startsWith('-'));
    return script > 0 ? { argv: argv.slice(script + 2), shell: verdict.shell } : undefined;
  }
  return { argv: verdict.program, shell: verdict.shell };
}

export function recogniseProgram(container: ContainerFacts, shareProcessNamespace = false): RecognisedProgram | undefined {
  const ref = container.image ? parseImageRef(container.image.value) : undefined;
  if (!ref) return undefined;
  const byImage = PROGRAMS.find((row) => matches(row, ref));
  const command = container.command?.value;
  if (command && command.length > 0) {
    const init = unwrapInit(command);
    let argv = init ? init.argv : command;
    const shelled = SHELLS.has(basename(argv[0] ?? '')) ? execdByShell([...argv, ...(container.args?.value ?? [])]) : undefined;
    if (shelled) argv = shelled.argv;
    const name = basename(argv[0] ?? '');
    // A shell that stays PID 1 is shell-pid1's business; the program behind it gets no signal directly.
    if (!name || SHELLS.has(name)) return undefined;
    const row = PROGRAMS.find((r) => r.commands.includes(name));
    if (!row) return undefined;
    const plainBase = ref.registry === undefined && PLAIN_BASE_IMAGES.some((b) => b.repository.test(ref.repository));
    if (byImage !== row && !plainBase) return undefined;
    const words = shelled ? argv : [...argv, ...(container.args?.value ?? [])];
    if (row.unknownWith && words.some((w) => row.unknownWith!.test(w))) return undefined;
    return { row, pid1: !init && !shareProcessNamespace, ...(init ? { init } : {}), ...(shelled ? { viaShell: shelled.shell } : {}) };
  }
  if (!byImage) return undefined;
  // `args` alone replace the image's CMD; the official entrypoints exec what they are given.
  const first = container.args?.value[0];
  if (byImage.pid1Ignores) {
    // docker-node's entrypoint runs `node "$@"` when the first argument is an option or a script.
    if (first === undefined || !(first.startsWith('-') || /\.[cm]?js$/.test(first))) return undefined;
  } else if (first !== undefined && !first.startsWith('-') && !byImage.commands.includes(basename(first))) {
    return undefined;
  }
  return { row: byImage, pid1: !shareProcessNamespace };
}
