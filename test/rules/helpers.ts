/** Inline-YAML helpers for rule tests: run the whole pipeline and describe findings readably. */
import { analyzeFile } from '../../server/engine/analyze';
import { DEFAULT_SETTINGS, type Settings } from '../../shared/settings';
import type { Finding, WorkloadTimeline } from '../../shared/model/output';

export interface Seen {
  rule: string;
  severity: string;
  /** The text under the finding's primary span. */
  at: string;
  container?: string;
  fixes: string[];
  message: string;
}

export function settings(extra: Partial<Settings> = {}): Settings {
  return { ...DEFAULT_SETTINGS, rules: {}, ...extra };
}

/** Strips the common indentation of a template literal so YAML can be written indented. */
export function yaml(text: string): string {
  const lines = text.replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  return lines.map((l) => l.slice(indent)).join('\n');
}

export function findingsOf(text: string, extra: Partial<Settings> = {}): Finding[] {
  return analyzeFile(text, settings(extra)).workloads.flatMap((w) => w.analysis.findings);
}

export function seen(text: string, extra: Partial<Settings> = {}): Seen[] {
  return findingsOf(text, extra).map((f) => ({
    rule: f.rule,
    severity: f.severity,
    at: text.slice(f.span.start, f.span.end),
    ...(f.container ? { container: f.container } : {}),
    fixes: f.fixes.map((x) => x.id),
    message: f.message,
  }));
}

/** Only the findings of one rule. */
export function rule(id: string, text: string, extra: Partial<Settings> = {}): Seen[] {
  return seen(text, extra).filter((f) => f.rule === id);
}

export function timelines(text: string, extra: Partial<Settings> = {}): WorkloadTimeline[] {
  return analyzeFile(text, settings(extra)).workloads.map((w) => w.analysis.timeline);
}

/** A Deployment `web` selected by Service `web`, with the given container and pod-spec lines. */
export function deployment(options: { container?: string; pod?: string; service?: boolean; extraContainers?: string; annotations?: string } = {}): string {
  const container = options.container ?? '';
  const body = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web',
    ...(options.annotations ? ['  annotations:', ...options.annotations.split('\n').map((l) => `    ${l}`)] : []),
    'spec:',
    '  selector:',
    '    matchLabels: {app: web}',
    '  template:',
    '    metadata:',
    '      labels: {app: web}',
    '    spec:',
    ...(options.pod ? options.pod.split('\n').map((l) => `      ${l}`) : []),
    '      containers:',
    '        - name: web',
    '          image: example/web:1.0',
    '          ports: [{containerPort: 8080}]',
    '          readinessProbe: {httpGet: {path: /ready, port: 8080}}',
    ...(container ? container.split('\n').map((l) => `          ${l}`) : []),
    ...(options.extraContainers ? options.extraContainers.split('\n').map((l) => `        ${l}`) : []),
  ];
  const service = ['---', 'apiVersion: v1', 'kind: Service', 'metadata:', '  name: web', 'spec:', '  selector: {app: web}', '  ports: [{port: 80, targetPort: 8080}]'];
  return [...body, ...(options.service === false ? [] : service), ''].join('\n');
}
