import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HandlerFacts } from '../../shared/model/facts';
import { at, onlyWorkload, yaml } from './helpers';

const pod = (...spec: string[]) => yaml('apiVersion: v1', 'kind: Pod', 'metadata: {name: p}', 'spec:', ...spec);

function handler<T extends HandlerFacts['type']>(handlers: HandlerFacts[], type: T): HandlerFacts & { type: T } {
  const found = handlers.find((h) => h.type === type);
  assert.ok(found, `expected a ${type} handler`);
  return found as HandlerFacts & { type: T };
}

test('pod-level fields: grace, os, restartPolicy, shareProcessNamespace', () => {
  const text = pod(
    '  terminationGracePeriodSeconds: 60',
    '  os: {name: linux}',
    '  restartPolicy: Never',
    '  shareProcessNamespace: true',
    '  containers: [{name: a}]',
  );
  const w = onlyWorkload(text);
  assert.equal(w.pod.terminationGracePeriodSeconds!.value, 60);
  assert.equal(w.pod.osName!.value, 'linux');
  assert.equal(at(text, w.pod.osName!.pairSpan), 'name: linux');
  assert.equal(w.pod.restartPolicy!.value, 'Never');
  assert.equal(at(text, w.pod.restartPolicy!.span), 'Never');
  assert.equal(w.pod.shareProcessNamespace, true);
});

test('a grace period written as a string or null is not a number', () => {
  for (const value of ['"30"', 'thirty', '~', '[30]']) {
    const w = onlyWorkload(pod(`  terminationGracePeriodSeconds: ${value}`, '  containers: [{name: a}]'));
    assert.equal(w.pod.terminationGracePeriodSeconds, undefined, value);
  }
  const hex = onlyWorkload(pod('  terminationGracePeriodSeconds: 0x1e', '  containers: [{name: a}]'));
  assert.equal(hex.pod.terminationGracePeriodSeconds!.value, 30);
});

test('preStop handlers of every type, with their fields and spans', () => {
  const text = pod(
    '  containers:',
    '    - name: exec',
    '      lifecycle:',
    '        preStop:',
    '          exec:',
    '            command: [sleep, 5, true]',
    '        postStart:',
    '          httpGet: {path: /start, port: http, scheme: HTTPS}',
    '        stopSignal: SIGUSR1',
    '    - name: sleep',
    '      lifecycle:',
    '        preStop:',
    '          sleep:',
    '            seconds: 10',
    '    - name: tcp',
    '      lifecycle: {preStop: {tcpSocket: {port: 8080}}}',
    '    - name: two',
    '      lifecycle: {preStop: {sleep: {seconds: "7"}, httpGet: {port: 80}}}',
    '    - name: none',
    '      lifecycle: {preStop: {}, postStart: null}',
  );
  const [exec, sleep, tcp, two, none] = onlyWorkload(text).pod.containers;

  assert.equal(at(text, exec!.lifecycle!.keySpan), 'lifecycle');
  assert.ok(at(text, exec!.lifecycle!.span).startsWith('preStop:\n          exec:'));
  assert.equal(at(text, exec!.preStop!.keySpan), 'preStop');
  assert.equal(at(text, exec!.preStop!.span), 'exec:\n            command: [sleep, 5, true]');
  const execHandler = handler(exec!.preStop!.handlers, 'exec');
  assert.deepEqual(execHandler.command!.value, ['sleep', '5', 'true']);
  assert.equal(at(text, execHandler.command!.span), '[sleep, 5, true]');
  assert.equal(at(text, execHandler.command!.pairSpan), 'command: [sleep, 5, true]');
  assert.equal(at(text, execHandler.span), 'command: [sleep, 5, true]');
  const http = handler(exec!.postStart!.handlers, 'httpGet');
  assert.equal(http.path!.value, '/start');
  assert.equal(http.port!.value, 'http');
  assert.equal(http.scheme!.value, 'HTTPS');
  assert.equal(at(text, http.span), '{path: /start, port: http, scheme: HTTPS}');
  assert.equal(exec!.stopSignal!.value, 'SIGUSR1');
  assert.equal(at(text, exec!.stopSignal!.pairSpan), 'stopSignal: SIGUSR1');

  const sleepHandler = handler(sleep!.preStop!.handlers, 'sleep');
  assert.equal(sleepHandler.seconds!.value, 10);
  assert.equal(at(text, sleepHandler.seconds!.pairSpan), 'seconds: 10');

  assert.equal(handler(tcp!.preStop!.handlers, 'tcpSocket').port!.value, 8080);

  assert.deepEqual(
    two!.preStop!.handlers.map((h) => h.type),
    ['sleep', 'httpGet'],
  );
  assert.equal(handler(two!.preStop!.handlers, 'sleep').seconds!.value, '7', 'a string stays a string');
  assert.equal(handler(two!.preStop!.handlers, 'httpGet').port!.value, 80);

  assert.deepEqual(none!.preStop!.handlers, [], 'an empty hook has no handler (V1)');
  assert.equal(none!.postStart, undefined, 'a null hook is no hook');
  assert.equal(none!.stopSignal, undefined);
});

test('an exec command written as a block scalar script', () => {
  const text = pod(
    '  containers:',
    '    - name: a',
    '      lifecycle:',
    '        preStop:',
    '          exec:',
    '            command:',
    '              - /bin/sh',
    '              - -c',
    '              - |',
    '                sleep 5',
    '                nginx -s quit',
    '',
    '      image: x',
  );
  const command = handler(onlyWorkload(text).pod.containers[0]!.preStop!.handlers, 'exec').command!;
  assert.deepEqual(command.value, ['/bin/sh', '-c', 'sleep 5\nnginx -s quit\n']);
  assert.ok(at(text, command.span).endsWith('nginx -s quit'), 'the span stops before the trailing line break');
});

test('container fields: command, args, ports, probes, restartPolicy, init containers', () => {
  const text = pod(
    '  initContainers:',
    '    - name: proxy',
    '      restartPolicy: Always',
    '      startupProbe: {tcpSocket: {port: 15021}}',
    '    - name: migrate',
    '  containers:',
    '    - name: app',
    '      command: ["/app"]',
    '      args: [--port, 8080, null]',
    '      ports:',
    '        - containerPort: 8080',
    '          name: http',
    '        - {containerPort: "9090"}',
    '      readinessProbe:',
    '        httpGet: {path: /ready, port: http}',
    '      livenessProbe:',
    '        terminationGracePeriodSeconds: 10',
    '        exec: {command: [true]}',
  );
  const w = onlyWorkload(text);
  const [proxy, migrate] = w.pod.initContainers;
  assert.equal(proxy!.list, 'initContainers');
  assert.equal(proxy!.restartPolicy!.value, 'Always');
  assert.equal(at(text, proxy!.startupProbe!.keySpan), 'startupProbe');
  assert.equal(at(text, proxy!.startupProbe!.span), '{tcpSocket: {port: 15021}}');
  assert.equal(migrate!.index, 1);
  assert.equal(at(text, w.pod.initContainersSpan), text.slice(text.indexOf('- name: proxy'), text.indexOf('\n  containers:')));

  const app = w.pod.containers[0]!;
  assert.deepEqual(app.command!.value, ['/app']);
  assert.deepEqual(app.args!.value, ['--port', '8080', '']);
  assert.equal(app.ports.length, 2);
  assert.deepEqual({ ...app.ports[0], span: undefined }, { containerPort: 8080, name: 'http', span: undefined });
  assert.equal(at(text, app.ports[0]!.span), 'containerPort: 8080\n          name: http');
  assert.equal(app.ports[1]!.containerPort, undefined, 'a quoted port is not a number');
  assert.equal(at(text, app.readinessProbe!.span), 'httpGet: {path: /ready, port: http}');
  assert.equal(app.readinessProbe!.terminationGracePeriodSeconds, undefined);
  assert.equal(app.livenessProbe!.terminationGracePeriodSeconds!.value, 10);
  assert.equal(app.startupProbe, undefined);
  assert.equal(app.preStop, undefined);
  assert.equal(app.lifecycle, undefined);
});

test('flow-style manifests (JSON-like) give the same facts', () => {
  const text =
    '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web"}, "spec": {"containers": ' +
    '[{name: web, image: nginx, lifecycle: {preStop: {exec: {command: ["sleep", "3"]}}}}]}}\n';
  const w = onlyWorkload(text);
  assert.equal(w.name, 'web');
  const c = w.pod.containers[0]!;
  assert.equal(at(text, c.span), '{name: web, image: nginx, lifecycle: {preStop: {exec: {command: ["sleep", "3"]}}}}');
  assert.equal(at(text, c.image!.pairSpan), 'image: nginx');
  assert.deepEqual(handler(c.preStop!.handlers, 'exec').command!.value, ['sleep', '3']);
  assert.equal(at(text, w.kindSpan), '"Pod"');
});

test('CRLF text: spans still slice exactly', () => {
  const text = pod('  containers:', '    - name: app', '      image: nginx', '      lifecycle:', '        preStop:', '          sleep: {seconds: 5}').replace(/\n/g, '\r\n');
  const c = onlyWorkload(text).pod.containers[0]!;
  assert.equal(at(text, c.nameSpan), 'app');
  assert.equal(at(text, c.span), 'name: app\r\n      image: nginx\r\n      lifecycle:\r\n        preStop:\r\n          sleep: {seconds: 5}');
  assert.equal(at(text, c.preStop!.span), 'sleep: {seconds: 5}');
});

test('non-ASCII text before a node: spans are UTF-16 string indices', () => {
  const text = yaml(
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: café',
    '  annotations: {note: "🚀 déploiement 😀"}',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: wébapp',
    '          image: nginx',
  );
  const w = onlyWorkload(text);
  assert.equal(w.metadata.annotations.note!.value, '🚀 déploiement 😀');
  assert.equal(at(text, w.metadata.annotations.note!.span), '"🚀 déploiement 😀"');
  assert.equal(at(text, w.pod.containers[0]!.nameSpan), 'wébapp');
  assert.equal(at(text, w.pod.containers[0]!.image!.span), 'nginx');
});

test('duplicate keys: the last one wins, as in Kubernetes', () => {
  const text = pod('  containers: [{name: envoy}]', '  terminationGracePeriodSeconds: 10', '  containers: [{name: nginx}]', '  terminationGracePeriodSeconds: 20');
  const w = onlyWorkload(text);
  assert.deepEqual(
    w.pod.containers.map((c) => c.name),
    ['nginx'],
  );
  assert.equal(w.pod.terminationGracePeriodSeconds!.value, 20);
  assert.equal(at(text, w.pod.terminationGracePeriodSeconds!.pairSpan), 'terminationGracePeriodSeconds: 20');
});

test('labels and annotations keep only scalar values, as strings', () => {
  const text = yaml(
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  labels: {a: x, b: 1.5, c: yes, d: null, e: [1], f: 2001-12-14, 7: seven}',
    '  annotations: {count: 10, m: {x: 1}, n: no}',
    'spec: {containers: [{name: c}]}',
  );
  const w = onlyWorkload(text);
  assert.deepEqual(w.metadata.labels, { a: 'x', b: '1.5', c: 'true', f: '2001-12-14', 7: 'seven' });
  // YAML 1.1, like go-yaml v2: `n` and `no` are booleans, also as keys.
  assert.deepEqual(Object.keys(w.metadata.annotations), ['count', 'false']);
  assert.equal(w.metadata.annotations.count!.value, '10');
  assert.equal(w.metadata.annotations.false!.value, 'false');
});
