/** Calls the language service directly with in-memory documents (STYLE habit 8). */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LanguageService } from '../../server/lsp/service';
import type { ResourceSettings } from '../../server/lsp/settings';
import { DEFAULT_SETTINGS, type Settings } from '../../shared/settings';

export const CARET = '<|>';

export interface Opened {
  service: LanguageService;
  doc: TextDocument;
  uri: string;
  /** Position of the caret marker, which is removed from the text. */
  caret: { line: number; character: number };
  text: string;
  resource: ResourceSettings;
  update(text: string): void;
}

export function open(source: string, settings: Partial<Settings> & { enable?: boolean } = {}, uri = 'file:///work/app.yaml'): Opened {
  const at = source.indexOf(CARET);
  const text = at >= 0 ? source.slice(0, at) + source.slice(at + CARET.length) : source;
  let doc = TextDocument.create(uri, 'yaml', 1, text);
  const { enable = true, ...rest } = settings;
  const resource: ResourceSettings = { enable, settings: { ...DEFAULT_SETTINGS, ...rest } };
  const service = new LanguageService({ document: (u) => (u === uri ? doc : undefined), settings: async () => resource });
  const opened: Opened = {
    service,
    get doc() {
      return doc;
    },
    uri,
    resource,
    caret: doc.positionAt(Math.max(0, at)),
    get text() {
      return doc.getText();
    },
    update(next: string) {
      doc = TextDocument.create(uri, 'yaml', doc.version + 1, next);
    },
  };
  return opened;
}

/** The Deployment + Service of the feature tests; `<|>` marks where a test hovers. */
export const WEB = `apiVersion: apps/v1
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
      terminationGracePeriodSeconds: 30
      containers:
        - name: web
          image: example/web:1.0
          ports: [{containerPort: 8080}]
          readinessProbe: {httpGet: {path: /ready, port: 8080}}
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
`;

export function withCaret(text: string, before: string): string {
  const i = text.indexOf(before);
  if (i < 0) throw new Error(`no ${before} in text`);
  return text.slice(0, i) + CARET + text.slice(i);
}
