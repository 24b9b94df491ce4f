/**
 * The budget inequality of a served workload as one chain (rule book N3, G6, M1, K1/SC2), so the
 * hover can show which link breaks:
 *   traffic stops (endpoints, load balancers)  ≤  preStop delay
 *   preStop delay + the app's drain            ≤  grace period (the platform's, when shorter)
 *   the app's drain                            ≤  the proxy's life (when a mesh proxy is injected)
 * Uses the timeline only, so it says nothing the rules do not already prove; it puts their
 * numbers side by side. Each term carries where its number comes from (issue 16): the line that
 * sets it, in whichever file, or the setting or default that stands in for it.
 */
import { SHUTDOWN_ANNOTATION } from '../../rules';
import type { ContainerFacts, ServiceFacts, WorkloadFacts } from '../facts';
import type { ImpliedProxy } from '../mesh/inject';
import type { ChainLink, ChainSource, ChainTerm, ContainerTimeline, Finding, RelatedSpan, WorkloadTimeline } from '../output';
import { seconds as secs } from '../../timeline-text';
import type { PlatformCap } from './platform';

export type { ChainLink } from '../output';

/** Services named as a source of the traffic term, at most: a pod behind many keeps a short hover. */
const MAX_SERVICES = 3;

function lastMain(t: WorkloadTimeline): ContainerTimeline | undefined {
  return t.containers.filter((c) => c.role === 'main').reduce<ContainerTimeline | undefined>((a, c) => (!a || c.exitAt > a.exitAt ? c : a), undefined);
}

function line(span: ServiceFacts['kindSpan'], what: string, file?: string): ChainSource {
  return { kind: 'line', span, what, ...(file ? { file } : {}) };
}

/** The Services the endpoint removal goes through (N1–N3): the estimate is a setting, they are lines. */
function trafficTerm(t: WorkloadTimeline, services: ServiceFacts[]): ChainTerm {
  const traffic = t.serviceOutSources.reduce((a, s) => (s.seconds > a.seconds ? s : a));
  const sources: ChainSource[] = [];
  if (traffic.span) sources.push(line(traffic.span, traffic.description.replace(/ \(\w+ estimate\)$/, ''), traffic.file));
  sources.push({ kind: 'setting', setting: traffic.setting });
  if (traffic.kind === 'setting') for (const s of services.slice(0, MAX_SERVICES)) sources.push(line(s.nameSpan ?? s.kindSpan, `Service/${s.name}`, s.file));
  return { text: `traffic stops ≈${secs(t.serviceOutSeconds)}`, sources };
}

/** The preStop line of the container, or its name when it has none (the delay is then 0). */
function preStopSource(container: ContainerFacts | undefined): ChainSource[] {
  if (!container) return [];
  return container.preStop ? [line(container.preStop.keySpan, 'preStop')] : [line(container.nameSpan, 'no preStop')];
}

/** The app's drain: the hook itself (M1), the per-workload annotation, else the setting. */
function drainSources(workload: WorkloadFacts, app: ContainerTimeline, hook: ChainSource[]): ChainSource[] {
  if (app.preStop.drains) return hook;
  const annotation = workload.podMetadata.annotations[SHUTDOWN_ANNOTATION] ?? workload.metadata.annotations[SHUTDOWN_ANNOTATION];
  return annotation && app.shutdownSeconds === Number(annotation.value) ? [line(annotation.span, SHUTDOWN_ANNOTATION)] : [{ kind: 'setting', setting: 'shutdownSeconds' }];
}

function graceSources(workload: WorkloadFacts, t: WorkloadTimeline, capped: PlatformCap | undefined): ChainSource[] {
  // A NodePool in the files sets its cap on a line; a profile's cap is the platform setting.
  if (capped?.source) return [line(capped.source.span, capped.source.message, capped.source.file)];
  if (capped) return [{ kind: 'setting', setting: 'platform', what: `${capped.label}: ${capped.why}` }];
  const tgps = workload.pod.terminationGracePeriodSeconds;
  return tgps && !t.graceDefaulted ? [line(tgps.span, 'terminationGracePeriodSeconds')] : [{ kind: 'default', text: 'default 30 s' }];
}

/** Where the proxy's life comes from: its drain annotation or the mesh default, and what injects it. */
function proxySources(proxy: ImpliedProxy): ChainSource[] {
  const sources: ChainSource[] = [];
  if (proxy.drainSource) sources.push(line(proxy.drainSource.span, proxy.mesh === 'Istio' ? 'proxy.istio.io/config' : 'proxy-wait-before-exit-seconds'));
  // Istio drains terminationDrainDuration after its SIGTERM, native or not; Linkerd's wait is a
  // preStop of the regular container only (ignored for native sidecars).
  else if (proxy.mesh === 'Istio') sources.push({ kind: 'default', text: 'Istio default terminationDrainDuration 5 s' });
  else if (!proxy.native) sources.push({ kind: 'default', text: 'Linkerd default: no wait before exit' });
  if (proxy.namespace) sources.push(line(proxy.namespace.nameSpan ?? proxy.namespace.kindSpan, `Namespace/${proxy.namespace.name}`, proxy.namespace.file));
  else if (proxy.injectSource) sources.push(line(proxy.injectSource.span, 'injection'));
  sources.push({ kind: 'default', text: proxy.version });
  return sources;
}

function link(id: ChainLink['id'], holds: boolean, left: ChainTerm[], right: ChainTerm[]): ChainLink {
  return { id, holds, text: `${left.map((x) => x.text).join(' + ')} ≤ ${right.map((x) => x.text).join(' + ')}`, left, right };
}

export interface ChainInputs {
  workload: WorkloadFacts;
  /** The Services selecting the pods (real Services only, paths/objects.ts). */
  services: ServiceFacts[];
  platform: PlatformCap | undefined;
  proxy: ImpliedProxy | undefined;
}

export function budgetChain(t: WorkloadTimeline, inputs: ChainInputs): ChainLink[] {
  const app = lastMain(t);
  if (!app || !t.selectedByService) return [];
  const { workload, platform, proxy } = inputs;
  const container = workload.pod.containers.find((c) => c.name === app.name);
  const hook = preStopSource(container);
  const delay = app.preStop.kind === 'none' ? 0 : app.preStopEnd;
  const atLeast = app.preStop.kind === 'at-least' ? '≥' : '';
  const links: ChainLink[] = [];
  links.push(link('traffic', app.preStop.kind === 'at-least' || t.serviceOutSeconds <= delay, [trafficTerm(t, inputs.services)], [{ text: `preStop delay ${atLeast}${secs(delay)} of ${app.name}`, sources: hook }]));
  const capped = platform !== undefined && platform.seconds < t.gracePeriodSeconds ? platform : undefined;
  const budget = capped ? capped.seconds : t.gracePeriodSeconds;
  const whose = capped ? "the platform's budget" : 'grace period';
  const drain = app.preStop.drains ? 0 : app.shutdownSeconds;
  links.push(
    link(
      'grace',
      // Uncapped, SIGKILL may come past the grace period (the 2 s after an overrunning hook); a
      // platform's cap ends the node, so nothing runs past it.
      !app.killed && delay + drain <= (capped ? capped.seconds : Math.max(budget, app.sigkillAt)),
      [
        { text: `preStop ${atLeast}${secs(delay)}`, sources: hook },
        { text: `drain ≈${secs(drain)}`, sources: drainSources(workload, app, hook) },
      ],
      [{ text: `${whose} ${secs(budget)}`, sources: graceSources(workload, t, capped) }],
    ),
  );
  const lane = t.containers.find((c) => c.implied);
  if (lane && proxy) {
    links.push(link('proxy', Math.floor(lane.exitAt) >= Math.ceil(app.exitAt), [{ text: `${app.name} done ≈${secs(app.exitAt)}`, sources: [] }], [{ text: `${lane.name} gone ≈${secs(lane.exitAt)}`, sources: proxySources(proxy) }]));
  }
  return links;
}

/** The rules whose findings are a broken link of the chain, by link. */
const RULES_OF_LINK: Record<ChainLink['id'], readonly string[]> = {
  traffic: ['prestop-missing', 'prestop-too-short', 'lb-deregistration-delay'],
  grace: ['grace-exhausted', 'prestop-exceeds-grace', 'grace-capped-by-platform'],
  proxy: ['proxy-exits-early'],
};

/**
 * The lines of the broken link a finding is about, as related locations (issue 16): every term of
 * that link that a manifest line sets, in whichever file, except the finding's own place and the
 * places it already names.
 */
export function chainRelated(chain: ChainLink[] | undefined, finding: Finding): RelatedSpan[] {
  const broken = chain?.find((l) => !l.holds && RULES_OF_LINK[l.id].includes(finding.rule));
  // lb-deregistration-delay's other finding (a deregistration delay shorter than the drain, on no
  // container) is about requests in flight, not about this chain.
  if (!broken || (finding.rule === 'lb-deregistration-delay' && finding.container === undefined)) return [];
  const seen = new Set([`|${finding.span.start}`, ...finding.related.map((r) => `${r.file ?? ''}|${r.span.start}`)]);
  const out: RelatedSpan[] = [];
  for (const term of [...broken.left, ...broken.right]) {
    for (const source of term.sources) {
      if (source.kind !== 'line') continue;
      const key = `${source.file ?? ''}|${source.span.start}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ span: source.span, message: `${source.what} → ${term.text}; the budget chain breaks at ${broken.text}`, ...(source.file ? { file: source.file } : {}) });
    }
  }
  return out;
}
