/**
 * Objects that decide how a workload's pods end without routing traffic to them, each in its own
 * list beside the Services and Ingresses (server/yaml/facts/related.ts reads them; matching,
 * the workspace index, the CLI's cross-file run and the editor's incremental analysis carry them):
 * PodDisruptionBudgets (rule book E1), Namespaces (mesh injection), GKE BackendConfigs (connection
 * draining behind a Service) and Karpenter NodePools (a node-level deadline, E3). Plain data.
 */
import type { BudgetFacts, LabelExpression, Located, Span } from '../facts';

/** What every related object has: where it is, and which file when not the workload's own. */
interface RelatedHeader {
  /** The file (URI or path) the object is in, when it is not the workload's own file. */
  file?: string;
  apiVersion: string;
  name: string;
  namespace?: string;
  kindSpan: Span;
  nameSpan?: Span;
  span: Span;
}

/** A `policy/v1` (or v1beta1) PodDisruptionBudget (E1). */
export interface DisruptionBudgetFacts extends RelatedHeader {
  kind: 'PodDisruptionBudget';
  budget: BudgetFacts;
  /** `spec.selector.matchLabels`; absent with no or an empty map. */
  selector?: Record<string, string>;
  /** `spec.selector.matchExpressions`, all of which must hold. */
  expressions?: LabelExpression[];
  /** A `policy/v1` budget with an empty selector selects every pod of its namespace. */
  wholeNamespace?: boolean;
}

/** A `v1` Namespace (its `namespace` is its own name): mesh injection labels and annotations. */
export interface NamespaceFacts extends RelatedHeader {
  kind: 'Namespace';
  namespaceObject: { labels: Record<string, string>; annotations: Record<string, Located<string>> };
}

/** A GKE `cloud.google.com/v1` (or v1beta1) BackendConfig, attached to Services by annotation. */
export interface BackendConfigFacts extends RelatedHeader {
  kind: 'BackendConfig';
  /** `spec.connectionDraining.drainingTimeoutSec`. */
  drainingTimeoutSec?: Located<number>;
}

/** A Karpenter `karpenter.sh/v1` NodePool (cluster-scoped: no namespace). */
export interface NodePoolFacts extends RelatedHeader {
  kind: 'NodePool';
  /** `spec.template.spec.terminationGracePeriod` as written (a Go duration such as `48h` or `90s`). */
  terminationGracePeriod?: Located<string>;
}

export type RelatedFacts = DisruptionBudgetFacts | NamespaceFacts | BackendConfigFacts | NodePoolFacts;
