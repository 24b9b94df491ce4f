/**
 * The STOPSIGNAL of an official image by version (rule book SIG1): what a pinned old tag sends, not
 * only what today's build sends. programs.ts keeps today's signal per program (`stopSignal`); this
 * file says from which version on that signal was built, and what older builds sent.
 *
 * How each row was found (docs/research.md, "Image STOPSIGNAL by tag"): `git log -S STOPSIGNAL` in the
 * image's repository gives the commit that added or changed the line; docker-library/official-images
 * `library/<name>` at the first commit after it gives the tags built from a commit that contains it.
 * The docker-library images rebuild every supported tag from the new commit, so the signal changed
 * for each release line's then-current version at once (`firstBuilt`); versions released before and
 * never rebuilt keep the old signal.
 */

export interface SignalHistory {
  /** The program row of programs.ts this history belongs to (its `program`). */
  program: string;
  /** Only tags of this variant (php's `-fpm` and `-apache`), as in programs.ts. */
  tags?: RegExp;
  /** Only this repository (the vendor's variant); otherwise the official image's. */
  repository?: RegExp;
  /** The signal before the change: every official build of these tags set no STOPSIGNAL, so SIGTERM. */
  before: string;
  /**
   * The first version built with today's STOPSIGNAL, per release line. A version of a listed line is
   * new from that version on; a version of an unlisted line is new when it is above every listed one.
   */
  firstBuilt: string[];
  /** Repository, path and commit of the change, and the official-images commit that first built it. */
  source: string;
}

export const SIGNAL_HISTORY: readonly SignalHistory[] = [
  {
    // nginxinc/docker-nginx 4d1f7f8 (stable 1.12.0) and ec7ff8c (mainline, "Defined default stop signal
    // as QUIT", refs #46) added STOPSIGNAL SIGQUIT on 2017-04-13. official-images 956f02670f built
    // 1.12.0 from 4d1f7f8; 1.11.13 stayed on 0c76111 (no STOPSIGNAL) until 1.13.0 (2246675bd5, 53da9a2).
    program: 'nginx',
    repository: /^nginx$/,
    before: 'SIGTERM',
    firstBuilt: ['1.12.0'],
    source: 'nginxinc/docker-nginx stable/stretch/Dockerfile (4d1f7f8): STOPSIGNAL SIGQUIT from 1.12.0; official-images library/nginx (956f02670f)',
  },
  {
    // nginxinc/docker-nginx-unprivileged set STOPSIGNAL SIGTERM from its first commit (a40fd06, 2018)
    // until 015ce72 (2020-12-03, "Update mainline NGINX to 1.19.5"), which set SIGQUIT for mainline
    // 1.19.5 and the stable 1.18.0 Dockerfiles. The vendor builds these itself (no official-images file).
    program: 'nginx',
    repository: /nginx-unprivileged$/,
    before: 'SIGTERM',
    firstBuilt: ['1.18.0', '1.19.5'],
    source: 'nginxinc/docker-nginx-unprivileged stable/debian/Dockerfile (015ce72): STOPSIGNAL SIGQUIT from 1.18.0 and 1.19.5 (SIGTERM before)',
  },
  {
    // docker-library/httpd 3ebff8d (2019-08-20, "Set STOPSIGNAL to WINCH for httpd's graceful-stop"),
    // built as 2.4.41 by official-images 340bb1e745; 4faace9 (2019-11-27) spelled it SIGWINCH.
    program: 'httpd',
    tags: /^(?!.*apache)/,
    before: 'SIGTERM',
    firstBuilt: ['2.4.41'],
    source: 'docker-library/httpd 2.4/Dockerfile (3ebff8d): STOPSIGNAL WINCH from 2.4.41; official-images library/httpd (340bb1e745)',
  },
  {
    // docker-library/php 9e50ad06 (2019-08-20), built by official-images 3a11d801e9 as 7.1.31, 7.2.21,
    // 7.3.8 and 7.4.0beta2 (`-apache` tags). 49d86143 (2019-11-27) spelled it SIGWINCH.
    program: 'httpd',
    tags: /(^|-)apache(-|$)/,
    before: 'SIGTERM',
    firstBuilt: ['7.1.31', '7.2.21', '7.3.8', '7.4.0'],
    source: 'docker-library/php */apache/Dockerfile (9e50ad06): STOPSIGNAL WINCH; official-images library/php (3a11d801e9)',
  },
  {
    // docker-library/php e21810a0 (2019-04-18, "Perform graceful stops on PHP-FPM"), built by
    // official-images c479f65abc from 545a73c9 as 7.1.28, 7.2.17 and 7.3.4 (`-fpm` tags).
    program: 'php-fpm',
    before: 'SIGTERM',
    firstBuilt: ['7.1.28', '7.2.17', '7.3.4'],
    source: 'docker-library/php */fpm/Dockerfile (e21810a0): STOPSIGNAL SIGQUIT; official-images library/php (c479f65abc)',
  },
  {
    // docker-library/haproxy 063fd36 (2018-08-25, "Stop with SIGUSR1"), built by official-images
    // b93403593d from 5803ee6e as 1.5.19, 1.6.14, 1.7.11 and 1.8.13.
    program: 'haproxy',
    before: 'SIGTERM',
    firstBuilt: ['1.5.19', '1.6.14', '1.7.11', '1.8.13'],
    source: 'docker-library/haproxy Dockerfile-debian.template (063fd36): STOPSIGNAL SIGUSR1; official-images library/haproxy (b93403593d)',
  },
  {
    // docker-library/postgres bfc5d81c (2020-09-18, "Change default STOPSIGNAL from SIGTERM to SIGINT"),
    // built by official-images 85925a33ac as 9.5.23, 9.6.19, 10.14, 11.9, 12.4 and 13.0.
    program: 'postgres',
    before: 'SIGTERM',
    firstBuilt: ['9.5.23', '9.6.19', '10.14', '11.9', '12.4', '13.0'],
    source: 'docker-library/postgres Dockerfile-debian.template (bfc5d81c): STOPSIGNAL SIGINT; official-images library/postgres (85925a33ac)',
  },
];

/** A tag's leading version: `1.25.3-alpine` → [1, 25, 3]; a moving tag (`1.11`) has fewer parts. */
export function tagVersion(tag: string): number[] | undefined {
  const match = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?=$|[-_.]?[a-z])/i.exec(tag);
  if (!match) return undefined;
  return match.slice(1).filter((p): p is string => p !== undefined).map(Number);
}

/**
 * `a` compared with `b`, a missing part standing for "the newest of that line": a moving tag such as
 * `1.11` points at the line's last build (nginx 1.11 ended at 1.11.13), `12` at the newest 12.x.
 */
function compare(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? Infinity;
    const y = b[i] ?? Infinity;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** True when `version` was built with the new signal, per the release lines of `firstBuilt`. */
export function builtWithNew(version: number[], firstBuilt: string[]): boolean {
  const firsts = firstBuilt.map((v) => v.split('.').map(Number));
  // A release line is every part of the first version but its last (1.12.0 → 1.12; 13.0 → 13).
  const line = firsts.find((f) => f.slice(0, -1).every((part, i) => version[i] === part) && version.length >= f.length - 1);
  if (line) return compare(version, line) >= 0;
  // A moving tag above the lines (`9` for postgres 9.5 and 9.6) points at their newest, rebuilt version.
  if (firsts.some((f) => version.length < f.length - 1 && version.every((part, i) => f[i] === part))) return true;
  return firsts.every((f) => compare(version, f) >= 0);
}

/** The history row for a program and tag (php variants by tag). */
export function signalHistory(program: string, tag: string | undefined, repository = ''): SignalHistory | undefined {
  return SIGNAL_HISTORY.find((h) => h.program === program && (!h.tags || h.tags.test(tag ?? '')) && (!h.repository || h.repository.test(repository)));
}
