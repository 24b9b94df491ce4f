/**
 * Synthetic manifests for the growth benchmark: N Deployment + Service pairs in one file, each
 * pair selecting only its own pods, about 900 bytes a pair (N = 5,000 is 4.5 MB). The workloads are
 * clean (a preStop delay, a readiness probe), so the figures measure analysis, not the size of the
 * diagnostics list, which LSP sends whole on every change.
 */

export function pairsFile(n: number): string {
  const docs: string[] = [];
  for (let i = 0; i < n; i++) docs.push(deployment(i), service(i));
  return docs.join('---\n');
}

function deployment(i: number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${i}
  namespace: team-${i % 7}
  labels:
    app: app-${i}
spec:
  replicas: 2
  selector:
    matchLabels:
      app: app-${i}
  template:
    metadata:
      labels:
        app: app-${i}
        tier: web
    spec:
      terminationGracePeriodSeconds: 30
      containers:
        - name: web
          image: registry.example.com/app-${i}:1.0.${i}
          ports:
            - containerPort: 8080
              name: http
          readinessProbe:
            httpGet:
              path: /ready
              port: http
          lifecycle:
            preStop:
              sleep:
                seconds: 5
          env:
            - name: MODE
              value: "serve"
`;
}

function service(i: number): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: app-${i}
  namespace: team-${i % 7}
spec:
  selector:
    app: app-${i}
  ports:
    - name: http
      port: 80
      targetPort: http
`;
}

/** The offset of the line after `image:` of the middle Deployment: where the benchmark edits. */
export function editOffset(text: string, n: number): number {
  const anchor = text.indexOf(`image: registry.example.com/app-${Math.floor(n / 2)}:`);
  return text.indexOf('\n', anchor) + 1;
}
