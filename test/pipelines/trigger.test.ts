import * as grpc from '@grpc/grpc-js';
import { parseConfig } from '../../src/config';
import { pipelineSubstitutions } from '../../pipelines/toxicity-pipeline';
import { applyTrigger, describePlan, planTrigger, TriggerConfigError } from '../../pipelines/trigger';
import { CloudBuildGrpcServer } from './support/cloud-build-grpc-server';

const github = parseConfig({
  gcp: { projectId: 'acme-toxicity' },
  pipeline: { githubOwner: 'acme', githubRepo: 'toxicity' },
});
const connected = parseConfig({
  gcp: { projectId: 'acme-toxicity', region: 'europe-west4', zone: 'europe-west4-b' },
  pipeline: {
    repository: 'projects/acme-toxicity/locations/europe-west4/connections/github/repositories/acme-toxicity',
    branch: '^release$',
  },
});

const notFound = () => ({ code: grpc.status.NOT_FOUND, details: 'trigger not found' });
const echoTrigger = (id: string) => (req: Record<string, unknown>) => ({
  response: { ...(req.trigger as Record<string, unknown>), id },
});

describe('applyTrigger against the real CloudBuildClient over gRPC', () => {
  let server: CloudBuildGrpcServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  async function start(handlers: ConstructorParameters<typeof CloudBuildGrpcServer>[0]) {
    server = new CloudBuildGrpcServer(handlers);
    await server.start();
    return server;
  }

  it('creates the 1st-gen GitHub push trigger when none exists', async () => {
    const s = await start({ GetBuildTrigger: notFound, CreateBuildTrigger: echoTrigger('t-1') });
    const client = s.client();
    const result = await applyTrigger(client, planTrigger(github));
    await client.close();

    expect(result.action).toBe('created');
    expect(result.trigger.id).toBe('t-1');
    expect(s.calls.map((c) => c.method)).toEqual(['GetBuildTrigger', 'CreateBuildTrigger']);
    expect(s.calls[0].request).toEqual({ projectId: 'acme-toxicity', triggerId: 'toxicity-main' });
    expect(s.calls[1].request).toEqual({
      projectId: 'acme-toxicity',
      trigger: {
        name: 'toxicity-main',
        description: 'Tests, trains and deploys the toxicity API on every push matching ^main$',
        github: { owner: 'acme', name: 'toxicity', push: { branch: '^main$' } },
        filename: 'cloudbuild.yaml',
        substitutions: pipelineSubstitutions(github),
        tags: ['toxicity-pipeline'],
        serviceAccount: 'projects/acme-toxicity/serviceAccounts/toxicity-builder@acme-toxicity.iam.gserviceaccount.com',
      },
    });
  });

  it('updates the existing trigger in place, by its id', async () => {
    const s = await start({
      GetBuildTrigger: () => ({ response: { id: 'existing-42', name: 'toxicity-main', filename: 'old.yaml' } }),
      UpdateBuildTrigger: echoTrigger('existing-42'),
    });
    const client = s.client();
    const result = await applyTrigger(client, planTrigger(github));
    await client.close();

    expect(result.action).toBe('updated');
    expect(s.calls.map((c) => c.method)).toEqual(['GetBuildTrigger', 'UpdateBuildTrigger']);
    const update = s.calls[1].request as { projectId: string; triggerId: string; trigger: Record<string, unknown> };
    expect(update.projectId).toBe('acme-toxicity');
    expect(update.triggerId).toBe('existing-42');
    expect(update.trigger).toMatchObject({ id: 'existing-42', filename: 'cloudbuild.yaml', name: 'toxicity-main' });
  });

  it('creates a 2nd-gen trigger in the repository location, under a regional parent', async () => {
    const s = await start({ GetBuildTrigger: notFound, CreateBuildTrigger: echoTrigger('t-2') });
    const client = s.client();
    await applyTrigger(client, planTrigger(connected));
    await client.close();

    const [get, create] = s.calls;
    expect(get.request).toEqual({
      name: 'projects/acme-toxicity/locations/europe-west4/triggers/toxicity-main',
      projectId: 'acme-toxicity',
      triggerId: 'toxicity-main',
    });
    expect(create.request).toMatchObject({
      parent: 'projects/acme-toxicity/locations/europe-west4',
      projectId: 'acme-toxicity',
      trigger: {
        repositoryEventConfig: {
          repository: 'projects/acme-toxicity/locations/europe-west4/connections/github/repositories/acme-toxicity',
          push: { branch: '^release$' },
        },
        filename: 'cloudbuild.yaml',
      },
    });
    expect((create.request.trigger as Record<string, unknown>).github).toBeUndefined();
    // The client routes regional calls with the location header.
    expect(create.metadata['x-goog-request-params']).toBe('location=europe-west4');
  });

  it('updates a 2nd-gen trigger with its resource name for routing', async () => {
    const resourceName = 'projects/acme-toxicity/locations/europe-west4/triggers/abc';
    const s = await start({
      GetBuildTrigger: () => ({ response: { id: 'abc', name: 'toxicity-main', resourceName } }),
      UpdateBuildTrigger: echoTrigger('abc'),
    });
    const client = s.client();
    await applyTrigger(client, planTrigger(connected));
    await client.close();

    const update = s.calls[1];
    expect(update.request).toMatchObject({ triggerId: 'abc', trigger: { id: 'abc', resourceName } });
    expect(update.metadata['x-goog-request-params']).toBe('location=europe-west4');
  });

  it('propagates a permission error from the lookup and creates nothing', async () => {
    const s = await start({
      GetBuildTrigger: () => ({ code: grpc.status.PERMISSION_DENIED, details: 'cloudbuild.builds.get denied' }),
      CreateBuildTrigger: echoTrigger('never'),
    });
    const client = s.client();
    await expect(applyTrigger(client, planTrigger(github))).rejects.toMatchObject({
      code: grpc.status.PERMISSION_DENIED,
    });
    await client.close();
    expect(s.calls.map((c) => c.method)).toEqual(['GetBuildTrigger']);
  });
});

describe('planTrigger', () => {
  it('throws, naming the settings to fill in, when no repository is configured', () => {
    expect(() => planTrigger(parseConfig({}))).toThrow(TriggerConfigError);
    expect(() => planTrigger(parseConfig({}))).toThrow(
      /pipeline\.githubOwner.*pipeline\.githubRepo.*pipeline\.repository/,
    );
  });

  it('leaves the service account out when the config has none', () => {
    const c = parseConfig({ pipeline: { githubOwner: 'a', githubRepo: 'b', serviceAccount: null } });
    expect(planTrigger(c).createRequest.trigger?.serviceAccount).toBeUndefined();
  });

  it('describes all three requests for a dry run', () => {
    const described = describePlan(planTrigger(github));
    expect(Object.keys(described)).toEqual([
      'generation',
      'getBuildTrigger',
      'createBuildTrigger',
      'updateBuildTrigger',
    ]);
    expect(described.updateBuildTrigger).toMatchObject({ triggerId: '<id of the existing trigger>' });
  });
});
