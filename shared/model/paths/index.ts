/**
 * Every way the pod is stopped whose outcome differs from a plain delete (rule book P1, E1),
 * in the order the hover lists them.
 */
import type { WorkloadFacts } from '../facts';
import type { Features } from '../features';
import type { DisruptionPath, WorkloadTimeline } from '../output';
import type { RunningContainer } from '../timeline';
import { drainPath } from './drain';
import { platformPath, type PlatformCap } from './platform';
import { probeRestartPath } from './probe';
import type { DisruptionBudgetFacts } from './related';

/** Probe restarts listed at most, so a pod with thousands of probed containers keeps a short hover. */
const MAX_PROBE_PATHS = 5;

export function disruptionPaths(workload: WorkloadFacts, running: RunningContainer[], timeline: WorkloadTimeline, budgets: DisruptionBudgetFacts[], gates: Features, cap: PlatformCap | undefined): DisruptionPath[] {
  const paths: DisruptionPath[] = [];
  // By name, not by scanning: a pod with 20,000 containers stays linear.
  const lanes = new Map<string, WorkloadTimeline['containers'][number]>();
  for (const t of timeline.containers) if (!t.implied && !lanes.has(t.name)) lanes.set(t.name, t);
  for (const c of running) {
    if (paths.length >= MAX_PROBE_PATHS) break;
    const lane = lanes.get(c.facts.name);
    const path = lane ? probeRestartPath(c.facts, lane, workload.pod.terminationGracePeriodSeconds?.value, gates) : undefined;
    if (path) paths.push(path);
  }
  const drain = drainPath(workload, budgets);
  if (drain) paths.push(drain);
  const platform = platformPath(cap, timeline.gracePeriodSeconds);
  if (platform) paths.push(platform);
  return paths;
}
