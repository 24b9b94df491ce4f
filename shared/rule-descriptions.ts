/**
 * One-line and full descriptions of each rule, for SARIF and other reports. The rule pages in
 * docs/rules say the same at length.
 */
import type { RuleId } from './rules';

export interface RuleDescription {
  short: string;
  full: string;
}

export const RULE_DESCRIPTIONS: Record<RuleId, RuleDescription> = {
  'prestop-missing': {
    short: 'A serving container has no preStop delay',
    full: 'The container gets SIGTERM at once while endpoints, kube-proxy and load balancers still send it new requests for a few seconds, so those requests fail during every rollout, scale-in and drain.',
  },
  'prestop-too-short': {
    short: 'The preStop delay ends before the pod is out of rotation',
    full: 'The preStop delay is shorter than the estimated time until no new requests reach the pod, so the container is stopping while requests still arrive.',
  },
  'prestop-exceeds-grace': {
    short: 'The preStop hook reaches the grace period',
    full: 'The kubelet stops waiting for the hook at the end of the grace period and sends SIGTERM with only 2 seconds before SIGKILL; a sleep action longer than the grace period is rejected by the API server.',
  },
  'grace-exhausted': {
    short: 'The app has less time after SIGTERM than it needs',
    full: 'After the preStop delay, the time left before SIGKILL is shorter than the estimated shutdown time of the application, so in-flight work is killed.',
  },
  'grace-zero': {
    short: 'terminationGracePeriodSeconds is 0 or negative',
    full: 'The kubelet stops every container with a 1-second budget: preStop hooks are cut short and SIGKILL follows SIGTERM almost at once.',
  },
  'prestop-tcpsocket': {
    short: 'A tcpSocket preStop hook does nothing',
    full: 'tcpSocket lifecycle handlers pass validation but always fail at runtime, so the hook delays nothing.',
  },
  'api-validation': {
    short: 'The API server rejects this lifecycle, probe or init container field',
    full: 'The manifest breaks a rule of the Kubernetes API validation for hooks, init containers, restart policies or probe grace periods, so kubectl apply fails.',
  },
  'sleep-action-unavailable': {
    short: 'The sleep action does not exist or is off for the target version',
    full: 'The sleep lifecycle action is alpha in 1.29 and on by default from 1.30; with the gate off the field is dropped and the hook does nothing.',
  },
  'exec-hook-unavailable': {
    short: 'An exec hook needs a shell the image does not have',
    full: 'The image has no shell and no sleep binary, so the exec hook fails at once: a preStop delays nothing, a failed postStart restarts the container.',
  },
  'shell-pid1': {
    short: 'A shell stays PID 1 and swallows SIGTERM',
    full: 'The container runs its command through a shell that stays PID 1, ignores SIGTERM and does not forward it, so the application is only stopped by SIGKILL at the end of the grace period.',
  },
  'stop-signal-invalid': {
    short: 'lifecycle.stopSignal is invalid or unavailable',
    full: 'lifecycle.stopSignal needs spec.os.name, a signal the OS supports and a Kubernetes version that has the field; otherwise the pod is rejected or the field dropped.',
  },
  'legacy-sidecar': {
    short: 'A sidecar declared as a regular container stops with the app',
    full: 'A proxy or agent in containers gets SIGTERM at the same time as the main container, which may still need it; in a Job it also keeps the pod from completing. Native sidecars stop after the main containers.',
  },
  'native-sidecar-unavailable': {
    short: 'Native sidecars are not available on the target version',
    full: 'initContainers with restartPolicy: Always need the SidecarContainers gate (on from 1.29); without it the pod is rejected or never starts.',
  },
  'publish-not-ready-addresses': {
    short: 'The Service keeps terminating pods in rotation',
    full: 'With publishNotReadyAddresses the endpoint of a terminating pod stays ready, so clients keep being sent to it until it is gone, whatever its preStop delay.',
  },
  'readiness-probe-missing': {
    short: 'A serving container of a rolling update has no readinessProbe',
    full: 'Without a readinessProbe a new pod counts as ready as soon as it runs: it gets traffic before it can serve and old pods are deleted early.',
  },
  'lb-deregistration-delay': {
    short: 'An AWS load balancer with ip targets outlasts the preStop delay',
    full: 'An ALB or NLB of the AWS Load Balancer Controller sends requests straight to pod IPs until the pod is deregistered, which takes longer than the preStop delay; a deregistration delay shorter than the shutdown cuts in-flight requests.',
  },
  'abrupt-stop-signal': {
    short: 'The server program stops abruptly on the signal it gets',
    full: 'The container runs a well-known server (nginx, httpd, HAProxy, php-fpm, Envoy, Node.js, …) that exits at once, ignores or reloads on the stop signal it actually receives, so in-flight requests are cut; a graceful command in the preStop hook or a graceful lifecycle.stopSignal fixes it.',
  },
  'probe-restart-grace': {
    short: 'A probe restart waits the whole raised grace period',
    full: 'When a liveness or startup probe fails, the kubelet restarts the container with the probe\'s terminationGracePeriodSeconds, or the pod\'s when the probe sets none; a grace period raised for a long drain then also delays the restart of a hung container.',
  },
  'pdb-blocks-drain': {
    short: 'A PodDisruptionBudget allows no eviction',
    full: 'Node drains evict through the Eviction API, which refuses pods whose PodDisruptionBudget allows no disruption and pods selected by more than one budget, so the drain and the node upgrade or scale-down waiting on it never finish.',
  },
  'proxy-exits-early': {
    short: 'The injected mesh proxy stops before the application',
    full: 'An Istio or Linkerd proxy injected as a regular container gets SIGTERM with the application and stops carrying traffic after its short drain, while the application is still finishing requests and making calls through it.',
  },
  'proxy-drain-exceeds-grace': {
    short: 'The mesh proxy drain is longer than the grace period',
    full: 'The proxy\'s drain setting runs inside the pod\'s grace period; a longer drain is cut by SIGKILL, so connections still draining are closed.',
  },
  'grace-capped-by-platform': {
    short: 'The platform stops the pod before it has finished',
    full: 'On the platform described by the platform setting (graceful node shutdown, a spot or preemptible reclaim notice), or on the nodes of a Karpenter NodePool with a terminationGracePeriod, the node goes before the preStop delay and the shutdown estimate are over, so a longer grace period cannot take effect there.',
  },
  'lb-draining-exceeds-grace': {
    short: 'The load balancer drains longer than the pod lives',
    full: 'A GKE BackendConfig attached to the Service lets the load balancer keep requests to a removed pod running for its connection draining timeout, but the pod is killed at the end of its grace period first, so those requests are cut.',
  },
  'gateway-drain-exceeds-grace': {
    short: 'The Envoy Gateway drain does not fit the envoy pods\' grace period',
    full: 'An EnvoyProxy whose envoy Deployment patch sets a grace period at or below the drain timeout lets SIGKILL end the drain early; a minimum drain longer than the drain timeout never takes effect.',
  },
};
