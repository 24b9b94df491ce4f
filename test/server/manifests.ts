/** Manifests shared by the identity, fix-all and CLI fix tests. */

/** A Deployment with a serving container and no preStop; `name` and `namespace` may be left out. */
export function deployment(name: string | undefined, namespace?: string): string {
  const metadata = [name ? `  name: ${name}` : '', namespace ? `  namespace: ${namespace}` : ''].filter(Boolean);
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    ...(metadata.length ? ['metadata:', ...metadata] : []),
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: web',
    '          image: example/web:1.0',
    '          ports: [{containerPort: 8080}]',
    '          readinessProbe: {tcpSocket: {port: 8080}}',
    '',
  ].join('\n');
}
