/**
 * How the lab starts each server program of `shared/model/data/programs.ts` from Debian's packages:
 * its configuration (in a temp dir), the command line a container would run in the foreground, and
 * one slow request it can have in flight. Everything listens on 127.0.0.1 only.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exchange, fastcgiGet, HOST, httpGet, type Outcome, redisCommand } from './net';

/** Seconds the slow request takes: long enough to still be in flight when the signal arrives. */
export const SLOW = 2.5;
const BODY = 'slow-done';

export interface Setup {
  argv: string[];
  env?: NodeJS.ProcessEnv;
  port: number;
  /** Starts the slow request; resolves with its outcome. */
  slowRequest: () => Promise<Outcome>;
  /** Whether the slow request has reached the program's handler (the stop must find it in flight). */
  arrived?: () => boolean | Promise<boolean>;
  /** A line PID 1 prints once it is fully up: a port that accepts is not enough (HAProxy binds before it forks its worker). */
  ready?: RegExp;
  /** True when the program stopped cleanly (databases: no crash recovery at the next start); `output` is what PID 1 printed. */
  clean?: (output: string) => boolean;
  /** The model's graceful command as run here (a config path appended where the image has it at the default place). */
  gracefulCommand?: string;
  /** Seconds to wait for it to listen (PostgreSQL and the Python servers start slowly). */
  startSeconds: number;
}

export interface LabProgram {
  /** `program` of the model's row. */
  program: string;
  /** A configuration that differs from the package's default, measured beside it. */
  variant?: string;
  /** The Debian package whose version the table records. */
  pkg: string;
  /** Where Debian's build differs from the official image, for the table. */
  note: string;
  /** Uses the lab's slow upstream (the proxies): the request is in flight once the upstream saw it. */
  proxy: boolean;
  setup: (dir: string, port: number, upstream: number) => Setup;
}

const www = (dir: string) => {
  // mkdtemp makes a 0700 dir: the unprivileged workers (www-data) must read their scripts.
  chmodSync(dir, 0o755);
};
const script = (dir: string, name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
/**
 * A directory every worker user can write, where a slow handler leaves a file when a request
 * arrives: the lab stops the program only once its request is really in flight.
 */
function marker(dir: string): { path: string; arrived: () => boolean } {
  const m = join(dir, 'm');
  mkdirSync(m, { mode: 0o777 });
  chmodSync(m, 0o777);
  return { path: join(m, 'arrived'), arrived: () => existsSync(join(m, 'arrived')) };
}

/** A WSGI app whose handler takes SLOW seconds; time.sleep resumes after a signal handler (PEP 475). */
const pyApp = (mark: string) =>
  `import time\ndef app(environ, start_response):\n    open('${mark}', 'w').close()\n    time.sleep(${SLOW})\n    start_response('200 OK', [('Content-Type', 'text/plain')])\n    return [b'${BODY}']\napplication = app\n`;

export const LAB_PROGRAMS: LabProgram[] = [
  {
    program: 'nginx', pkg: 'nginx', proxy: true,
    note: 'Debian 12 ships nginx 1.22 (the image: mainline); same signal handling',
    setup: (dir, port, up) => {
      const conf = script(dir, 'nginx.conf', [
        `pid ${dir}/nginx.pid;`, `error_log ${dir}/error.log;`, 'worker_processes 1;', 'events { worker_connections 64; }',
        `http { access_log off; client_body_temp_path ${dir}/b; proxy_temp_path ${dir}/p; fastcgi_temp_path ${dir}/f; uwsgi_temp_path ${dir}/u; scgi_temp_path ${dir}/s;`,
        `  server { listen ${HOST}:${port}; location / { proxy_pass http://${HOST}:${up}; proxy_read_timeout 30s; } } }`, '',
      ].join('\n'));
      return {
        argv: ['nginx', '-c', conf, '-g', 'daemon off;'], port, startSeconds: 5,
        slowRequest: () => httpGet(port, '/', BODY), gracefulCommand: `nginx -s quit -c ${conf}`,
      };
    },
  },
  {
    program: 'httpd', pkg: 'apache2', proxy: true,
    note: "Debian's apache2 (mpm_event, mod_proxy to the slow upstream) stands in for the httpd image; apachectl is Debian's apache2ctl",
    setup: (dir, port, up) => {
      const mod = (name: string) => `LoadModule ${name}_module /usr/lib/apache2/modules/mod_${name}.so`;
      script(dir, 'apache2.conf', [
        `ServerRoot ${dir}`, `DefaultRuntimeDir ${dir}`, `PidFile ${dir}/httpd.pid`, 'ErrorLog /proc/self/fd/2', `Mutex file:${dir} default`,
        mod('mpm_event'), mod('authz_core'), mod('proxy'), mod('proxy_http'),
        'User www-data', 'Group www-data', 'ServerName localhost', `Listen ${HOST}:${port}`,
        'GracefulShutdownTimeout 30', `ProxyPass / http://${HOST}:${up}/`, 'ProxyTimeout 30', '',
      ].join('\n'));
      const env = { ...process.env, APACHE_CONFDIR: dir, APACHE_RUN_DIR: dir, APACHE_LOCK_DIR: dir, APACHE_LOG_DIR: dir };
      return {
        argv: ['apache2', '-d', dir, '-f', `${dir}/apache2.conf`, '-DFOREGROUND'], env, port, startSeconds: 10, ready: /resuming normal operations/,
        slowRequest: () => httpGet(port, '/', BODY),
        gracefulCommand: `APACHE_CONFDIR=${dir} APACHE_RUN_DIR=${dir} APACHE_LOCK_DIR=${dir} apachectl -k graceful-stop`,
      };
    },
  },
  {
    program: 'haproxy', pkg: 'haproxy', proxy: true,
    note: 'Debian 12 ships HAProxy 2.6; run as the image does (-W -db: master-worker, foreground)',
    setup: (dir, port, up) => {
      const cfg = script(dir, 'haproxy.cfg', [
        'defaults', '  mode http', '  timeout connect 2s', '  timeout client 30s', '  timeout server 30s',
        'frontend f', `  bind ${HOST}:${port}`, '  default_backend b', 'backend b', `  server s1 ${HOST}:${up}`, '',
      ].join('\n'));
      return { argv: ['haproxy', '-W', '-db', '-f', cfg], port, startSeconds: 10, ready: /Loading success/, slowRequest: () => httpGet(port, '/', BODY), gracefulCommand: 'kill -USR1 1' };
    },
  },
  {
    program: 'php-fpm', pkg: 'php8.2-fpm', proxy: false,
    note: "Debian's binary is php-fpm8.2; the request is FastCGI straight to it; process_control_timeout is left at its default 0, as in Debian's and the official image's configuration",
    setup: (dir, port) => phpFpm(dir, port, []),
  },
  {
    // Debian's default process_control_timeout is 0, which cuts SIGQUIT's graceful stop short (see
    // docs/research.md, "Measured"); this variant shows the same signals with a timeout set.
    program: 'php-fpm', variant: 'process_control_timeout = 10s', pkg: 'php8.2-fpm', proxy: false,
    note: 'the same php-fpm with process_control_timeout = 10s in [global]',
    setup: (dir, port) => phpFpm(dir, port, ['process_control_timeout = 10s']),
  },
  {
    program: 'postgres', pkg: 'postgresql-15', proxy: false,
    note: "Debian's PostgreSQL 15 run as the image does (postgres in the foreground as the postgres user); graceful = clean shutdown (pg_controldata)",
    setup: (dir, port) => {
      const bin = '/usr/lib/postgresql/15/bin';
      const data = join(dir, 'data');
      www(dir);
      mkdirSync(data, { mode: 0o700 });
      const pg = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
      chownSync(data, pg, pg);
      chownSync(dir, pg, pg);
      const asPg = ['setpriv', '--reuid=postgres', '--regid=postgres', '--init-groups', '--'];
      if (!existsSync(join(data, 'PG_VERSION'))) {
        const init = spawnSync(asPg[0]!, [...asPg.slice(1), `${bin}/initdb`, '-D', data, '-U', 'postgres', '--auth=trust', '-N'], { encoding: 'utf8' });
        if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
      }
      return {
        argv: [...asPg, `${bin}/postgres`, '-D', data, '-h', HOST, '-p', String(port), '-k', dir], port, startSeconds: 20,
        ready: /ready to accept connections/,
        // The query is in flight once the server lists it as active (a second, short session asks).
        arrived: () => spawnSync('psql', ['-h', HOST, '-p', String(port), '-U', 'postgres', '-Atc', "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE 'SELECT pg_sleep%'"], { encoding: 'utf8' }).stdout.trim() === '1',
        slowRequest: () => new Promise((resolve) => {
          const psql = spawn('psql', ['-h', HOST, '-p', String(port), '-U', 'postgres', '-Atc', `SELECT pg_sleep(${SLOW})`], { stdio: 'ignore' });
          psql.on('exit', (code) => resolve(code === 0 ? 'completed' : 'cut'));
        }),
        clean: () => /Database cluster state:\s+shut down\n/.test(spawnSync(`${bin}/pg_controldata`, [data], { encoding: 'utf8' }).stdout),
      };
    },
  },
  {
    program: 'redis', pkg: 'redis-server', proxy: false,
    note: 'Debian 12 ships Redis 7.0; the in-flight request is DEBUG SLEEP; graceful = its "ready to exit" shutdown',
    setup: (dir, port) => ({
      argv: ['redis-server', '--port', String(port), '--bind', HOST, '--dir', dir, '--enable-debug-command', 'yes', '--daemonize', 'no'],
      port, startSeconds: 10, ready: /Ready to accept connections/,
      slowRequest: () => redisCommand(port, 'DEBUG', 'SLEEP', String(SLOW)),
      // DEBUG SLEEP blocks the whole server: a PING that gets no answer means the command is running.
      arrived: async () => (await exchange(port, Buffer.from('PING\r\n'), (b) => b.includes('PONG'), 300)) === undefined,
      clean: (output) => output.includes('ready to exit'),
    }),
  },
  {
    program: 'node', pkg: 'node (process.execPath)', proxy: false,
    note: 'the Node.js running the lab; a plain http server with no signal handler',
    setup: (dir, port) => nodeSetup(dir, port, false),
  },
  {
    program: 'node (SIGTERM handler)', pkg: 'node (process.execPath)', proxy: false,
    note: 'the same server with process.on("SIGTERM") calling server.close(): the model assumes no handler',
    setup: (dir, port) => nodeSetup(dir, port, true),
  },
  {
    program: 'gunicorn', pkg: 'gunicorn', proxy: false,
    note: 'Debian 12 ships gunicorn 20.1 (sync worker); the app sleeps in its handler',
    setup: (dir, port) => {
      const mark = marker(dir);
      script(dir, 'app.py', pyApp(mark.path));
      return {
        argv: ['gunicorn', '--bind', `${HOST}:${port}`, '--chdir', dir, '--workers', '1', '--graceful-timeout', '30', 'app:app'],
        port, startSeconds: 20, ready: /Booting worker/, arrived: mark.arrived, slowRequest: () => httpGet(port, '/', BODY),
      };
    },
  },
  {
    program: 'uWSGI', pkg: 'uwsgi-core', proxy: false,
    note: 'Debian 12 ships uWSGI 2.0.21 with the python3 plugin; run with --master, without --die-on-term',
    setup: (dir, port) => {
      const mark = marker(dir);
      const app = script(dir, 'app.py', pyApp(mark.path));
      return {
        argv: ['uwsgi', '--plugin', 'python3', '--master', '--processes', '1', '--http-socket', `${HOST}:${port}`, '--wsgi-file', app],
        port, startSeconds: 20, ready: /spawned uWSGI worker 1/, arrived: mark.arrived, slowRequest: () => httpGet(port, '/', BODY),
      };
    },
  },
];

function phpFpm(dir: string, port: number, global: string[]): Setup {
  www(dir);
  const mark = marker(dir);
  // PHP's sleep() returns early when a signal interrupts it: the script waits in short steps on the
  // clock instead, so only the worker's own stop can cut it.
  const php = script(dir, 'slow.php', `<?php touch('${mark.path}'); $end = microtime(true) + ${SLOW}; while (microtime(true) < $end) usleep(50000); echo '${BODY}';\n`);
  const conf = script(dir, 'php-fpm.conf', [
    '[global]', 'error_log = /proc/self/fd/2', 'daemonize = no', ...global, '[www]', `listen = ${HOST}:${port}`,
    'user = www-data', 'group = www-data', 'pm = static', 'pm.max_children = 2', '',
  ].join('\n'));
  return {
    argv: ['php-fpm8.2', '-F', '-y', conf], port, startSeconds: 10, ready: /ready to handle connections/, arrived: mark.arrived,
    slowRequest: () => fastcgiGet(port, php, BODY), gracefulCommand: 'kill -QUIT 1',
  };
}

function nodeSetup(dir: string, port: number, handler: boolean): Setup {
  const mark = marker(dir);
  const server = script(dir, 'server.js', nodeServer(port, handler, mark.path));
  return { argv: [process.execPath, server], port, startSeconds: 10, arrived: mark.arrived, slowRequest: () => httpGet(port, '/', BODY) };
}

function nodeServer(port: number, handler: boolean, mark: string): string {
  return [
    "const http = require('node:http');",
    "const fs = require('node:fs');",
    `const server = http.createServer((req, res) => { fs.writeFileSync('${mark}', ''); setTimeout(() => res.end('${BODY}'), ${SLOW * 1000}); });`,
    `server.listen(${port}, '${HOST}');`,
    handler ? "process.on('SIGTERM', () => server.close(() => process.exit(0)));" : '',
    '',
  ].join('\n');
}
