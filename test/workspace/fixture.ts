/**
 * A workspace folder on disk with the Deployment, its Service and an ALB Ingress in three files,
 * for the service-level and protocol tests of whole-workspace analysis.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Container `web` is on line 12 (0-based), `kind` on line 1. No preStop hook. */
export const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: example/web:1.0
          ports: [{containerPort: 8080}]
          readinessProbe: {httpGet: {path: /ready, port: 8080}}
`;

/** `name: web` is on line 4 (0-based), after a comment line. */
export const SERVICE = `# The Service of the web Deployment (deploy.yaml).
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
`;

/** The target-type annotation is on line 5, the target-group attributes on line 6 (0-based). */
export const INGRESS = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations:
    alb.ingress.kubernetes.io/target-type: ip
    alb.ingress.kubernetes.io/target-group-attributes: deregistration_delay.timeout_seconds=5
spec:
  rules:
    - http:
        paths:
          - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
`;

export interface DiskWorkspace {
  dir: string;
  /** The folder's URI. */
  uri: string;
  fileUri(name: string): string;
  write(name: string, text: string): void;
  remove(name: string): void;
  cleanup(): void;
}

export function workspaceOnDisk(files: Record<string, string>): DiskWorkspace {
  const dir = mkdtempSync(join(tmpdir(), 'kubegrace-ws-'));
  const ws: DiskWorkspace = {
    dir,
    uri: pathToFileURL(dir).href,
    fileUri: (name) => pathToFileURL(join(dir, name)).href,
    write(name, text) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    },
    remove: (name) => rmSync(join(dir, name)),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
  for (const [name, text] of Object.entries(files)) ws.write(name, text);
  return ws;
}

/** The standard three files. */
export function threeFiles(): DiskWorkspace {
  return workspaceOnDisk({ 'deploy.yaml': DEPLOYMENT, 'net/service.yaml': SERVICE, 'net/ingress.yml': INGRESS });
}
