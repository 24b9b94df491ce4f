/** The data tables: legacy sidecars, shell-less images (H3) and shells as PID 1 (§15). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseImageRef, shellLessImage } from '../../shared/model/data/images';
import { recogniseSidecar } from '../../shared/model/data/sidecars';
import { shellStaysPid1 } from '../../shared/model/data/shells';

const product = (name: string, image?: string) => recogniseSidecar({ name, image })?.product;

test('image references split into registry, repository, tag and digest', () => {
  assert.deepEqual(parseImageRef('nginx'), { registry: undefined, repository: 'nginx', tag: undefined, digest: undefined });
  assert.deepEqual(parseImageRef('docker.io/library/redis:7'), { registry: undefined, repository: 'redis', tag: '7', digest: undefined });
  assert.deepEqual(parseImageRef('localhost:5000/team/app:1.2@sha256:ab'), { registry: 'localhost:5000', repository: 'team/app', tag: '1.2', digest: 'sha256:ab' });
  assert.deepEqual(parseImageRef('Quay.io/Brancz/kube-rbac-proxy:v0.22.1'), { registry: 'quay.io', repository: 'brancz/kube-rbac-proxy', tag: 'v0.22.1', digest: undefined });
  assert.equal(parseImageRef('{{ .Values.image }}'), undefined);
  assert.equal(parseImageRef('  '), undefined);
});

test('corpus sidecars are recognised by image', () => {
  assert.deepEqual(recogniseSidecar({ name: 'kube-rbac-proxy-main', image: 'quay.io/brancz/kube-rbac-proxy:v0.22.1' }), { category: 'auth-proxy', product: 'kube-rbac-proxy' });
  assert.deepEqual(recogniseSidecar({ name: 'cloudsql-proxy', image: 'gcr.io/cloudsql-docker/gce-proxy:1.11' }), { category: 'db-proxy', product: 'Cloud SQL Auth Proxy' });
  assert.deepEqual(recogniseSidecar({ name: 'cloud-sql-proxy', image: 'us.gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.3.0-alpine' }), { category: 'db-proxy', product: 'Cloud SQL Auth Proxy' });
  assert.deepEqual(recogniseSidecar({ name: 'linkerd-proxy', image: 'cr.l5d.io/linkerd/proxy:install-proxy-version' }), { category: 'mesh-proxy', product: 'Linkerd proxy' });
  assert.deepEqual(recogniseSidecar({ name: 'istio-proxy', image: 'registry.istio.io/testing/proxyv2:latest' }), { category: 'mesh-proxy', product: 'Istio sidecar proxy' });
  assert.deepEqual(recogniseSidecar({ name: 'count-agent', image: 'registry.k8s.io/fluentd-gcp:1.30' }), { category: 'log-agent', product: 'Fluentd' });
  assert.deepEqual(recogniseSidecar({ name: 'module-configmap-reloader', image: 'ghcr.io/jimmidyson/configmap-reload:v0.15.0' }), { category: 'config-reloader', product: 'configmap-reload' });
  assert.deepEqual(recogniseSidecar({ name: 'prometheus-server-configmap-reload', image: 'ghcr.io/prometheus-operator/prometheus-config-reloader:v0.89.0' }), { category: 'config-reloader', product: 'Prometheus config reloader' });
  assert.deepEqual(recogniseSidecar({ name: 'otc', image: 'otel/opentelemetry-collector-contrib:0.157.0@sha256:f2f0' }), { category: 'trace-agent', product: 'OpenTelemetry Collector' });
});

test('sidecars are recognised by distinctive names when the image says nothing', () => {
  assert.equal(product('vault-agent', 'hashicorp/vault:1.17'), 'Vault Agent');
  assert.equal(product('config-reloader', 'example.com/custom/reloader:1'), 'Prometheus config reloader');
  assert.equal(product('prometheus-config-reloader'), 'Prometheus config reloader');
  assert.equal(product('logshipper', 'alpine:latest'), 'log shipper');
  assert.equal(product('otc-container', '{{ .Values.collector.image }}'), 'OpenTelemetry Collector');
  assert.equal(product('Istio-Proxy'), 'Istio sidecar proxy');
});

test('generic names need an image that agrees', () => {
  assert.equal(product('envoy'), 'Envoy');
  assert.equal(product('envoy', 'mycorp/envoy-edge:1'), 'Envoy');
  assert.equal(product('envoy', 'mycorp/gateway:1'), undefined);
  assert.equal(product('envoy', 'mycorp/envoy:1'), 'Envoy');
  assert.equal(product('envoy', 'nginx:1.27'), undefined);
  assert.equal(product('vector', 'timberio/vector:0.40.0-distroless-libc'), 'Vector');
  assert.equal(product('vector', 'qdrant/qdrant:v1'), undefined);
});

test('application containers are not sidecars', () => {
  for (const [name, image] of [
    ['proxy', 'nginx'], ['wordpress', 'wordpress'], ['count-log-1', 'busybox:1.28'], ['count', 'busybox:1.28'],
    ['redis', 'public.ecr.aws/docker/library/redis:8.10.1-alpine'], ['sentinel', 'public.ecr.aws/docker/library/redis:8.10.1-alpine'],
    ['kube-state-metrics', 'registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.19.1'], ['node-exporter', 'quay.io/prometheus/node-exporter:v1.12.1'],
    ['blackbox-exporter', 'quay.io/prometheus/blackbox-exporter:v0.28.0'], ['prometheus-server', 'docker.io/prom/prometheus:v3.10.0'],
    ['identity', 'cr.l5d.io/linkerd/controller:install-control-plane-version'], ['node-driver-registrar', 'registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.4.0'],
    ['vault', 'hashicorp/vault:1.17'], ['haproxy', 'public.ecr.aws/docker/library/haproxy:3.0.8-alpine'],
  ] as const) {
    assert.equal(recogniseSidecar({ name, image }), undefined, `${name} (${image})`);
  }
});

test('shell-less images: distroless and Chainguard, except their debug and dev tags', () => {
  assert.equal(shellLessImage('gcr.io/distroless/static-debian12:nonroot')?.product, 'distroless');
  assert.equal(shellLessImage('gcr.io/distroless/java17-debian12')?.product, 'distroless');
  assert.equal(shellLessImage('gcr.io/distroless/base:debug'), undefined);
  assert.equal(shellLessImage('gcr.io/distroless/static-debian12:debug-nonroot'), undefined);
  assert.equal(shellLessImage('gcr.io/distroless/static@sha256:0123'), undefined);
  assert.equal(shellLessImage('gcr.io/distroless/static:nonroot@sha256:0123')?.product, 'distroless');
  assert.equal(shellLessImage('cgr.dev/chainguard/nginx:latest')?.product, 'Chainguard (distroless variant)');
  assert.equal(shellLessImage('cgr.dev/chainguard/python:latest-dev'), undefined);
  assert.equal(shellLessImage('cgr.dev/chainguard/wolfi-base:latest'), undefined);
});

test('shell-less images: Kubernetes add-ons built FROM scratch or distroless', () => {
  assert.match(shellLessImage('registry.k8s.io/pause:3.10')?.source ?? '', /build\/pause\/Dockerfile/);
  assert.equal(shellLessImage('registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.19.1')?.product, 'kube-state-metrics');
  assert.equal(shellLessImage('registry.k8s.io/metrics-server/metrics-server:v0.7.2')?.product, 'metrics-server');
  assert.equal(shellLessImage('registry.k8s.io/coredns/coredns:v1.11.3')?.product, 'CoreDNS');
  assert.equal(shellLessImage('registry.k8s.io/ingress-nginx/kube-webhook-certgen:v1.6.9@sha256:0103')?.product, 'kube-webhook-certgen');
  assert.equal(shellLessImage('ghcr.io/jimmidyson/configmap-reload:v0.15.0')?.product, 'configmap-reload');
  assert.equal(shellLessImage('quay.io/jetstack/cert-manager-controller:v1.16.0')?.product, 'cert-manager');
  assert.equal(shellLessImage('docker.io/istio/proxyv2:1.24.0-distroless')?.product, 'Istio distroless proxy');
  assert.equal(shellLessImage('envoyproxy/envoy:distroless-v1.31.0')?.product, 'Envoy distroless');
});

test('images with a shell are not listed', () => {
  for (const image of [
    'registry.k8s.io/ingress-nginx/controller:v1.15.1', 'quay.io/prometheus/prometheus:v3.0.0', 'quay.io/prometheus/node-exporter:v1.12.1',
    'ghcr.io/prometheus-operator/prometheus-config-reloader:v0.89.0', 'quay.io/argoproj/argocd:latest', 'cr.l5d.io/linkerd/proxy:stable-2.14.0',
    'docker.io/istio/proxyv2:1.24.0', 'envoyproxy/envoy:v1.24.0', 'busybox:1.28', 'nginx', 'quay.io/brancz/kube-rbac-proxy:v0.22.1',
  ]) {
    assert.equal(shellLessImage(image), undefined, image);
  }
});

test('shellStaysPid1: a lone simple command depends on the shell', () => {
  assert.deepEqual(shellStaysPid1(['bash', '-c', 'node app.js']), {
    shell: 'bash', verdict: 'execs', reason: 'bash execs a lone simple command', finalCommand: 'node app.js', finalCommandOffset: 0, program: ['node', 'app.js'],
  });
  const sh = shellStaysPid1(['/bin/sh', '-c', 'node app.js'])!;
  assert.equal(sh.verdict, 'maybe-exec');
  assert.equal(sh.shell, 'sh');
  assert.match(sh.reason, /Debian's and Ubuntu's dash/);
  assert.equal(shellStaysPid1(['dash', '-c', 'node app.js'])?.verdict, 'maybe-exec');
  assert.equal(shellStaysPid1(['busybox', 'sh', '-c', 'node app.js'])?.shell, 'busybox sh');
  // Any newline after the command stops dash and ash, two stop bash.
  assert.equal(shellStaysPid1(['ash', '-c', 'node app.js\n'])?.verdict, 'stays');
  assert.equal(shellStaysPid1(['bash', '-c', 'node app.js\n'])?.verdict, 'execs');
  assert.equal(shellStaysPid1(['bash', '-c', 'node app.js\n\n'])?.verdict, 'stays');
});

test('shellStaysPid1: the final command of a list, with its offset', () => {
  const v = shellStaysPid1(['sh', '-c', 'cd /app && npm start'])!;
  assert.equal(v.verdict, 'maybe-exec');
  assert.equal(v.finalCommand, 'npm start');
  assert.equal(v.finalCommandOffset, 11);
  const b = shellStaysPid1(['bash', '-euo', 'pipefail', '-c', 'npm run migrate;\nNODE_ENV=production node server.js'])!;
  assert.equal(b.verdict, 'maybe-exec');
  assert.match(b.reason, /bash 5\.1\+ execs it, bash 5\.0 and older keep the shell/);
  assert.equal(b.finalCommand, 'node server.js');
  assert.equal(b.finalCommandOffset, 37);
  const script = `echo "it's; fine" ; cat <<EOF > /x\nhello\nEOF\nexport A=1; node 'a b.js'`;
  const q = shellStaysPid1(['sh', '-c', script])!;
  assert.equal(script.slice(q.finalCommandOffset!), "node 'a b.js'");
  assert.equal(q.finalCommand, "node 'a b.js'");
});

test('shellStaysPid1: compound scripts that keep the shell', () => {
  const bash = shellStaysPid1(['bash', '-c', 'node app > /var/log/app.log 2>&1'])!;
  assert.equal(bash.verdict, 'stays');
  assert.equal(bash.reason, 'bash keeps the shell as PID 1: it has a redirection');
  assert.equal(bash.finalCommandOffset, 0);
  assert.equal(shellStaysPid1(['bash', '-c', 'redis-server & node app.js'])?.reason, 'bash keeps the shell as PID 1: it follows a background job');
  assert.equal(shellStaysPid1(['sh', '-c', 'while true; do date; sleep 5; done'])?.verdict, 'stays');
  assert.equal(shellStaysPid1(['bash', '-c', 'if [ -f x ]; then node a; else node b; fi'])?.verdict, 'stays');
  assert.equal(shellStaysPid1(['sh', '-c', 'if [ -f x ]; then node a; else node b; fi'])?.verdict, 'maybe-exec');
  assert.equal(shellStaysPid1(['sh', '-c', 'start() { node app; }; start'])?.verdict, 'stays');
  assert.equal(shellStaysPid1(['sh', '-c', '! node app'])?.verdict, 'stays');
});

test('shellStaysPid1: pipelines and background jobs have no safe fix', () => {
  const pipe = shellStaysPid1(['sh', '-c', 'node app.js | tee /var/log/app.log'])!;
  assert.deepEqual(pipe, { shell: 'sh', verdict: 'stays', reason: 'the final command is a pipeline, and the shell waits for all its parts' });
  const bg = shellStaysPid1(['sh', '-c', 'node app.js &'])!;
  assert.equal(bg.verdict, 'stays');
  assert.equal(bg.finalCommandOffset, undefined);
  const waits = shellStaysPid1(['sh', '-c', 'node a.js & node b.js & wait'])!;
  assert.equal(waits.verdict, 'stays');
  assert.equal(waits.finalCommand, undefined);
});

test('shellStaysPid1: traps', () => {
  assert.equal(shellStaysPid1(['sh', '-c', "trap 'kill -TERM $pid' TERM; node app & pid=$!; wait"])?.verdict, 'execs');
  assert.equal(shellStaysPid1(['sh', '-c', "trap 'exit 0' 15; sleep 1 & wait"])?.verdict, 'execs');
  const deferred = shellStaysPid1(['sh', '-c', "trap 'echo bye' SIGTERM; node app"])!;
  assert.equal(deferred.verdict, 'stays');
  assert.match(deferred.reason, /only after its foreground command/);
  assert.equal(shellStaysPid1(['sh', '-c', "trap '' TERM; node app"])?.verdict, 'stays');
  const exitTrap = shellStaysPid1(['bash', '-c', "trap 'rm -f /tmp/lock' EXIT; node app"])!;
  assert.equal(exitTrap.verdict, 'stays');
  assert.equal(exitTrap.reason, 'bash keeps the shell as PID 1: a trap is set (EXIT)');
  assert.equal(shellStaysPid1(['sh', '-c', "trap 'x' TERM; trap - TERM; node app"])?.verdict, 'maybe-exec');
  assert.equal(shellStaysPid1(['sh', '-c', 'trap -p; node app'])?.verdict, 'maybe-exec');
});

test('shellStaysPid1: exec already present, inits and non-shells', () => {
  assert.deepEqual(shellStaysPid1(['sh', '-c', 'A=1 exec node app.js']), { shell: 'sh', verdict: 'execs', reason: 'the final command is already started with exec', program: ['node', 'app.js'] });
  assert.equal(shellStaysPid1(['/bin/sh', '-ec', 'envsubst < /t > /c; exec "$@"', '--', 'nginx'])?.verdict, 'execs');
  assert.equal(shellStaysPid1(['sh', '-c', 'exec >/dev/null 2>&1; node app'])?.verdict, 'maybe-exec');
  assert.equal(shellStaysPid1(['sh', '-c', "trap '' TERM; exec node app"])?.verdict, 'maybe-exec');
  assert.equal(shellStaysPid1(['tini', '--', 'sh', '-c', 'node app']), undefined);
  assert.equal(shellStaysPid1(['/usr/bin/dumb-init', '--', 'bash', '-c', 'node app']), undefined);
  assert.equal(shellStaysPid1(['/usr/bin/env', 'bash', '-c', 'node app'])?.verdict, 'execs');
  assert.equal(shellStaysPid1(['node', 'app.js']), undefined);
  assert.equal(shellStaysPid1(['sh']), undefined);
  assert.equal(shellStaysPid1(['sh', '-c']), undefined);
  assert.equal(shellStaysPid1(['sh', '-c', 'if true; then']), undefined);
  const file = shellStaysPid1(['sh', '/entrypoint.sh'])!;
  assert.equal(file.verdict, 'maybe-exec');
  assert.equal(file.finalCommandOffset, undefined);
});

test('shellStaysPid1: the reason for sh names the shells that exec and why the others do not', () => {
  assert.equal(
    shellStaysPid1(['sh', '-c', 'node app.js\n'])?.reason,
    "a lone command: bash execs it, Debian's and Ubuntu's dash (their /bin/sh) does not; neither do BusyBox ash and upstream dash, because a newline follows it",
  );
  assert.equal(
    shellStaysPid1(['sh', '-c', 'node app > /log 2>&1'])?.reason,
    "a lone command: BusyBox ash execs it, Debian's and Ubuntu's dash (their /bin/sh) does not; bash does not, because it has a redirection",
  );
  assert.equal(
    shellStaysPid1(['sh', '-c', 'node app > /log\n'])?.reason,
    'no common /bin/sh execs it: it has a redirection (bash), a newline follows it (dash, ash)',
  );
});
