import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DockerfileParser, From, type Copy, type Env, type Instruction } from 'dockerfile-ast';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const dockerfile = DockerfileParser.parse(readFileSync(`${ROOT}emulator/Dockerfile`, 'utf8'));
const buildScript = readFileSync(`${ROOT}emulator/docker/build.sh`, 'utf8');
const dockerignore = readFileSync(`${ROOT}.dockerignore`, 'utf8').split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));

interface Stage {
  from: From;
  instructions: Instruction[];
}

/** The Dockerfile's stages: each FROM and the instructions up to the next one. */
function stages(): Stage[] {
  const found: Stage[] = [];
  for (const instruction of dockerfile.getInstructions()) {
    if (instruction instanceof From) found.push({ from: instruction, instructions: [] });
    else found.at(-1)?.instructions.push(instruction);
  }
  return found;
}
const keyword = (instruction: Instruction) => instruction.getKeyword().toUpperCase();
const ofKind = (stage: Stage, kind: string) => stage.instructions.filter((instruction) => keyword(instruction) === kind);
const envOf = (stage: Stage) =>
  Object.fromEntries(ofKind(stage, 'ENV').flatMap((instruction) => (instruction as Env).getProperties().map((property) => [property.getName(), property.getValue()])));

// Docker does not run on our machines (issue 8): the Dockerfile is linted here, step by step.
describe('emulator/Dockerfile', () => {
  const [build, runtime] = stages();

  it('has two stages, build and runtime, on pinned base images (a full version tag, never latest)', () => {
    expect(stages().map((stage) => stage.from.getBuildStage())).toEqual(['build', 'runtime']);
    for (const { from } of stages()) {
      expect(from.getImageTag(), from.getImage() ?? '').toMatch(/^\d+\.\d+\.\d+-[a-z]+(-slim)?$/);
    }
  });

  it('runs the build steps of emulator/docker/build.sh in the build stage: install, build, prune, assemble', () => {
    expect(ofKind(build!, 'RUN').map((instruction) => instruction.getArgumentsContent())).toContainEqual('bash emulator/docker/build.sh /runtime');
    const steps = buildScript.split('\n').filter((line) => /^(npm|npx|node) /.test(line));
    expect(steps.map((line) => line.split(' ').slice(0, 2).join(' '))).toEqual(['npm install', 'npx turbo', 'npm prune', 'node emulator/docker/assemble-runtime.js']);
    expect(steps[2]).toContain('--omit=dev');
  });

  it('gives the runtime stage only what the build stage assembled, nothing from the build context', () => {
    expect(ofKind(runtime!, 'ADD')).toEqual([]);
    const copies = ofKind(runtime!, 'COPY') as Copy[];
    expect(
      copies.map((copy) => ({ flags: copy.getFlags().map((flag) => `${flag.getName()}=${flag.getValue() ?? ''}`), paths: copy.getArgumentsContent() })),
    ).toEqual([{ flags: ['from=build', 'chown=root:root'], paths: '/runtime /app' }]);
  });

  it('runs as the unprivileged node user, with state on a volume, binding 0.0.0.0 for the API and the listeners', () => {
    const users = ofKind(runtime!, 'USER').map((instruction) => instruction.getArgumentsContent());
    expect(users.at(-1)).toBe('node');
    expect(envOf(runtime!)).toMatchObject({ ELBOW_HOST: '0.0.0.0', ELBOW_LISTENER_HOST: '0.0.0.0', ELBOW_DATA_DIR: '/data', ELBOW_PORT: '4590' });
    expect(ofKind(runtime!, 'VOLUME').map((instruction) => instruction.getArgumentsContent())).toEqual(['["/data"]']);
    expect(ofKind(runtime!, 'EXPOSE').map((instruction) => instruction.getArgumentsContent())).toEqual(['4590']);
    expect(ofKind(runtime!, 'ENTRYPOINT').map((instruction) => instruction.getArgumentsContent())).toEqual(['["node", "/app/emulator/bin/elbow.js"]']);
    expect(ofKind(runtime!, 'CMD').map((instruction) => instruction.getArgumentsContent())).toEqual(['["start"]']);
  });

  it('checks its health with node against /_elbow/health (slim images have no curl)', () => {
    const [healthcheck] = dockerfile.getHEALTHCHECKs();
    expect(healthcheck?.getArgumentsContent()).toMatch(/CMD \["node", "-e", ".*\/_elbow\/health.*"\]$/);
    expect(healthcheck?.getArgumentsContent()).not.toMatch(/curl|wget/);
    // It is the runtime stage's (the image's) health check.
    expect(ofKind(runtime!, 'HEALTHCHECK')).toHaveLength(1);
  });

  it('holds no secrets: no credential-like ARG or ENV, no AWS credentials', () => {
    const names = stages().flatMap((stage) => [
      ...Object.keys(envOf(stage)),
      ...ofKind(stage, 'ARG').map((instruction) => instruction.getArgumentsContent()?.split('=')[0] ?? ''),
    ]);
    for (const name of names) expect(name).not.toMatch(/SECRET|TOKEN|PASSWORD|PASSWD|CREDENTIAL|ACCESS_KEY|^AWS_/i);
    expect(readFileSync(`${ROOT}emulator/Dockerfile`, 'utf8')).not.toMatch(/AKIA[0-9A-Z]{16}/);
  });
});

describe('.dockerignore', () => {
  it('keeps host-built and host-installed files, state and git out of the build context', () => {
    expect(dockerignore).toEqual(expect.arrayContaining(['**/node_modules', '**/dist', '.elbow', '.git']));
  });
});
