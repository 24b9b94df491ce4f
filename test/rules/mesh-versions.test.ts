/**
 * The mesh-version setting (issue 16). Expected values come from the sources at these tags:
 * - istio/istio: `ENABLE_NATIVE_SIDECARS` is `false` at 1.26.0 (c2e9871f340c0e0b114bcd1b73208284f1d17c9e,
 *   pilot/pkg/features/experimental.go) and `auto` at 1.27.0 (7359d8be2504f2b191f7d94156af08e6590d2d1c,
 *   pilot/pkg/features/pilot.go; #56918, the 1.27 backport of #56428), where
 *   pkg/kube/inject/webhook.go `DetectNativeSidecar` asks for kubelets 1.33 or newer; the pod
 *   annotation `sidecar.istio.io/nativeSidecar` is read from 1.24.0
 *   (8825a6b7f8c9a2d66005a5f8b64e98aaee0dda99, #53490). The 1.26 compatibility profile
 *   (manifests/helm-profiles/compatibility-version-1.26.yaml) sets it back to "false".
 * - linkerd/linkerd2: `proxy.nativeSidecar: false` at version-2.19 (0ebd74b02665ee7206490901703ba50949121af0)
 *   and `true` at version-2.20 (eadc1acf79ad2e766afbdceadb77f1594296fd77), charts/linkerd-control-plane/values.yaml;
 *   the change (#15267) is first in edge-26.5.2 (3e3e78729233969c91c693218b672d6c054cb6e0), which also
 *   adds the GA annotation `config.linkerd.io/proxy-enable-native-sidecar` (pkg/k8s/labels.go; 2.19
 *   reads only the beta and alpha names, pkg/inject/inject.go).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCli } from '../../server/cli/options';
import { mergeSettings, parseConfig } from '../../server/engine/config';
import { normalizeSettings } from '../../shared/settings';
import { pathLines } from '../../shared/timeline-text';
import { deployment, rule, timelines } from './helpers';

const annotated = (annotations: string) =>
  deployment({ container: 'lifecycle: {preStop: {sleep: {seconds: 10}}}' }).replace('      labels: {app: web}\n', `      labels: {app: web}\n      annotations:\n${annotations.split('\n').map((l) => `        ${l}`).join('\n')}\n`);
const istio = annotated('sidecar.istio.io/inject: "true"');
const linkerd = annotated('linkerd.io/inject: enabled');
const role = (text: string, extra: Parameters<typeof timelines>[1]) => timelines(text, extra)[0]!.containers.find((c) => c.implied)!.role;

test('Istio: a regular container up to 1.26, native from 1.27 on kubelets 1.33+', () => {
  assert.equal(role(istio, { kubernetesVersion: '1.33', mesh: { istio: '1.26' } }), 'legacy-sidecar');
  assert.equal(rule('proxy-exits-early', istio, { kubernetesVersion: '1.33', mesh: { istio: '1.26' } }).length, 1);
  assert.equal(role(istio, { kubernetesVersion: '1.33', mesh: { istio: '1.27' } }), 'native-sidecar');
  assert.equal(role(istio, { kubernetesVersion: '1.32', mesh: { istio: '1.28.2' } }), 'legacy-sidecar', 'auto wants kubelets 1.33+');
  // No version: the newest behaviour, as before the setting existed.
  assert.equal(role(istio, { kubernetesVersion: '1.33' }), 'native-sidecar');
});

test('Istio: the nativeSidecar annotation is read from 1.24', () => {
  const asked = annotated('sidecar.istio.io/inject: "true"\nsidecar.istio.io/nativeSidecar: "true"');
  assert.equal(role(asked, { kubernetesVersion: '1.33', mesh: { istio: '1.24' } }), 'native-sidecar');
  assert.equal(role(asked, { kubernetesVersion: '1.33', mesh: { istio: '1.23' } }), 'legacy-sidecar');
});

test('Linkerd: a regular container up to 2.19 (or edge-26.5.1), native from 2.20 (edge-26.5.2)', () => {
  assert.equal(role(linkerd, { mesh: { linkerd: '2.19' } }), 'legacy-sidecar');
  assert.equal(role(linkerd, { mesh: { linkerd: 'edge-26.5.1' } }), 'legacy-sidecar');
  assert.equal(role(linkerd, { mesh: { linkerd: '2.20' } }), 'native-sidecar');
  assert.equal(role(linkerd, { mesh: { linkerd: 'edge-26.5.2' } }), 'native-sidecar');
  assert.equal(rule('proxy-exits-early', linkerd, { mesh: { linkerd: 'stable-2.14.10' } }).length, 1);
});

test('Linkerd 2.19 reads the beta annotation but not the GA name', () => {
  const beta = annotated('linkerd.io/inject: enabled\nconfig.beta.linkerd.io/proxy-enable-native-sidecar: "true"');
  const ga = annotated('linkerd.io/inject: enabled\nconfig.linkerd.io/proxy-enable-native-sidecar: "true"');
  assert.equal(role(beta, { mesh: { linkerd: '2.19' } }), 'native-sidecar');
  assert.equal(role(ga, { mesh: { linkerd: '2.19' } }), 'legacy-sidecar');
  assert.equal(role(annotated('linkerd.io/inject: enabled\nconfig.linkerd.io/proxy-enable-native-sidecar: "false"'), { mesh: { linkerd: '2.20' } }), 'legacy-sidecar');
});

test('hover and explain name the version used', () => {
  const [set] = timelines(istio, { kubernetesVersion: '1.33', mesh: { istio: '1.26' } });
  assert.match(pathLines(set!)[0]!, /as a regular container \(Istio 1\.26, from the mesh setting\)/);
  const [unset] = timelines(linkerd, {});
  assert.match(pathLines(unset!)[0]!, /as a native sidecar \(Linkerd 2\.20 or newer assumed; the mesh setting names no version\)/);
  // The budget chain's proxy term names it too.
  const chain = timelines(istio, { kubernetesVersion: '1.33', mesh: { istio: '1.26' } })[0]!.chain!;
  assert.ok(chain.find((l) => l.id === 'proxy')!.right[0]!.sources.some((s) => s.kind === 'default' && s.text === 'Istio 1.26, from the mesh setting'));
});

test('the setting: editor mapping, CLI pairs, .kubegrace.yaml numbers, mistakes', () => {
  assert.deepEqual(normalizeSettings({ mesh: { istio: 'v1.26.3', linkerd: 'edge-26.5.2' } }).settings.mesh, { istio: 'v1.26.3', linkerd: 'edge-26.5.2' });
  assert.deepEqual(normalizeSettings({ mesh: ['istio=1.25,linkerd=2.18', 'istio=1.26'] }).settings.mesh, { istio: '1.26', linkerd: '2.18' });
  assert.match(normalizeSettings({ mesh: { istio: 'latest' } }).problems[0]!, /mesh\.istio "latest" is not an Istio version like 1\.27/);
  assert.match(normalizeSettings({ mesh: { linkerd: '3.0' } }).problems[0]!, /mesh\.linkerd "3\.0" is not a Linkerd version/);
  assert.match(normalizeSettings({ mesh: { cilium: '1.16' } }).problems[0]!, /unknown mesh "cilium"/);
  // An unquoted 1.30 in YAML is the number 1.3: the file's text is meant.
  const config = parseConfig('mesh:\n  istio: 1.30\n  linkerd: 2.19\n', '/repo/.kubegrace.yaml');
  assert.deepEqual(config.problems, []);
  assert.deepEqual(mergeSettings(config, {}).settings.mesh, { istio: '1.30', linkerd: '2.19' });
  // A flag changes one mesh and keeps the file's other one.
  const parsed = parseCli(['check', '--mesh', 'istio=1.26', 'x.yaml']);
  assert.ok('flags' in parsed);
  assert.deepEqual(mergeSettings(config, parsed.flags).settings.mesh, { istio: '1.26', linkerd: '2.19' });
  assert.throws(() => parseCli(['check', '--mesh', 'istio', 'x.yaml']), /--mesh: "istio" must be written istio=1\.N/);
});
