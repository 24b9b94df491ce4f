/**
 * Well-known server programs: the STOPSIGNAL their official image sets, and what each signal means
 * to them (rule book SIG1; docs/research.md, "server programs and their signals").
 *
 * A wrong row makes the linter tell people to change a working setup, so every row cites the image's
 * build file (`imageSource`, read at the commit named) and the program's own documentation
 * (`signalSource`). Left out because no source was at hand: Traefik, Caddy, Istio's proxy
 * (pilot-agent), Java/Spring Boot, uWSGI with `die-on-term`.
 */

/** What a signal does to the program. */
export type SignalMeaning = 'graceful' | 'fast' | 'ignored' | 'reload';

export interface SignalEffect {
  meaning: SignalMeaning;
  /** Completes "nginx: SIGQUIT (image STOPSIGNAL) → …". */
  text: string;
}

interface ImageMatch {
  /** Registry hosts; `''` stands for Docker Hub. */
  registries: string[];
  repository: RegExp;
  /** Only these tags are this program (php's `-fpm` and `-apache` variants). */
  tags?: RegExp;
}

export interface ProgramRow {
  program: string;
  images: ImageMatch[];
  /** The official image's STOPSIGNAL, or undefined when it sets none (then SIGTERM). */
  stopSignal?: string;
  imageSource: string;
  /** Basenames of `command[0]` that run this program. */
  commands: string[];
  signals: Record<string, SignalEffect>;
  /** What any other signal does (the default action of most: terminate at once). */
  otherwise: SignalEffect;
  signalSource: string;
  /** The signal that stops it gracefully, for `lifecycle.stopSignal`. */
  gracefulSignal?: string;
  /** A shell command that stops it gracefully from a preStop hook. */
  gracefulCommand?: string;
  /** Node.js: PID 1 without a handler ignores SIGTERM; as another PID it dies at once. */
  pid1Ignores?: boolean;
  /** An argument that changes the signal handling in a way no source describes: say nothing then. */
  unknownWith?: RegExp;
}

const HUB = [''];
const KILLED: SignalEffect = { meaning: 'fast', text: 'terminates at once; in-flight requests are cut' };

export const PROGRAMS: readonly ProgramRow[] = [
  {
    program: 'nginx',
    images: [
      { registries: HUB, repository: /^nginx$/ },
      // The vendor's unprivileged variant, in every registry its README lists (nginxinc/docker-nginx-unprivileged README.md, 8ead5ce).
      { registries: ['', 'ghcr.io', 'quay.io', 'public.ecr.aws'], repository: /^(nginxinc|nginx)\/nginx-unprivileged$/ },
    ],
    stopSignal: 'SIGQUIT',
    imageSource: 'nginxinc/docker-nginx mainline/debian/Dockerfile (b430becb): STOPSIGNAL SIGQUIT; nginxinc/docker-nginx-unprivileged mainline/debian/Dockerfile (8ead5ce): STOPSIGNAL SIGQUIT',
    commands: ['nginx', 'nginx-debug'],
    signals: {
      SIGQUIT: { meaning: 'graceful', text: 'graceful shutdown: stops accepting, finishes in-flight requests' },
      SIGTERM: { meaning: 'fast', text: 'fast shutdown: exits at once; in-flight requests are cut' },
      SIGINT: { meaning: 'fast', text: 'fast shutdown: exits at once; in-flight requests are cut' },
      SIGHUP: { meaning: 'reload', text: 'reloads its configuration and keeps running' },
    },
    otherwise: KILLED,
    signalSource: 'nginx.org/en/docs/control.html: TERM, INT fast shutdown; QUIT graceful shutdown; HUP reconfiguration',
    gracefulSignal: 'SIGQUIT',
    gracefulCommand: 'nginx -s quit',
  },
  {
    program: 'httpd',
    images: [
      { registries: HUB, repository: /^httpd$/ },
      { registries: HUB, repository: /^php$/, tags: /(^|-)apache(-|$)/ },
    ],
    stopSignal: 'SIGWINCH',
    imageSource: 'docker-library/httpd 2.4/Dockerfile (9b63b37c) and docker-library/php 8.2/bookworm/apache/Dockerfile (445bf414): STOPSIGNAL SIGWINCH',
    commands: ['httpd', 'httpd-foreground', 'apache2', 'apache2-foreground', 'apachectl'],
    signals: {
      SIGWINCH: { meaning: 'graceful', text: 'graceful stop: children finish their current requests (GracefulShutdownTimeout)' },
      SIGTERM: { meaning: 'fast', text: 'stop now: children are killed; in-progress requests are cut' },
      SIGUSR1: { meaning: 'reload', text: 'graceful restart: keeps running' },
      SIGHUP: { meaning: 'reload', text: 'restart: keeps running' },
    },
    otherwise: KILLED,
    signalSource: 'httpd.apache.org/docs/2.4/stopping.html: TERM stop now; WINCH graceful-stop; USR1 graceful restart; HUP restart',
    gracefulSignal: 'SIGWINCH',
    gracefulCommand: 'apachectl -k graceful-stop',
  },
  {
    program: 'haproxy',
    images: [{ registries: HUB, repository: /^haproxy$/ }],
    stopSignal: 'SIGUSR1',
    imageSource: 'docker-library/haproxy 2.8/Dockerfile (ec437dd2): STOPSIGNAL SIGUSR1',
    commands: ['haproxy'],
    signals: {
      SIGUSR1: { meaning: 'graceful', text: 'soft stop: stops listening, exits when its connections end (bounded by hard-stop-after)' },
      SIGTERM: { meaning: 'fast', text: 'hard stop: exits at once; open connections are cut' },
    },
    otherwise: KILLED,
    signalSource: 'HAProxy management guide, "Stopping and restarting HAProxy": SIGUSR1 soft-stop, SIGTERM hard-stop (haproxy -sf/-st)',
    gracefulSignal: 'SIGUSR1',
    gracefulCommand: 'kill -USR1 1',
  },
  {
    program: 'php-fpm',
    images: [{ registries: HUB, repository: /^php$/, tags: /(^|-)fpm(-|$)/ }],
    stopSignal: 'SIGQUIT',
    imageSource: 'docker-library/php 8.2/bookworm/fpm/Dockerfile (445bf414): STOPSIGNAL SIGQUIT (added by docker-library/php e21810a "Perform graceful stops on PHP-FPM")',
    commands: ['php-fpm'],
    signals: {
      // Measured (docs/conformance.md): with php-fpm.conf's process_control_timeout at its default 0,
      // as in Debian's and the official image's configuration, the master follows SIGQUIT with SIGTERM
      // at once (php-src sapi/fpm/fpm/fpm_pctl.c, fpm_pctl_action_next: the next signal after
      // `process_control_timeout` seconds), so in-flight requests are cut. With a timeout set, workers
      // finish their requests (the lab's variant row).
      SIGQUIT: { meaning: 'fast', text: 'stops at once: process_control_timeout is 0 unless php-fpm.conf sets it, so in-flight requests are cut (with it set, workers finish their requests)' },
      SIGTERM: { meaning: 'fast', text: 'immediate termination: in-flight requests are not finished' },
      SIGINT: { meaning: 'fast', text: 'immediate termination: in-flight requests are not finished' },
      SIGUSR2: { meaning: 'reload', text: 'graceful reload: keeps running' },
    },
    otherwise: KILLED,
    signalSource: 'php-fpm(8) (php-src sapi/fpm/php-fpm.8.in, SIGNALS): INT, TERM immediate termination; QUIT graceful stop; USR2 graceful reload; php-fpm.conf process_control_timeout (default 0) bounds the graceful stop',
    // No signal or command is graceful without process_control_timeout in php-fpm.conf, which the
    // manifest does not show: no fix is offered, the message says what to set.
  },
  {
    program: 'postgres',
    images: [{ registries: HUB, repository: /^postgres$/ }],
    stopSignal: 'SIGINT',
    imageSource: 'docker-library/postgres 17/bookworm/Dockerfile (6edb0a8c): STOPSIGNAL SIGINT ("Fast Shutdown mode")',
    commands: ['postgres'],
    signals: {
      SIGINT: { meaning: 'graceful', text: 'fast shutdown: rolls back open transactions, disconnects clients, shuts down cleanly' },
      SIGTERM: { meaning: 'graceful', text: 'smart shutdown: waits for every session to end (pooled connections can hold it until SIGKILL)' },
      SIGQUIT: { meaning: 'fast', text: 'immediate shutdown: exits without a clean shutdown; crash recovery at the next start' },
    },
    otherwise: KILLED,
    signalSource: 'postgresql.org/docs/current/server-shutdown.html: SIGTERM smart, SIGINT fast, SIGQUIT immediate shutdown',
    gracefulSignal: 'SIGINT',
  },
  {
    program: 'redis',
    images: [{ registries: HUB, repository: /^redis$/ }],
    imageSource: 'docker-library/redis Dockerfile.template (e9204996): no STOPSIGNAL, CMD ["redis-server"]',
    commands: ['redis-server'],
    signals: { SIGTERM: { meaning: 'graceful', text: 'shuts down like SHUTDOWN: saves the dataset if persistence is on, then exits' } },
    otherwise: KILLED,
    signalSource: 'redis.io/docs/latest/operate/oss_and_stack/reference/signals/: SIGTERM and SIGINT start a graceful shutdown',
  },
  {
    program: 'envoy',
    images: [{ registries: HUB, repository: /^envoyproxy\/envoy$/ }],
    imageSource: 'envoyproxy/envoy ci/Dockerfile-envoy (019f458b): no STOPSIGNAL, CMD ["envoy", "-c", "/etc/envoy/envoy.yaml"]',
    commands: ['envoy'],
    signals: { SIGTERM: { meaning: 'fast', text: 'shuts down: listeners close at once, no drain; in-flight requests are cut' } },
    otherwise: KILLED,
    signalSource: 'envoyproxy.io docs, arch_overview/operations/draining: "By default, the Envoy server will close listeners immediately on server shutdown"; drain first with POST /drain_listeners?graceful',
  },
  {
    program: 'node',
    images: [{ registries: HUB, repository: /^node$/ }],
    imageSource: 'nodejs/docker-node 24/bookworm-slim/Dockerfile (f27d936f): no STOPSIGNAL; docker-entrypoint.sh execs node',
    commands: ['node', 'nodejs'],
    signals: {},
    otherwise: { meaning: 'fast', text: 'no handler by default: the process dies at once; in-flight requests are cut' },
    signalSource: 'nodejs/docker-node docs/BestPractices.md: "Node.js was not designed to run as PID 1"; as PID 1 it does not respond to SIGINT and similar signals (use --init / tini)',
    pid1Ignores: true,
  },
  {
    program: 'gunicorn',
    images: [],
    imageSource: 'runs on docker-library/python (4f070595): no STOPSIGNAL',
    commands: ['gunicorn'],
    signals: {
      SIGTERM: { meaning: 'graceful', text: 'graceful shutdown: workers finish their current requests (graceful_timeout)' },
      SIGINT: { meaning: 'fast', text: 'quick shutdown: in-flight requests are cut' },
      SIGQUIT: { meaning: 'fast', text: 'quick shutdown: in-flight requests are cut' },
      SIGHUP: { meaning: 'reload', text: 'reloads its configuration and workers, keeps running' },
    },
    otherwise: KILLED,
    signalSource: 'docs.gunicorn.org/en/stable/signals.html: TERM graceful shutdown; INT, QUIT quick shutdown; HUP reload',
  },
  {
    program: 'uWSGI',
    images: [],
    imageSource: 'runs on docker-library/python (4f070595): no STOPSIGNAL',
    commands: ['uwsgi'],
    signals: {
      SIGTERM: { meaning: 'reload', text: 'brutally reloads all workers and the master: it keeps running until SIGKILL (unless --die-on-term)' },
      SIGINT: { meaning: 'fast', text: 'immediately kills the whole uWSGI stack' },
      SIGQUIT: { meaning: 'fast', text: 'immediately kills the whole uWSGI stack' },
      SIGHUP: { meaning: 'reload', text: 'gracefully reloads the workers, keeps running' },
    },
    otherwise: KILLED,
    signalSource: 'uwsgi-docs.readthedocs.io/en/latest/Management.html, "Signals for controlling uWSGI"',
    unknownWith: /^--die-on-term(=.*)?$/,
  },
];

/**
 * Base images that set no STOPSIGNAL and run whatever `command` says: a program recognised by its
 * command in one of these gets SIGTERM unless `stopSignal` says otherwise.
 */
export const PLAIN_BASE_IMAGES: readonly { repository: RegExp; source: string }[] = [
  { repository: /^python$/, source: 'docker-library/python Dockerfile-linux.template (4f070595): no STOPSIGNAL' },
  { repository: /^node$/, source: 'nodejs/docker-node 24/bookworm-slim/Dockerfile (f27d936f): no STOPSIGNAL' },
];

/** What `signal` does to the program of `row`. */
export function signalEffect(row: ProgramRow, signal: string, pid1: boolean): SignalEffect {
  if (row.pid1Ignores && pid1 && signal !== 'SIGKILL') {
    return { meaning: 'ignored', text: 'ignored: as PID 1 without its own handler Node.js does not react, so it runs on until SIGKILL' };
  }
  return row.signals[signal] ?? row.otherwise;
}
