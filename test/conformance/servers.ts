/**
 * The server group: each program of programs.ts as PID 1 with one slow request in flight, stopped
 * by a signal to PID 1 or by the model's graceful command run inside the namespace (as a preStop exec
 * hook would), then SIGKILL at the deadline. One program at a time (the machine is shared).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Effect, modelRow, signalClaim, type Stop, stopsFor } from './model';
import { awaitStop, catches, execIn, finish, startPid1 } from './ns';
import { freePort, slowUpstream, tryConnect, waitForPort } from './net';
import { LAB_PROGRAMS, type LabProgram, SLOW } from './programs';

/** The grace period the lab gives each stop: longer than SLOW, so a graceful exit shows before SIGKILL. */
export const GRACE = 10;

export interface ServerRow {
  program: string;
  /** False for a non-default configuration, measured beside the default one: shown, not compared. */
  compared: boolean;
  stop: string;
  /** Whether PID 1 had a handler for the signal when it was sent. */
  caught?: boolean;
  roles: string[];
  note: string;
  /** The slow request: 'completed' or 'cut'. */
  inFlight: string;
  /** A new connection 0.3 s after the stop. */
  newConnection: string;
  /** Seconds from the stop to PID 1's exit, and whether that was SIGKILL. */
  exitAfter: number;
  killed: boolean;
  /** Databases: whether the shutdown was clean. */
  clean?: boolean;
  measured: Effect | 'error';
  /** Why the program could not be measured here. */
  error?: string;
  /** The model's claim; undefined when it makes none (a Node.js server with its own handler). */
  model?: Effect;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What the measurement says the stop did (see Effect in model.ts). */
export function classify(row: Pick<ServerRow, 'killed' | 'clean' | 'inFlight'>): Effect {
  if (row.killed) return 'runs on';
  if (row.clean !== undefined) return row.clean ? 'graceful' : 'fast';
  return row.inFlight === 'completed' ? 'graceful' : 'fast';
}

/** The signal a stop command sends to PID 1 (`kill -USR1 1` → SIGUSR1), if that is what it does. */
export function signalToPid1(command: string): string | undefined {
  const name = /^kill -(?:s )?(?:SIG)?([A-Z0-9]+) 1$/.exec(command.trim())?.[1];
  return name ? `SIG${name}` : undefined;
}

async function measure(p: LabProgram, stop: Stop, log: (line: string) => void): Promise<ServerRow> {
  const dir = mkdtempSync(join(tmpdir(), `kubegrace-lab-${p.pkg.split(' ')[0]}-`));
  const upstream = await slowUpstream(SLOW, 'slow-done');
  try {
    const setup = p.setup(dir, await freePort(), upstream.port);
    const pid1 = await startPid1(setup.argv, setup.env);
    try {
      await waitForPort(setup.port, setup.startSeconds, () => !pid1.done()).catch((e) => {
        throw new Error(`${p.program}: ${e.message}\n${pid1.output()}`);
      });
      for (let i = 0; setup.ready && !setup.ready.test(pid1.output()); i++) {
        if (i > setup.startSeconds * 20 || pid1.done()) throw new Error(`${p.program}: never printed ${setup.ready}\n${pid1.output()}`);
        await sleep(50);
      }
      // A program that has just started may not have its handlers yet; one that never installs one
      // (Node.js without process.on) is stopped after this wait all the same.
      // A command that signals PID 1 (HAProxy's `kill -USR1 1`) waits for the handler too: sent before
      // it is installed, PID 1 ignores the signal (CI saw this once under load: haproxy ran on).
      const awaited = stop.kind === 'signal' ? stop.what : signalToPid1(stop.what);
      for (let i = 0; i < 40 && awaited && !catches(pid1.pid, awaited); i++) await sleep(50);
      const caught = stop.kind === 'signal' ? catches(pid1.pid, stop.what) : undefined;
      const inFlight = setup.slowRequest();
      // The request is in flight once the upstream (proxies) or the handler saw it.
      const arrived = async () => (p.proxy ? upstream.arrived() > 0 : setup.arrived ? await setup.arrived() : true);
      for (let i = 0; i < 200 && !(await arrived()); i++) await sleep(25);
      if (!(await arrived())) throw new Error(`${p.program}: the slow request never reached it\n${pid1.output()}`);
      const stoppedAt = Date.now();
      if (stop.kind === 'signal') process.kill(pid1.pid, stop.what);
      else {
        const command = stop.what === modelRow(p.program)?.gracefulCommand && setup.gracefulCommand ? setup.gracefulCommand : stop.what;
        // Like an exec hook: the command runs in the container and the stop signal only follows it.
        execIn(pid1, ['sh', '-c', command], GRACE * 1000);
      }
      await sleep(300);
      const newConnection = pid1.done() ? 'refused' : await tryConnect(setup.port);
      const ended = await awaitStop(pid1, stoppedAt, GRACE);
      const outcome = await inFlight;
      const row: ServerRow = {
        program: p.variant ? `${p.program} (${p.variant})` : p.program, compared: !p.variant, caught, stop: `${stop.kind === 'signal' ? '' : '$ '}${stop.what}`, roles: stop.roles, note: p.note,
        inFlight: outcome, newConnection, exitAfter: Math.round(ended.exitAfter * 10) / 10, killed: ended.killed,
        clean: setup.clean?.(pid1.output()), measured: 'fast',
      };
      row.measured = classify(row);
      const model = modelRow(p.program);
      if (model) row.model = stop.kind === 'signal' ? signalClaim(model, stop.what) : 'graceful';
      log(`${row.program} ${row.stop}: in-flight ${outcome}, new ${newConnection}, exit ${row.killed ? 'SIGKILL' : `${row.exitAfter}s`}${row.clean === undefined ? '' : row.clean ? ', clean' : ', not clean'}`);
      return row;
    } finally {
      await finish(pid1);
    }
  } finally {
    await upstream.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every program and stop of the server group, one after another. */
export async function runServers(log: (line: string) => void, only?: string): Promise<ServerRow[]> {
  const rows: ServerRow[] = [];
  for (const p of LAB_PROGRAMS) {
    if (only && !p.program.startsWith(only)) continue;
    // The Node.js server with a handler has no row of its own: it is measured with node's stops.
    const model = modelRow(p.program) ?? modelRow(p.program.split(' ')[0]!);
    const stops = model ? stopsFor(model) : [{ kind: 'signal' as const, what: 'SIGTERM', roles: ['runtime default'] }];
    for (const stop of stops) {
      try {
        rows.push(await measure(p, stop, log));
      } catch (e) {
        // A program that cannot run here is a failed row, not a skipped one; the others still run.
        const error = e instanceof Error ? e.message : String(e);
        log(`${p.program} ${stop.what}: ERROR ${error}`);
        rows.push({
          program: p.variant ? `${p.program} (${p.variant})` : p.program, compared: !p.variant, stop: stop.what, roles: stop.roles, note: p.note,
          inFlight: '–', newConnection: '–', exitAfter: 0, killed: false, measured: 'error', error,
        });
      }
    }
  }
  return rows;
}
