/** The webview's SVG chart and page, rendered from a hand-built `TimelineResult` (client/src/timelineSvg.ts, timelineHtml.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ContainerTimeline, PreStopTiming, WorkloadTimeline } from '../../shared/model/output';
import type { TimelineResult } from '../../shared/protocol';
import { CHART_WIDTH, LABEL_WIDTH, renderTimelineSvg, timelineScale } from '../../client/src/timelineSvg';
import { renderTimelinePage } from '../../client/src/timelineHtml';

const NO_HOOK: PreStopTiming = { kind: 'none', seconds: 0, drains: false, description: 'none' };

function container(partial: Partial<ContainerTimeline> & Pick<ContainerTimeline, 'name'>): ContainerTimeline {
  return {
    role: 'main',
    preStop: NO_HOOK,
    preStopEnd: 0,
    sigtermAt: 0,
    sigkillAt: 30,
    drainWindow: 30,
    exitAt: 10,
    killed: false,
    stopSignal: 'SIGTERM',
    waitsFor: [],
    shutdownSeconds: 10,
    ...partial,
  };
}

/** grace 30 s; web: preStop sleep 5 → SIGTERM 5 → exit 15 → SIGKILL 30; a native sidecar waits for web; a legacy sidecar stops at once. */
function result(containers?: ContainerTimeline[], extra: Partial<WorkloadTimeline> = {}): TimelineResult {
  const timeline: WorkloadTimeline = {
    object: 'Deployment/web',
    gracePeriodSeconds: 30,
    graceDefaulted: true,
    serviceOutSeconds: 5,
    serviceOutSources: [{ kind: 'setting', seconds: 5, description: 'endpointPropagationSeconds estimate', setting: 'endpointPropagationSeconds' }],
    shutdownSeconds: 10,
    shutdownSource: 'setting',
    selectedByService: true,
    orderedSidecars: true,
    containers: containers ?? [
      container({ name: 'web', preStop: { kind: 'exact', seconds: 5, drains: false, description: 'sleep 5' }, preStopEnd: 5, sigtermAt: 5, exitAt: 15, sigkillAt: 30, drainWindow: 25 }),
      container({ name: 'fluent-bit', role: 'legacy-sidecar', exitAt: 10 }),
      container({ name: 'istio-proxy', role: 'native-sidecar', sigtermAt: 15, exitAt: 25, sigkillAt: 30, drainWindow: 15, waitsFor: ['web', 'fluent-bit'] }),
    ],
    ...extra,
  };
  return { uri: 'file:///work/web.yaml', version: 3, timeline, findings: [], line: 1 };
}

/**
 * The documented scale: x(t) = LABEL_WIDTH + t · CHART_WIDTH / end. Here the latest event is the
 * grace period + 2 = 32 s, so the step is 5 s (7 intervals) and the axis ends at 35 s.
 */
const END = 35;
const x = (t: number) => LABEL_WIDTH + (t * CHART_WIDTH) / END;

function lanes(svg: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const m of svg.matchAll(/<g class="lane" data-container="([^"]*)" data-role="([^"]*)">(.*?)<\/g>(?=<g class="lane"|\n)/gs)) map.set(m[1]!, m[3]!);
  return map;
}

function markerX(lane: string, kind: string): number[] {
  return [...lane.matchAll(new RegExp(`<g class="marker ${kind}" transform="translate\\(([\\d.]+),`, 'g'))].map((m) => Number(m[1]));
}

function rects(lane: string, cls: string): Array<{ x: number; width: number }> {
  return [...lane.matchAll(new RegExp(`<rect class="${cls}" x="([\\d.]+)" y="[\\d.]+" width="([\\d.]+)"`, 'g'))].map((m) => ({ x: Number(m[1]), width: Number(m[2]) }));
}

test('the scale covers the grace period with whole tick steps', () => {
  const s = timelineScale(result().timeline);
  assert.deepEqual([s.end, s.step], [END, 5]);
  assert.deepEqual([s.x(0), s.x(5), s.x(30)], [x(0), x(5), x(30)]);
  assert.deepEqual([x(0), x(5), x(15), x(30)], [160, 240, 400, 640], 'the documented formula, spelled out');
  const long = timelineScale(result(undefined, { gracePeriodSeconds: 3600, serviceOutSeconds: 120 }).timeline);
  assert.deepEqual([long.end, long.step], [4200, 600]);
});

test('one lane per container, with its name and role, plus the new-requests lane', () => {
  const svg = renderTimelineSvg(result());
  assert.deepEqual([...lanes(svg).keys()], ['web', 'fluent-bit', 'istio-proxy']);
  assert.match(svg, /data-container="istio-proxy" data-role="native-sidecar"/);
  for (const text of ['>web</text>', '>main</text>', '>legacy sidecar</text>', '>native sidecar</text>', '>new requests (est.)</text>', '>until ≈5 s</text>']) assert.ok(svg.includes(text), text);
});

test('markers and segments sit at the right x', () => {
  const svg = renderTimelineSvg(result());
  const lane = lanes(svg);
  const web = lane.get('web')!;
  assert.deepEqual(rects(web, 'seg prestop'), [{ x: x(0), width: x(5) - x(0) }]);
  assert.deepEqual(rects(web, 'seg drain'), [{ x: x(5), width: x(15) - x(5) }]);
  assert.deepEqual([markerX(web, 'signal'), markerX(web, 'exit'), markerX(web, 'kill')], [[x(5)], [x(15)], [x(30)]]);
  assert.match(web, new RegExp(`<line class="idle" x1="${x(15)}" y1="[\\d.]+" x2="${x(30)}"`));

  const legacy = lane.get('fluent-bit')!;
  assert.deepEqual(rects(legacy, 'seg prestop'), []);
  assert.deepEqual([markerX(legacy, 'signal'), markerX(legacy, 'exit'), markerX(legacy, 'kill')], [[x(0)], [x(10)], [x(30)]]);

  const sidecar = lane.get('istio-proxy')!;
  assert.deepEqual(rects(sidecar, 'seg wait'), [{ x: x(0), width: x(15) - x(0) }], 'waits for its turn until web has exited');
  assert.deepEqual([markerX(sidecar, 'signal'), markerX(sidecar, 'exit'), markerX(sidecar, 'kill')], [[x(15)], [x(25)], [x(30)]]);
  assert.match(sidecar, /stops after web, fluent-bit/);

  assert.deepEqual(rects(svg, 'seg traffic'), [{ x: x(0), width: x(5) - x(0) }]);
  assert.match(svg, new RegExp(`<line class="deadline" x1="${x(30)}"`));
  assert.match(svg, />grace period 30 s \(default\)</);
  for (let t = 0; t <= END; t += 5) assert.ok(svg.includes(`text-anchor="middle">${t} s</text>`), `tick ${t} s`);
});

test('the stop signal is named; a container killed before it exits has no exit marker', () => {
  const svg = renderTimelineSvg(result([container({ name: 'nginx', stopSignal: 'SIGQUIT', exitAt: 30, killed: true, shutdownSeconds: 40 })]));
  const nginx = lanes(svg).get('nginx')!;
  assert.match(nginx, /<g class="marker signal"[^>]*><title>SIGQUIT at 0 s<\/title><line[^>]*\/><text class="sub" x="3" y="-10">SIGQUIT<\/text>/);
  assert.deepEqual(rects(nginx, 'seg drain killed'), [{ x: x(0), width: x(30) - x(0) }]);
  assert.deepEqual(markerX(nginx, 'exit'), []);
  assert.deepEqual(markerX(nginx, 'kill'), [x(30)]);
});

test('text from the document is escaped', () => {
  const evil = '<script>alert("x")</script>';
  const svg = renderTimelineSvg(result([container({ name: evil, stopSignal: '<b>' })], { object: 'Deployment/<img src=x>' }));
  assert.ok(!svg.includes('<script'), 'no script element');
  assert.ok(!svg.includes('<b>') && !svg.includes('<img'), 'no injected elements');
  assert.ok(svg.includes('data-container="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"'));
  assert.ok(svg.includes('>&lt;script&gt;alert(&quot;x&quot;)…<'), 'the label, shortened');
  const page = renderTimelinePage({ result: { ...result([container({ name: evil })]), findings: [{ rule: 'prestop-missing', severity: 'warning', message: evil, container: evil }] } }, 'abc');
  assert.ok(!page.includes('<script'), 'the page has no script element either');
});

test('colours come only from theme variables', () => {
  const svg = renderTimelineSvg(result());
  for (const variable of ['--vscode-editor-foreground', '--vscode-charts-blue', '--vscode-charts-orange', '--vscode-charts-red', '--vscode-charts-green', '--vscode-charts-yellow', '--vscode-editorWarning-foreground']) {
    assert.ok(svg.includes(`var(${variable})`), variable);
  }
  assert.doesNotMatch(svg, /(?<!&)#[0-9a-f]{3,8}\b/i, 'no hex colours');
  assert.doesNotMatch(svg, /\b(rgba?|hsla?)\(/, 'no rgb()/hsl()');
  assert.doesNotMatch(svg, /\s(fill|stroke|color)="/, 'no colour attributes: everything goes through classes');
  const style = /<style>([\s\S]*?)<\/style>/.exec(svg)![1]!;
  for (const [, value] of style.matchAll(/(?:fill|stroke|color):\s*([^;]+);/g)) assert.match(value!, /^var\(--vscode-[\w-]+\)$/, value);
});

test('the page: strict CSP with no scripts, nonce on every style, findings and assumptions', () => {
  const r = result();
  r.findings = [{ rule: 'grace-exhausted', severity: 'warning', message: 'web gets 25 s', container: 'web' }];
  const page = renderTimelinePage({ result: r }, 'NONCE');
  assert.match(page, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-NONCE';">/);
  assert.doesNotMatch(page, /script-src|<script/);
  assert.equal((page.match(/<style/g) ?? []).length, (page.match(/<style nonce="NONCE">/g) ?? []).length);
  assert.match(page, /<h2>Deployment\/web<\/h2>/);
  assert.match(page, /web\.yaml, line 2 · grace period 30 s \(default\) · new requests until ≈5 s/);
  assert.match(page, /<li class="severity-warning"><span class="severity">warning<\/span> <code>grace-exhausted<\/code> \(<code>web<\/code>\): web gets 25 s<\/li>/);
  for (const setting of ['kubegrace.endpointPropagationSeconds', 'kubegrace.shutdownSeconds', 'kubegrace.kubernetesVersion']) assert.ok(page.includes(`<code>${setting}</code>`), setting);
  const aws = result(undefined, { serviceOutSources: [{ kind: 'aws-load-balancer', seconds: 30, description: 'Ingress/web: ALB with ip targets (albDeregistrationSeconds estimate)', setting: 'albDeregistrationSeconds' }] });
  assert.ok(renderTimelinePage({ result: aws }, 'n').includes('<code>kubegrace.albDeregistrationSeconds</code>'));
});

test('no workload at the cursor: a friendly message', () => {
  const page = renderTimelinePage({ message: 'No workload at the cursor', detail: 'Place the cursor <here>.' }, 'n');
  assert.match(page, /<h2>No workload at the cursor<\/h2><p>Place the cursor &lt;here&gt;\.<\/p>/);
});

test('the renderers are pure: no vscode import', () => {
  for (const file of ['timelineSvg.ts', 'timelineHtml.ts']) {
    const text = readFileSync(resolve(__dirname, '../../client/src', file), 'utf8');
    assert.doesNotMatch(text, /from\s+['"](vscode|vscode-languageclient[^'"]*|node:[^'"]+)['"]/, file);
  }
});
