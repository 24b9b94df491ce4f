/**
 * abrupt-stop-signal — SIG1 and the server-program table (data/programs.ts): a serving container
 * whose program stops abruptly on the signal it actually gets (nginx or httpd on SIGTERM, Envoy,
 * Node.js as PID 1), or does not stop at all (uWSGI reloads), so in-flight requests are cut. Quiet for
 * images it does not recognise, and when the preStop hook already runs a graceful stop (M1).
 * Fixes: a preStop exec of the program's graceful command (the Apache recipe of the rule book's
 * worked timeline (f): sleep, graceful command, sleep, grace period raised to fit), or
 * `lifecycle.stopSignal` where the version honours it (SIG2).
 */
import type { RuleContext } from '../context';
import type { ContainerFacts } from '../facts';
import type { ContainerTimeline, FixIntent } from '../output';
import { proposedGrace, raiseGracePeriod } from '../fixes';
import { recogniseProgram } from '../process/program';
import { shellLessImage } from '../data/images';
import { PROGRAMS, type ProgramRow } from '../data/programs';
import { secs, type Rule, type RuleFinding } from '../rule';
import { graceBudget } from '../timeline';

/** `sh -c "sleep N; <graceful>; sleep M"`: out of rotation first, then a graceful stop with time to finish. */
function gracefulHook(ctx: RuleContext, container: ContainerFacts, row: ProgramRow): FixIntent | undefined {
  const image = container.image?.value;
  if (!row.gracefulCommand || (image && shellLessImage(image))) return undefined;
  // `kill -USR1 1` signals PID 1, which is the pause process when the pod shares its process namespace.
  if (/\bkill\b.* 1$/.test(row.gracefulCommand) && ctx.workload.pod.shareProcessNamespace) return undefined;
  const before = Math.max(1, Math.ceil(ctx.timeline.serviceOutSeconds));
  const after = Math.max(1, Math.ceil(ctx.timeline.shutdownSeconds));
  const hook = { exec: { command: ['sh', '-c', `sleep ${before}; ${row.gracefulCommand}; sleep ${after}`] } };
  const changes: FixIntent['changes'] = [
    container.preStop ? { op: 'replace', at: container.preStop.span, value: hook } : { op: 'set', at: container.span, path: ['lifecycle', 'preStop'], value: hook },
  ];
  // The hook must end inside the grace period, with the 2-second floor to spare (G6, H4).
  const grace = graceBudget(ctx.workload.pod.terminationGracePeriodSeconds?.value);
  if (grace < before + after + 2) changes.push(...raiseGracePeriod(ctx.workload, proposedGrace(before + after, 0)).changes);
  return { id: 'graceful-prestop-hook', title: `Stop ${row.program} gracefully in a preStop hook (${row.gracefulCommand})`, safe: false, changes };
}

/**
 * `lifecycle.stopSignal: <graceful>` (and `spec.os.name: linux`, which it requires) where the
 * ContainerStopSignals gate is on: set by the user (alpha from 1.33), or 1.38's planned beta (SIG2).
 */
function stopSignalFix(ctx: RuleContext, container: ContainerFacts, row: ProgramRow): FixIntent | undefined {
  if (!row.gracefulSignal || ctx.gates.stopSignal !== 'on') return undefined;
  const gate = ctx.gates.userGates.includes('ContainerStopSignals') ? ' (ContainerStopSignals gate on, as you set it)' : ctx.gates.plannedGates.includes('ContainerStopSignals') ? ' (needs the planned 1.38 default)' : '';
  const changes: FixIntent['changes'] = [
    container.stopSignal
      ? { op: 'replace', at: container.stopSignal.span, value: row.gracefulSignal }
      : { op: 'set', at: container.span, path: ['lifecycle', 'stopSignal'], value: row.gracefulSignal },
  ];
  if (!ctx.workload.pod.osName) changes.push({ op: 'set', at: ctx.workload.pod.span, path: ['os', 'name'], value: 'linux' });
  return { id: 'set-stop-signal', title: `Set lifecycle.stopSignal to ${row.gracefulSignal} for ${container.name}${gate}`, safe: false, changes };
}

function message(c: ContainerTimeline, row: ProgramRow, sigkill: number): string {
  const gate = c.stopSignalGate === 'user' ? ', honoured because you set the ContainerStopSignals gate on' : c.stopSignalGate === 'planned' ? ', honoured as planned for this version' : '';
  const from = c.stopSignalSource === 'image' ? "the image's STOPSIGNAL" : c.stopSignalSource === 'stopSignal' ? `its lifecycle.stopSignal${gate}` : c.imageSignalAssumption ? 'this tag was built before the image set a STOPSIGNAL' : 'no stopSignal or image STOPSIGNAL';
  // Envoy's admin answers the kubelet's GET on a POST-only endpoint with 405: the hook did nothing.
  const ignored = c.preStop.getIgnored ? ` Its preStop GET ${c.preStop.getIgnored} does nothing: that endpoint acts only on POST.` : '';
  const via = c.program!.via ? `; ${c.program!.via}` : '';
  const what = `${c.name} (${row.program}) gets ${c.stopSignal} at ${secs(c.sigtermAt)} (${from}${via}): ${c.program!.text}`;
  if (c.program!.meaning === 'ignored' || c.program!.meaning === 'reload') return `${what}; in-flight requests are cut by SIGKILL at ${secs(sigkill)}, unless the app handles the signal itself.${ignored}`;
  const graceful = row.gracefulSignal ? ` ${row.program} stops gracefully on ${row.gracefulSignal}${row.gracefulCommand ? ` (${row.gracefulCommand})` : ''}.` : '';
  return `${what}.${ignored}${graceful}`;
}

/**
 * M1 refined: a preStop hook whose stop command is the program's fast shutdown (`nginx -s stop`,
 * `apachectl -k stop`, `pg_ctl stop -m immediate`, `kill -TERM 1` to nginx) is not a drain.
 */
function abruptHook(ctx: RuleContext, container: ContainerFacts, c: ContainerTimeline, serving: 'service' | 'ports'): RuleFinding {
  const stop = c.preStop.stop!;
  const row = PROGRAMS.find((r) => r.program === stop.program);
  const graceful = row?.gracefulCommand ? ` ${row.program} stops gracefully with ${row.gracefulCommand}.` : row?.gracefulSignal ? ` ${row.program} stops gracefully on ${row.gracefulSignal}.` : '';
  const fix = row ? gracefulHook(ctx, container, row) : undefined;
  return {
    severity: serving === 'service' ? 'warning' : 'information',
    message: `${c.name}'s preStop hook runs ${stop.command}, which sends ${stop.program} ${stop.signal}: ${stop.text}. The hook stops it abruptly instead of draining it.${graceful}`,
    span: container.preStop?.span ?? container.nameSpan,
    related: row ? [{ span: container.nameSpan, message: `${row.program}: ${row.signalSource}` }] : [],
    container: container.name,
    fixes: fix ? [fix] : [],
  };
}

export const abruptStopSignal: Rule = {
  id: 'abrupt-stop-signal',
  defaultSeverity: 'warning',
  check(ctx: RuleContext): RuleFinding[] {
    if (!ctx.longRunning) return [];
    return ctx.workload.pod.containers.flatMap((container): RuleFinding[] => {
      const serving = ctx.serving(container);
      const timeline = ctx.timelineOf(container);
      if (serving && timeline?.preStop.stop?.meaning === 'fast' && timeline.preStop.stop.program) return [abruptHook(ctx, container, timeline, serving)];
      const effect = timeline?.program;
      if (!serving || !timeline || !effect || effect.meaning === 'graceful' || timeline.preStop.drains) return [];
      const recognised = recogniseProgram(container, ctx.workload.pod.shareProcessNamespace);
      if (!recognised) return [];
      const { row } = recognised;
      const fixes = [gracefulHook(ctx, container, row), stopSignalFix(ctx, container, row)].filter((f): f is FixIntent => f !== undefined);
      // Node.js apps often install their own SIGTERM handler, which the manifest cannot show.
      const unsure = effect.meaning === 'ignored' || row.pid1Ignores;
      return [
        {
          severity: serving === 'service' && !unsure ? 'warning' : 'information',
          message: message(timeline, row, timeline.sigkillAt),
          span: container.image?.span ?? container.nameSpan,
          related: [
            ...(container.stopSignal ? [{ span: container.stopSignal.span, message: `lifecycle.stopSignal ${container.stopSignal.value}` }] : []),
            { span: container.nameSpan, message: `${row.program}: ${row.signalSource}` },
          ],
          container: container.name,
          fixes,
        },
      ];
    });
  },
};
