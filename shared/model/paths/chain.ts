/**
 * The budget inequality of a served workload as one chain (rule book N3, G6, M1, K1/SC2), so the
 * hover can show which link breaks:
 *   traffic stops (endpoints, load balancers)  ≤  preStop delay
 *   preStop delay + the app's drain            ≤  grace period (the platform's, when shorter)
 *   the app's drain                            ≤  the proxy's life (when a mesh proxy is injected)
 * Uses the timeline only, so it says nothing the rules do not already prove; it puts their
 * numbers side by side.
 */
import type { ContainerTimeline, WorkloadTimeline } from '../output';
import { seconds as secs } from '../../timeline-text';

export interface ChainLink {
  holds: boolean;
  text: string;
}

function lastMain(t: WorkloadTimeline): ContainerTimeline | undefined {
  return t.containers.filter((c) => c.role === 'main').reduce<ContainerTimeline | undefined>((a, c) => (!a || c.exitAt > a.exitAt ? c : a), undefined);
}

export function budgetChain(t: WorkloadTimeline, platformSeconds: number | undefined): ChainLink[] {
  const app = lastMain(t);
  if (!app || !t.selectedByService) return [];
  const links: ChainLink[] = [];
  const delay = app.preStop.kind === 'none' ? 0 : app.preStopEnd;
  const atLeast = app.preStop.kind === 'at-least' ? '≥' : '';
  const traffic = t.serviceOutSources.reduce((a, s) => (s.seconds > a.seconds ? s : a));
  links.push({ holds: app.preStop.kind === 'at-least' || t.serviceOutSeconds <= delay, text: `traffic stops ≈${secs(t.serviceOutSeconds)} (${traffic.description}) ≤ preStop delay ${atLeast}${secs(delay)} of ${app.name}` });
  const budget = platformSeconds !== undefined && platformSeconds < t.gracePeriodSeconds ? platformSeconds : t.gracePeriodSeconds;
  const whose = budget === t.gracePeriodSeconds ? 'grace period' : "the platform's budget";
  const drain = app.preStop.drains ? 0 : app.shutdownSeconds;
  links.push({ holds: !app.killed && delay + drain <= Math.max(budget, app.sigkillAt), text: `preStop ${atLeast}${secs(delay)} + drain ≈${secs(drain)} ≤ ${whose} ${secs(budget)}` });
  const proxy = t.containers.find((c) => c.implied);
  if (proxy) links.push({ holds: Math.floor(proxy.exitAt) >= Math.ceil(app.exitAt), text: `${app.name} done ≈${secs(app.exitAt)} ≤ ${proxy.name} gone ≈${secs(proxy.exitAt)}` });
  return links;
}
