/**
 * SIG1 by tag: an official image's STOPSIGNAL at the version its tag names (shared/model/data/image-history.ts).
 * Every expected value comes from the image repository's commit that added STOPSIGNAL and the
 * docker-library/official-images `library/*` file that first built a tag from it:
 * - nginx: nginxinc/docker-nginx 4d1f7f8 / ec7ff8c (2017-04-13); official-images 956f02670f builds
 *   1.12.0 from 4d1f7f8, while 1.11.13 stayed on 0c76111 (8a3cb4777f, 2246675bd5).
 * - httpd: docker-library/httpd 3ebff8d (2019-08-20), official-images 340bb1e745 (2.4.41; before it,
 *   be872b40b6 built 2.4.41 from fd8bc2a without it). php -apache: docker-library/php 9e50ad06,
 *   official-images 3a11d801e9 (7.1.31, 7.2.21, 7.3.8).
 * - php-fpm: docker-library/php e21810a0, official-images c479f65abc (7.1.28, 7.2.17, 7.3.4 from 545a73c9).
 * - haproxy: docker-library/haproxy 063fd36, official-images b93403593d (1.5.19, 1.6.14, 1.7.11, 1.8.13).
 * - postgres: docker-library/postgres bfc5d81c, official-images 85925a33ac (9.5.23 … 12.4, 13.0).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { imageSignal } from '../../shared/model/process/program';
import { builtWithNew, tagVersion } from '../../shared/model/data/image-history';

const signal = (image: string) => imageSignal(image).signal ?? 'SIGTERM';

test('nginx: SIGQUIT from 1.12.0; 1.11.x and 1.10.x builds had no STOPSIGNAL (SIGTERM, the fast shutdown)', () => {
  for (const tag of ['1.12.0', '1.12', '1.13.0-alpine', '1.27', '1', 'stable', 'mainline-alpine']) assert.equal(signal(`nginx:${tag}`), 'SIGQUIT', tag);
  for (const tag of ['1.11.13', '1.11', '1.10.3-alpine', '1.10', '1.9.15']) assert.equal(signal(`nginx:${tag}`), 'SIGTERM', tag);
  assert.match(imageSignal('nginx:1.11.13').note!, /^nginx 1\.11\.13 was built without today's STOPSIGNAL \(SIGQUIT since 1\.12\.0; older builds sent SIGTERM\), so it gets SIGTERM\.$/);
});

test('httpd: SIGWINCH from 2.4.41; php -apache from 7.1.31, 7.2.21, 7.3.8', () => {
  assert.equal(signal('httpd:2.4.41'), 'SIGWINCH');
  assert.equal(signal('httpd:2.4'), 'SIGWINCH');
  assert.equal(signal('httpd:2.4.39-alpine'), 'SIGTERM');
  assert.equal(signal('php:7.3.8-apache'), 'SIGWINCH');
  assert.equal(signal('php:7.3.7-apache-stretch'), 'SIGTERM');
  assert.equal(signal('php:7.2.20-apache'), 'SIGTERM');
  assert.equal(signal('php:7.0-apache'), 'SIGTERM', '7.0 was end-of-life before the change and never rebuilt');
  assert.equal(signal('php:8.3-apache'), 'SIGWINCH');
});

test('php-fpm SIGQUIT from 7.1.28/7.2.17/7.3.4; haproxy SIGUSR1 from 1.5.19…1.8.13; postgres SIGINT from 9.5.23…12.4, 13.0', () => {
  assert.equal(signal('php:7.3.4-fpm'), 'SIGQUIT');
  assert.equal(signal('php:7.3.3-fpm-alpine'), 'SIGTERM');
  assert.equal(signal('php:7.2.16-fpm'), 'SIGTERM');
  assert.equal(signal('php:8.2-fpm'), 'SIGQUIT');
  assert.equal(signal('haproxy:1.8.13'), 'SIGUSR1');
  assert.equal(signal('haproxy:1.8.12'), 'SIGTERM');
  assert.equal(signal('haproxy:1.7.10-alpine'), 'SIGTERM');
  assert.equal(signal('haproxy:2.8'), 'SIGUSR1');
  assert.equal(signal('postgres:12.3'), 'SIGTERM');
  assert.equal(signal('postgres:12.4'), 'SIGINT');
  assert.equal(signal('postgres:9.6.18-alpine'), 'SIGTERM');
  assert.equal(signal('postgres:9.4'), 'SIGTERM', '9.4 was end-of-life before the change');
  assert.equal(signal('postgres:9'), 'SIGINT', 'the moving 9 tag last pointed at a rebuilt 9.6');
  assert.equal(signal('postgres:13'), 'SIGINT');
  assert.equal(signal('postgres:17-bookworm'), 'SIGINT');
});

test('a tag that names no version takes today\'s build and says so', () => {
  assert.deepEqual(imageSignal('nginx'), { signal: 'SIGQUIT', note: "no tag (latest), so today's nginx image is assumed (SIGQUIT since 1.12.0; older builds sent SIGTERM)." });
  assert.match(imageSignal('nginx:stable-alpine').note!, /^the tag stable-alpine names no version, so today's nginx image is assumed/);
  assert.match(imageSignal('nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef').note!, /^the image is pinned by digest only/);
  // A program without a history row (redis: no STOPSIGNAL ever) says nothing.
  assert.deepEqual(imageSignal('redis:7'), {});
});

test('tag versions and release lines', () => {
  assert.deepEqual(tagVersion('1.25.3-alpine'), [1, 25, 3]);
  assert.deepEqual(tagVersion('7.4.0beta2-apache'), [7, 4, 0]);
  assert.deepEqual(tagVersion('8.2-fpm'), [8, 2]);
  assert.equal(tagVersion('latest'), undefined);
  assert.equal(tagVersion('alpine3.20'), undefined);
  assert.equal(builtWithNew([10, 13], ['9.5.23', '10.14']), false);
  assert.equal(builtWithNew([10], ['9.5.23', '10.14']), true);
});
