import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseConfig } from '../../src/config';
import { toxicityPipeline } from '../../pipelines/toxicity-pipeline';

const ROOT = resolve(__dirname, '../..');
const dockerfile = readFileSync(resolve(ROOT, 'model-server/Dockerfile'), 'utf8');
const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };

/** `ARG NODE_IMAGE=<default>` of the Dockerfile (the production base). */
function dockerfileBase(): string {
  const match = /^ARG NODE_IMAGE=(\S+)$/m.exec(dockerfile);
  if (!match) throw new Error('model-server/Dockerfile has no ARG NODE_IMAGE=<image> line');
  return match[1];
}

describe('the Node.js runtime', () => {
  it('pins the production base of the image by an exact Node release tag', () => {
    expect(dockerfileBase()).toMatch(/^node:\d+\.\d+\.\d+-[a-z]+-slim$/);
  });

  it('builds every stage of the image from that one base argument', () => {
    const froms = dockerfile.match(/^FROM .*$/gm) ?? [];
    expect(froms.length).toBeGreaterThan(0);
    expect(froms.every((line) => line.startsWith('FROM ${NODE_IMAGE}'))).toBe(true);
  });

  it('runs the pipeline tests and training on the image base the server ships on', () => {
    const build = toxicityPipeline(parseConfig({}));
    const base = dockerfileBase();
    for (const id of ['tests', 'train']) {
      expect(build.steps.find((s) => s.id === id)?.name).toBe(base);
    }
  });

  it('declares the shipped release in package.json engines, beside the Node 20.19+ the two commands run on', () => {
    const [, major, minor, patch] = /^node:(\d+)\.(\d+)\.(\d+)-/.exec(dockerfileBase())!;
    // The production range, and the development machines' Node 20 (no EBADENGINE warning on npm ci).
    expect(pkg.engines.node).toBe(`>=20.19.0 <21 || >=${major}.${minor}.${patch} <${Number(major) + 1}`);
  });
});
