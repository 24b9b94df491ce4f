/**
 * The model with Services and Ingresses of other files: a finding stays in the workload's file
 * (its primary span moves to the workload's `kind` when it would stand in the other file), and every
 * related span and service-out source taken from another file names that file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeFile } from '../../server/engine/analyze';
import type { Finding } from '../../shared/model/output';
import { settings } from '../rules/helpers';
import { factsOf } from '../yaml/helpers';
import { DEPLOYMENT, INGRESS, SERVICE } from './fixture';

const PNRA_SERVICE = SERVICE.replace('spec:\n', 'spec:\n  publishNotReadyAddresses: true\n');
const SLEEP10 = DEPLOYMENT.replace('          readinessProbe', '          lifecycle: {preStop: {sleep: {seconds: 10}}}\n          readinessProbe');

function analyse(own: string, others: Record<string, string>) {
  const across = {
    file: 'deploy.yaml',
    others: Object.entries(others).map(([file, text]) => ({ file, ...factsOf(text) })),
  };
  const analysis = analyzeFile(own, settings(), undefined, across);
  const findings = analysis.workloads.flatMap((w) => w.analysis.findings);
  const at = (f: Finding) => own.slice(f.span.start, f.span.end);
  const relatedAt = (f: Finding) => f.related.map((r) => [r.file ?? '(own)', (r.file ? others[r.file]! : own).slice(r.span.start, r.span.end), r.message]);
  return { analysis, findings, at, relatedAt, timeline: analysis.workloads[0]!.analysis.timeline };
}

test('prestop-missing: the Service of another file makes it a warning and is related with its file', () => {
  const { findings, at, relatedAt } = analyse(DEPLOYMENT, { 'service.yaml': SERVICE });
  const f = findings.find((x) => x.rule === 'prestop-missing')!;
  assert.equal(f.severity, 'warning');
  assert.equal(at(f), 'web');
  assert.match(f.message, /Service\/web keeps sending it new requests until ≈5 s/);
  assert.deepEqual(relatedAt(f), [['service.yaml', 'web', 'Service/web selects this pod']]);
});

test('publish-not-ready-addresses of a Service in another file stands on the workload and points at the field', () => {
  const { findings, at, relatedAt } = analyse(DEPLOYMENT, { 'service.yaml': PNRA_SERVICE });
  const f = findings.find((x) => x.rule === 'publish-not-ready-addresses')!;
  assert.equal(at(f), 'Deployment');
  assert.deepEqual(relatedAt(f), [['service.yaml', 'publishNotReadyAddresses: true', 'Service/web sets publishNotReadyAddresses: true']]);
  // In one file, as before: on the field, pointing at the workload.
  const same = analyse(`${DEPLOYMENT}---\n${PNRA_SERVICE}`, {});
  const g = same.findings.find((x) => x.rule === 'publish-not-ready-addresses')!;
  assert.equal(same.at(g), 'true');
  assert.deepEqual(same.relatedAt(g), [['(own)', 'Deployment', 'Deployment/web is selected by Service/web']]);
});

test('an ALB ip-target Ingress in a third file feeds the service-out estimate, with its file', () => {
  const { timeline, findings, at, relatedAt } = analyse(DEPLOYMENT, { 'service.yaml': SERVICE, 'ingress.yaml': INGRESS });
  assert.equal(timeline.serviceOutSeconds, 30);
  const lb = timeline.serviceOutSources.find((s) => s.kind === 'aws-load-balancer')!;
  assert.equal(lb.file, 'ingress.yaml');
  assert.equal(INGRESS.slice(lb.span!.start, lb.span!.end), 'ip');
  assert.equal(timeline.serviceOutSources[0]!.file, undefined);
  assert.match(findings.find((x) => x.rule === 'prestop-missing')!.message, /≈30 s \(Ingress\/web: ALB with ip targets/);
  // deregistration_delay 5 s < the 10 s shutdown estimate: on the workload, pointing at the annotation.
  const delay = findings.find((x) => x.rule === 'lb-deregistration-delay')!;
  assert.equal(delay.severity, 'information');
  assert.equal(at(delay), 'Deployment');
  assert.deepEqual(relatedAt(delay), [['ingress.yaml', 'deregistration_delay.timeout_seconds=5', 'Ingress/web sets deregistration_delay.timeout_seconds=5']]);
});

test('lb-deregistration-delay: a preStop shorter than the ALB estimate, related to the Ingress of another file', () => {
  const { findings, at, relatedAt } = analyse(SLEEP10, { 'service.yaml': SERVICE, 'ingress.yaml': INGRESS });
  const short = findings.filter((x) => x.rule === 'lb-deregistration-delay' && x.severity === 'warning');
  assert.equal(short.length, 1);
  assert.equal(at(short[0]!), 'preStop');
  assert.deepEqual(relatedAt(short[0]!), [['ingress.yaml', 'ip', 'Ingress/web: ALB with ip targets (albDeregistrationSeconds estimate)']]);
});

test('an NLB ip-target Service in another file names its file in the service-out source', () => {
  const nlb = SERVICE.replace('  name: web\n', '  name: web\n  annotations:\n    service.beta.kubernetes.io/aws-load-balancer-type: external\n    service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: ip\n');
  const { timeline } = analyse(DEPLOYMENT, { 'service.yaml': nlb });
  assert.equal(timeline.serviceOutSeconds, 120);
  assert.deepEqual(timeline.serviceOutSources.map((s) => s.file), [undefined, 'service.yaml']);
});
