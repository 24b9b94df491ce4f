/**
 * GKE BackendConfig connection draining (issue 16), rule lb-draining-exceeds-grace. Sources: GKE
 * docs "Ingress configuration" (docs.cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration:
 * BackendConfig `connectionDraining.drainingTimeoutSec`, attached with the Service annotation
 * `cloud.google.com/backend-config` as `{"default": …}` or `{"ports": {…}}`); Cloud Load Balancing
 * "Enable connection draining" (cloud.google.com/load-balancing/docs/enabling-connection-draining:
 * requests to an endpoint removed from a zonal NEG get the timeout to finish, 0–3600 s). The kill
 * time is the rule book's G5/G6: SIGKILL at the grace period, or at hook + 2 s after a long hook.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeFile } from '../../server/engine/analyze';
import { extractFacts } from '../../server/yaml/facts/extract';
import { workloadInputsAcross } from '../../server/yaml/facts/match';
import { parseFile } from '../../server/yaml/parse/parse';
import { applyEdits, fixEdits } from '../../server/yaml/edits';
import { analyzeWorkload } from '../../shared/model/analyze';
import { backendConfigRefs } from '../../shared/model/gateways/annotation';
import { deployment, rule, settings } from './helpers';

const config = (seconds: number | string, extra = '') => `apiVersion: cloud.google.com/v1\nkind: BackendConfig\nmetadata: {name: web-backend${extra}}\nspec:\n  connectionDraining:\n    drainingTimeoutSec: ${seconds}\n`;
const service = (annotation: string, key = 'cloud.google.com/backend-config') =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  annotations:\n    ${key}: '${annotation}'\nspec:\n  selector: {app: web}\n  ports: [{port: 80, targetPort: 8080}]\n`;
const web = (grace = 30, hook = 'lifecycle: {preStop: {sleep: {seconds: 10}}}') => deployment({ container: hook, pod: `terminationGracePeriodSeconds: ${grace}`, service: false });
const files = (seconds: number | string, annotation = '{"default": "web-backend"}', grace = 30) => `${config(seconds)}---\n${service(annotation)}---\n${web(grace)}`;

test('draining 120 s behind a pod killed at 30 s: reported on the grace period, linked to the value and the annotation', () => {
  const text = files(120);
  const found = rule('lb-draining-exceeds-grace', text);
  assert.equal(found.length, 1);
  assert.equal(found[0]!.severity, 'warning');
  assert.equal(found[0]!.at, '30');
  assert.match(found[0]!.message, /BackendConfig\/web-backend \(attached to Service\/web\) lets the load balancer keep requests to a removed pod running for 120 s, but web is killed 30 s after/);
  const finding = analyzeFile(text, settings()).workloads[0]!.analysis.findings.find((f) => f.rule === 'lb-draining-exceeds-grace')!;
  assert.deepEqual(finding.related.map((r) => text.slice(r.span.start, r.span.end)), ['120', `'{"default": "web-backend"}'`]);
  // The fix: the timeout + the 5 s traffic-stop estimate + 5 s, rounded up to 5 → 130; then clean.
  const fix = finding.fixes.find((f) => f.id === 'raise-grace-period')!;
  const after = applyEdits(text, fixEdits(text, fix));
  assert.match(after, /terminationGracePeriodSeconds: 130\n/);
  assert.deepEqual(rule('lb-draining-exceeds-grace', after), []);
});

test('the ports form and the beta annotation attach it too', () => {
  assert.match(rule('lb-draining-exceeds-grace', files(60, '{"ports": {"80": "web-backend"}}'))[0]!.message, /Service\/web for port 80\)/);
  const beta = `${config(60)}---\n${service('{"default": "web-backend"}', 'beta.cloud.google.com/backend-config')}---\n${web()}`;
  assert.equal(rule('lb-draining-exceeds-grace', beta).length, 1);
  assert.deepEqual(
    backendConfigRefs({ annotations: { 'cloud.google.com/backend-config': { value: '{"default": "a", "ports": {"http": "b", "443": 7}}', span: { start: 0, end: 0 } } } }).map((r) => `${r.port}=${r.name}`),
    ['default=a', 'http=b'],
  );
});

test('quiet: a timeout the pod outlives, no draining, another namespace, an unreadable annotation, no selecting Service', () => {
  assert.deepEqual(rule('lb-draining-exceeds-grace', files(30)), [], 'equal to the kill time');
  assert.deepEqual(rule('lb-draining-exceeds-grace', files(0)), []);
  assert.deepEqual(rule('lb-draining-exceeds-grace', files(120, '{"default": "web-backend"}', 180)), []);
  assert.deepEqual(rule('lb-draining-exceeds-grace', `${config(120, ', namespace: other')}---\n${service('{"default": "web-backend"}')}---\n${web()}`), []);
  assert.deepEqual(rule('lb-draining-exceeds-grace', files(120, '{default: web-backend}')), [], 'not JSON: GKE attaches nothing');
  assert.deepEqual(rule('lb-draining-exceeds-grace', `${config(120)}---\n${web()}`), []);
  assert.deepEqual(rule('lb-draining-exceeds-grace', files('"120"')), [], 'a string is not the int64 GKE reads');
});

test('a long hook moves SIGKILL: exec sleep 40 with grace 30 is killed at 32 s (G6)', () => {
  const hook = 'lifecycle: {preStop: {exec: {command: [sleep, "40"]}}}';
  assert.deepEqual(rule('lb-draining-exceeds-grace', `${config(32)}---\n${service('{"default": "web-backend"}')}---\n${web(30, hook)}`), []);
  assert.match(rule('lb-draining-exceeds-grace', `${config(33)}---\n${service('{"default": "web-backend"}')}---\n${web(30, hook)}`)[0]!.message, /killed 32 s after/);
});

test('BackendConfig and Service in other files: found across files and linked there', () => {
  const backend = extractFacts(parseFile(config(120)));
  const svc = extractFacts(parseFile(service('{"default": "web-backend"}')));
  const [input] = workloadInputsAcross({ file: 'web.yaml', facts: extractFacts(parseFile(web())) }, [
    { file: 'backend.yaml', services: [], ingresses: [], related: backend.related },
    { file: 'svc.yaml', services: svc.services, ingresses: [], related: [] },
  ]);
  const finding = analyzeWorkload(input!, settings()).findings.find((f) => f.rule === 'lb-draining-exceeds-grace');
  assert.deepEqual(finding?.related.map((r) => r.file), ['backend.yaml', 'svc.yaml']);
});
