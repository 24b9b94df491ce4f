/**
 * Other names of the same image (issue 14). Sources:
 * - distribution reference grammar (distribution/reference, docker.io defaults): `nginx`,
 *   `docker.io/library/nginx` and `index.docker.io/library/nginx` name one repository.
 * - cloud.google.com/artifact-registry/docs/pull-cached-dockerhub-images: mirror.gcr.io caches
 *   public Docker Hub images, "kept in sync with Docker Hub".
 * - public.ecr.aws/docker/library: no page at hand says these are the same builds; the model assumes
 *   it and says so.
 * - nginxinc/docker-nginx-unprivileged README.md (8ead5ce): the images are published on Docker Hub
 *   (nginxinc/), GHCR and Quay (nginx/) and ECR Public (nginx/); its Dockerfiles set STOPSIGNAL SIGQUIT
 *   since 015ce72 (1.18.0 stable, 1.19.5 mainline), SIGTERM before (a40fd06).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseImageRef } from '../../shared/model/data/images';
import { imageProgram, imageSignal } from '../../shared/model/process/program';

test('Docker Hub names and its mirrors normalise to one repository', () => {
  for (const name of ['nginx:1.27', 'docker.io/library/nginx:1.27', 'index.docker.io/library/nginx:1.27', 'mirror.gcr.io/library/nginx:1.27', 'public.ecr.aws/docker/library/nginx:1.27']) {
    const ref = parseImageRef(name)!;
    assert.deepEqual([ref.registry, ref.repository, ref.tag], [undefined, 'nginx', '1.27'], name);
    assert.equal(imageProgram(name)?.program, 'nginx', name);
  }
  assert.deepEqual(parseImageRef('mirror.gcr.io/envoyproxy/envoy:v1.31.0')!.repository, 'envoyproxy/envoy');
  assert.equal(imageProgram('quay.io/library/nginx:1.27'), undefined, 'another registry is another image');
});

test('mirror.gcr.io is documented as Docker Hub; ECR Public docker/library is an assumption the model states', () => {
  assert.deepEqual(imageSignal('mirror.gcr.io/library/nginx:1.27'), { signal: 'SIGQUIT' });
  assert.deepEqual(imageSignal('public.ecr.aws/docker/library/nginx:1.27'), {
    signal: 'SIGQUIT',
    note: "public.ecr.aws/docker/library is taken to hold the same builds as Docker Hub's official image.",
  });
  assert.equal(imageSignal('public.ecr.aws/docker/library/nginx:1.11').signal, undefined, '1.11 builds had no STOPSIGNAL');
});

test('nginxinc/nginx-unprivileged: the vendor variant sends SIGQUIT from 1.18.0 / 1.19.5, SIGTERM before', () => {
  for (const name of ['nginxinc/nginx-unprivileged:1.27', 'ghcr.io/nginx/nginx-unprivileged:1.27-alpine', 'quay.io/nginx/nginx-unprivileged:stable', 'public.ecr.aws/nginx/nginx-unprivileged:1.19.5']) {
    assert.equal(imageSignal(name).signal, 'SIGQUIT', name);
  }
  assert.equal(imageSignal('nginxinc/nginx-unprivileged:1.19.4').signal, undefined);
  assert.equal(imageSignal('nginxinc/nginx-unprivileged:1.16').signal, undefined);
  assert.match(imageSignal('nginxinc/nginx-unprivileged:1.19.4').note!, /SIGQUIT since 1\.18\.0, 1\.19\.5; older builds sent SIGTERM/);
  // The official image's own history does not apply to the vendor's: 1.17 was SIGQUIT there.
  assert.equal(imageSignal('nginx:1.17').signal, 'SIGQUIT');
});
