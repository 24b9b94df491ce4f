/**
 * GKE's BackendConfig annotation on a Service: `cloud.google.com/backend-config` (or the older
 * `beta.cloud.google.com/backend-config`), JSON of the form `{"default": "name"}` and/or
 * `{"ports": {"80": "name", "http": "other"}}`, keys being Service port numbers or names
 * (GKE docs, "Configuring Ingress features through BackendConfig parameters": "Associating a
 * BackendConfig with your Ingress"). Read by matching (which BackendConfigs a workload's Services
 * name) and by the rule (which port takes which).
 */
import type { Located, ServiceFacts } from '../facts';

export const BACKEND_CONFIG_ANNOTATIONS = ['cloud.google.com/backend-config', 'beta.cloud.google.com/backend-config'] as const;

export interface BackendConfigRef {
  /** The BackendConfig's name. */
  name: string;
  /** `default`, or the port key as written (`80`, `http`). */
  port: string;
  /** The annotation that names it. */
  annotation: Located<string>;
}

/** The BackendConfigs a Service names; none for a missing or unreadable annotation. */
export function backendConfigRefs(service: Pick<ServiceFacts, 'annotations'>): BackendConfigRef[] {
  const found: BackendConfigRef[] = [];
  for (const key of BACKEND_CONFIG_ANNOTATIONS) {
    const annotation = service.annotations[key];
    if (!annotation) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(annotation.value);
    } catch {
      continue; // GKE ignores it too: the Ingress controller logs an error and attaches nothing.
    }
    if (!parsed || typeof parsed !== 'object') continue;
    const record = parsed as Record<string, unknown>;
    if (typeof record.default === 'string') found.push({ name: record.default, port: 'default', annotation });
    if (record.ports && typeof record.ports === 'object') {
      for (const [port, name] of Object.entries(record.ports as Record<string, unknown>)) if (typeof name === 'string') found.push({ name, port, annotation });
    }
    // The GA annotation first; the beta one only when the GA one names nothing.
    if (found.length > 0) break;
  }
  return found;
}
