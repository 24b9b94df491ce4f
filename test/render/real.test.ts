/**
 * Every finding on real projects (podinfo's chart and overlays, Online Boutique's chart and
 * Kustomize tree; copies in test/fixtures/render) with its source location, kept as a snapshot
 * that was reviewed by hand. KUBEGRACE_UPDATE_SNAPSHOTS=1 rewrites it.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../server/cli/main';
import { packagedBin } from './tools';

const FIXTURES = join(__dirname, '../fixtures/render');
const SNAPSHOT = join(__dirname, '../snapshots/render.json');

const PROJECTS: Record<string, string[]> = {
  'podinfo chart': ['podinfo/charts/podinfo'],
  'podinfo chart, values-prod.yaml': ['podinfo/charts/podinfo', '-f', 'podinfo/charts/podinfo/values-prod.yaml'],
  'podinfo overlay dev': ['podinfo/deploy/overlays/dev'],
  'podinfo overlay staging': ['podinfo/deploy/overlays/staging'],
  'podinfo overlay production': ['podinfo/deploy/overlays/production'],
  'Online Boutique chart': ['microservices-demo/helm-chart'],
  'Online Boutique kustomize': ['microservices-demo/kustomize'],
  // Issue 17's patterns on charts the issue does not name (test/fixtures/charts/SOURCES.md).
  'Bitnami tomcat (pod spec included inline: spec: {{- include "tomcat.pod" . | nindent 6 }})': ['../charts/tomcat'],
  'Bitnami tomcat, values-hooks.yaml (lifecycle and sidecars through common.tplvalues.render)': ['../charts/tomcat', '-f', '../charts/tomcat/values-hooks.yaml'],
  'Bitnami tomcat, --set lifecycleHooks (no values line: the nearest template line)': ['../charts/tomcat', '--set', 'lifecycleHooks.preStop.sleep.seconds=2'],
  'prometheus-json-exporter (- name: {{ .Chart.Name }}, then {{- with .Values.extraContainers }})': ['../charts/json-exporter'],
  'prometheus-postgres-exporter, values-sidecar.yaml (- name: {{ template … }}, then extraContainers)': ['../charts/postgres-exporter', '-f', '../charts/postgres-exporter/values-sidecar.yaml'],
};

function findings(args: string[]): string[] {
  const out: string[] = [];
  const saved = process.env.PATH;
  process.env.PATH = `${packagedBin()}:${saved}`;
  try {
    main(['check', '--no-config', '--format', 'json', '--fail-on', 'information', ...args], { out: (t) => out.push(t), err: (t) => assert.fail(t) });
  } finally {
    process.env.PATH = saved;
  }
  const files = JSON.parse(out.join('')).files as Array<{ path: string; findings: Array<{ rule: string; container?: string; message: string; range: { start: { line: number; character: number } } }> }>;
  // Test pods get random name suffixes from helm; the location, rule and container are stable.
  return files.flatMap((f) =>
    f.findings.map((x) => `${f.path}:${x.range.start.line + 1}:${x.range.start.character + 1} ${x.rule} ${x.container ?? ''}${x.message.includes('the nearest line that leads to it') ? ' (nearest line)' : x.message.includes('was not found') ? ' (first line of the object)' : ''}`),
  );
}

it('real charts and overlays: every finding at its source line (snapshot)', () => {
  const cwd = process.cwd();
  process.chdir(FIXTURES);
  let actual: Record<string, string[]>;
  try {
    actual = Object.fromEntries(Object.entries(PROJECTS).map(([name, args]) => [name, findings(args)]));
  } finally {
    process.chdir(cwd);
  }
  if (process.env.KUBEGRACE_UPDATE_SNAPSHOTS) writeFileSync(SNAPSHOT, `${JSON.stringify(actual, null, 2)}\n`);
  assert.deepEqual(actual, JSON.parse(readFileSync(SNAPSHOT, 'utf8')));
});
