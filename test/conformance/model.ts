/**
 * The lab's one window onto the model: what `shared/model` claims for each program, shell form and
 * `sleep` command line. When the model's data changes shape (issue 14 keys STOPSIGNAL on tag
 * ranges), only this file follows it. The lab compares the default (current-tag) rows.
 */
import { PROGRAMS, type ProgramRow, signalEffect } from '../../shared/model/data/programs';
import { shellStaysPid1 } from '../../shared/model/data/shells';
import { type SleepFamily, sleepOperands } from '../../shared/model/process/sleep';

/**
 * What a stop does to a program, in the terms a measurement can see: `graceful` (finishes its
 * in-flight work, or for a database shuts down cleanly, and exits), `fast` (exits at once, cutting
 * in-flight work), `runs on` (does not exit until SIGKILL: the model's `ignored` and `reload`).
 */
export type Effect = 'graceful' | 'fast' | 'runs on';

export function modelRow(program: string): ProgramRow | undefined {
  return PROGRAMS.find((row) => row.program === program);
}

/** The model's claim for `signal` sent to the program as PID 1, as an Effect. */
export function signalClaim(row: ProgramRow, signal: string): Effect {
  const { meaning } = signalEffect(row, signal, true);
  return meaning === 'ignored' || meaning === 'reload' ? 'runs on' : meaning;
}

export interface Stop {
  /** 'signal' sends `what` to PID 1; 'command' runs `what` inside the container (a preStop exec hook). */
  kind: 'signal' | 'command';
  what: string;
  /** Why this stop is in the lab: the default SIGTERM, the image's STOPSIGNAL, the model's graceful signal or command, … */
  roles: string[];
}

/**
 * The stops to measure for a row: the runtime's default SIGTERM, the image's STOPSIGNAL, the graceful
 * signal and command the model recommends, and every other signal the row gives a non-reload
 * meaning (a reload would only show as running on until SIGKILL, which costs a grace period).
 */
export function stopsFor(row: ProgramRow): Stop[] {
  const stops = new Map<string, Stop>();
  const add = (kind: Stop['kind'], what: string, role: string) => {
    const stop = stops.get(`${kind} ${what}`) ?? { kind, what, roles: [] };
    stop.roles.push(role);
    stops.set(`${kind} ${what}`, stop);
  };
  add('signal', 'SIGTERM', 'runtime default');
  if (row.stopSignal) add('signal', row.stopSignal, 'image STOPSIGNAL');
  if (row.gracefulSignal) add('signal', row.gracefulSignal, 'graceful signal');
  for (const [signal, effect] of Object.entries(row.signals)) if (effect.meaning !== 'reload') add('signal', signal, 'documented');
  if (row.gracefulCommand) add('command', row.gracefulCommand, 'graceful command');
  return [...stops.values()];
}

/** §15: does a shell in `argv` stay PID 1 ('stays'), exec its last command ('execs'), or depend on the shell ('maybe-exec')? 'no shell' for inits. */
export function shellClaim(argv: string[]): 'stays' | 'execs' | 'maybe-exec' | 'no shell' {
  return shellStaysPid1(argv)?.verdict ?? 'no shell';
}

/** H6: what the model says `sleep ARGS` does (no shell expanded them, as in an exec hook). */
export function sleepClaim(args: string[], family: SleepFamily): { seconds: number; fails: boolean } {
  const { seconds, fails } = sleepOperands(args, family, false);
  return { seconds, fails };
}
