/**
 * Recognising legacy sidecars: helper containers listed in `containers` (rule book example (d)). They
 * get SIGTERM at T0 like the main container (K1), so a proxy in front of or behind the application
 * stops while the application still drains.
 *
 * The table is matched on the image's repository path (registry, tag and digest removed, see
 * parseImageRef) first, then on container names. Generic names (`envoy`, `vector`) count only when
 * the image does not contradict them, so `name: proxy, image: nginx` is never a sidecar. Left out on
 * purpose: CSI driver helpers (node-driver-registrar, livenessprobe) are peers of the driver, not on a
 * request path; Prometheus exporters (blackbox, node) are often the main container of their pod.
 */
import { parseImageRef } from './images';

export interface SidecarMatch {
  category: 'mesh-proxy' | 'auth-proxy' | 'db-proxy' | 'log-agent' | 'metrics-agent' | 'trace-agent' | 'secrets-agent' | 'config-reloader' | 'other';
  product: string;
}

interface SidecarRow extends SidecarMatch {
  /** Whole repository paths, e.g. `istio/proxyv2`; `(^|/)` lets a mirror prefix the path. */
  images?: RegExp[];
  /** Container names that identify the product by themselves. */
  names?: RegExp[];
  /** Generic names: they count when the image is missing or its last path segment carries the same word. */
  weakNames?: RegExp[];
  /** Where the product documents itself as running beside the application. */
  source: string;
}

const ROWS: SidecarRow[] = [
  // Service meshes: the injected proxy carries every request of the pod.
  { category: 'mesh-proxy', product: 'Istio sidecar proxy', images: [/(^|\/)proxyv2$/], names: [/^istio-proxy$/],
    source: 'istio.io/latest/docs/setup/additional-setup/sidecar-injection/' },
  { category: 'mesh-proxy', product: 'Linkerd proxy', images: [/(^|\/)linkerd\/proxy$/, /(^|\/)linkerd-io\/proxy$/], names: [/^linkerd-proxy$/],
    source: 'linkerd.io/2/features/proxy-injection/' },
  { category: 'mesh-proxy', product: 'Consul dataplane', images: [/(^|\/)hashicorp\/consul-dataplane(-fips)?$/], names: [/^consul-dataplane$/, /^envoy-sidecar$/],
    source: 'developer.hashicorp.com/consul/docs/connect/dataplane' },
  { category: 'mesh-proxy', product: 'Kuma data plane proxy', images: [/(^|\/)kumahq\/kuma-dp$/], names: [/^kuma-sidecar$/],
    source: 'kuma.io/docs/latest/production/dp-config/dpp-on-kubernetes/' },
  { category: 'mesh-proxy', product: 'AWS App Mesh Envoy', images: [/(^|\/)aws-appmesh-envoy$/],
    source: 'docs.aws.amazon.com/app-mesh/latest/userguide/envoy.html' },
  { category: 'mesh-proxy', product: 'Dapr sidecar (daprd)', images: [/(^|\/)dapr\/daprd$/], names: [/^daprd$/],
    source: 'docs.dapr.io/concepts/dapr-services/sidecar/' },
  { category: 'mesh-proxy', product: 'Envoy', images: [/(^|\/)envoyproxy\/envoy(-alpine|-distroless|-debug)?$/], weakNames: [/^envoy$/],
    source: 'envoyproxy.io/docs/envoy/latest/intro/deployment_types/service_to_service' },
  // Authentication in front of the application.
  { category: 'auth-proxy', product: 'OAuth2 Proxy', images: [/(^|\/)oauth2-proxy\/oauth2-proxy$/, /(^|\/)pusher\/oauth2_proxy$/], names: [/^oauth2[-_]proxy$/],
    source: 'oauth2-proxy.github.io/oauth2-proxy/ (reverse proxy in front of the upstream)' },
  { category: 'auth-proxy', product: 'kube-rbac-proxy', images: [/(^|\/)(origin-)?kube-rbac-proxy$/], names: [/^kube-rbac-proxy(-[a-z0-9-]+)?$/],
    source: 'brancz/kube-rbac-proxy README.md (HTTP proxy for a single upstream); kubebuilder manager_auth_proxy_patch.yaml injects it as a sidecar' },
  // Database connectors the application talks to on localhost.
  { category: 'db-proxy', product: 'Cloud SQL Auth Proxy', images: [/(^|\/)cloudsql-docker\/gce-proxy$/, /(^|\/)cloud-sql-connectors\/cloud-sql-proxy$/], names: [/^cloud-?sql-proxy$/],
    source: 'cloud.google.com/sql/docs/mysql/connect-kubernetes-engine (run the proxy in a sidecar pattern)' },
  { category: 'db-proxy', product: 'AlloyDB Auth Proxy', images: [/(^|\/)alloydb-connectors\/alloydb-auth-proxy$/], names: [/^alloydb-auth-proxy$/],
    source: 'cloud.google.com/alloydb/docs/samples/alloydb-auth-proxy-gke-quickstart-deployment' },
  // Log shippers reading the application's files or streams.
  { category: 'log-agent', product: 'Fluent Bit', images: [/(^|\/)fluent\/fluent-bit$/, /(^|\/)aws-for-fluent-bit$/], names: [/^fluent-?bit$/],
    source: 'kubernetes.io/docs/concepts/cluster-administration/logging/ (sidecar container with a logging agent)' },
  { category: 'log-agent', product: 'Fluentd', images: [/(^|\/)fluent\/fluentd(-kubernetes-daemonset)?$/, /(^|\/)fluentd(-gcp)?$/, /(^|\/)fluentd-elasticsearch\/fluentd$/], names: [/^fluentd$/],
    source: 'kubernetes/website examples/admin/logging/two-files-counter-pod-agent-sidecar.yaml' },
  { category: 'log-agent', product: 'Filebeat', images: [/(^|\/)beats\/filebeat(-oss)?$/, /(^|\/)elastic\/filebeat$/], names: [/^filebeat$/],
    source: 'elastic.co/guide/en/beats/filebeat/current/running-on-kubernetes.html' },
  { category: 'log-agent', product: 'Promtail', images: [/(^|\/)grafana\/promtail$/], names: [/^promtail$/],
    source: 'grafana.com/docs/loki/latest/send-data/promtail/installation/ (sidecar)' },
  { category: 'log-agent', product: 'Vector', images: [/(^|\/)timberio\/vector$/], weakNames: [/^vector$/],
    source: 'vector.dev/docs/setup/deployment/roles/ (sidecar role)' },
  { category: 'log-agent', product: 'log shipper', names: [/^log-?shipper$/],
    source: 'kubernetes/website examples/application/deployment-sidecar-legacy.yaml' },
  // Telemetry agents.
  { category: 'metrics-agent', product: 'Datadog Agent', images: [/(^|\/)datadog\/agent$/, /(^|\/)datadoghq\/agent$/], names: [/^datadog-agent$/],
    source: 'docs.datadoghq.com/integrations/eks_fargate/ (Agent as a sidecar)' },
  { category: 'metrics-agent', product: 'Thanos sidecar', names: [/^thanos-sidecar$/],
    source: 'thanos.io/tip/components/sidecar.md/' },
  { category: 'trace-agent', product: 'Jaeger agent', images: [/(^|\/)jaegertracing\/jaeger-agent$/], names: [/^jaeger-agent$/],
    source: 'jaegertracing.io/docs/1.x/deployment/ (agent as a sidecar)' },
  { category: 'trace-agent', product: 'OpenTelemetry Collector',
    images: [/(^|\/)otel\/opentelemetry-collector(-contrib|-k8s)?$/, /(^|\/)opentelemetry-collector-releases\/opentelemetry-collector(-contrib|-k8s)?$/],
    names: [/^otel-?collector$/, /^otc-container$/],
    source: 'open-telemetry/opentelemetry-operator README.md (sidecar injection adds otc-container)' },
  { category: 'trace-agent', product: 'AWS X-Ray daemon', images: [/(^|\/)amazon\/aws-xray-daemon$/, /(^|\/)xray\/aws-xray-daemon$/], names: [/^xray-daemon$/],
    source: 'docs.aws.amazon.com/xray/latest/devguide/xray-daemon-ecs.html' },
  // hashicorp/vault is also the server image, so Vault Agent is recognised by the injector's name only.
  { category: 'secrets-agent', product: 'Vault Agent', names: [/^vault-agent$/],
    source: 'developer.hashicorp.com/vault/docs/platform/k8s/injector' },
  // Reloaders watching mounted configuration.
  { category: 'config-reloader', product: 'Prometheus config reloader', images: [/(^|\/)prometheus-config-reloader$/], names: [/(^|-)config-reloader$/],
    source: 'prometheus-operator/prometheus-operator cmd/prometheus-config-reloader' },
  { category: 'config-reloader', product: 'configmap-reload', images: [/(^|\/)jimmidyson\/configmap-reload$/], names: [/(^|-)configmap-reload(er)?$/],
    source: 'jimmidyson/configmap-reload README.md' },
  { category: 'config-reloader', product: 'k8s-sidecar', images: [/(^|\/)kiwigrid\/k8s-sidecar$/], names: [/^grafana-sc-/],
    source: 'kiwigrid/k8s-sidecar README.md' },
  { category: 'other', product: 'git-sync', images: [/(^|\/)git-sync(\/git-sync)?$/], names: [/^git-sync$/],
    source: 'kubernetes/git-sync README.md' },
];

/** Which sidecar product a regular container is, from its image first and its name second. */
export function recogniseSidecar(container: { name: string; image?: string }): SidecarMatch | undefined {
  const ref = container.image ? parseImageRef(container.image) : undefined;
  const repository = ref?.repository;
  const pick = (row: SidecarRow): SidecarMatch => ({ category: row.category, product: row.product });
  if (repository) {
    const byImage = ROWS.find((row) => row.images?.some((re) => re.test(repository)));
    if (byImage) return pick(byImage);
  }
  const name = container.name.toLowerCase();
  const byName = ROWS.find((row) => row.names?.some((re) => re.test(name)));
  if (byName) return pick(byName);
  const lastSegment = repository?.slice(repository.lastIndexOf('/') + 1);
  const byWeakName = ROWS.find((row) =>
    row.weakNames?.some((re) => re.test(name) && (lastSegment === undefined || lastSegment.includes(name))),
  );
  return byWeakName ? pick(byWeakName) : undefined;
}
