// @ts-check
/**
 * The module doors, enforced: which folders each source folder may import, and only through their
 * barrel (index.ts). `npm test` runs this config on its own (it needs no type information, so it is
 * fast); `npm run lint` includes it. docs/architecture.md draws the same table.
 */
import tseslint from 'typescript-eslint';

/** Each module (a folder with an index.ts barrel) and the modules it may import, lowest layer first. */
export const MODULE_DEPENDENCIES = {
  // core
  'src/common': [],
  'src/contract': [],
  'src/config': ['common', 'contract'],
  'src/ml': ['common', 'contract'],
  // services
  'src/storage': ['common', 'contract', 'config', 'ml'],
  'src/mlflow': ['common', 'contract', 'config'],
  // products
  'src/monitoring': ['common', 'contract', 'config'],
  'src/constructs': ['common', 'contract', 'config', 'monitoring'],
  // Config Connector constructs (Google Cloud infrastructure); pure, like src/constructs.
  'src/infra': ['common', 'contract', 'config'],
  // The infra chart takes the trigger plan and the cache tag from the pipeline's pure model.
  charts: ['common', 'contract', 'config', 'monitoring', 'constructs', 'infra', 'pipelines'],
  pipelines: ['common', 'contract', 'config'],
  'model-server': ['common', 'contract', 'config', 'ml', 'storage', 'mlflow'],
  'src/training': ['common', 'contract', 'config', 'ml', 'storage', 'mlflow'],
  // commands: imported only by the CLI entry point
  'src/commands': [
    'common',
    'contract',
    'config',
    'ml',
    'storage',
    'mlflow',
    'monitoring',
    'constructs',
    'charts',
    'pipelines',
    'model-server',
    'training',
  ],
};

/** Entry points: they read argv, the environment and files, and wire the modules below them. */
export const ENTRY_POINT_DEPENDENCIES = {
  'src/cli.ts': ['common', 'contract', 'config', 'storage', 'mlflow', 'commands'],
  'model-server/server.ts': ['common', 'contract', 'config'],
  'charts/main.ts': ['common', 'contract', 'config'],
};

const NAMES = Object.keys(MODULE_DEPENDENCIES).map((m) => m.replace(/^src\//, ''));
const anyModule = NAMES.join('|');

/** A relative import that reaches into another module past its barrel (or into an entry point). */
const deepImport = {
  regex: `^(\\.\\./)+(src/)?(${anyModule})/.+`,
  message: 'import another folder through its barrel (index.ts), never a file inside it',
};

function restrict(allowed, self) {
  const forbidden = NAMES.filter((n) => n !== self && !allowed.includes(n));
  return [
    'error',
    {
      patterns: [
        deepImport,
        ...(forbidden.length > 0
          ? [
              {
                regex: `^(\\.\\.?/)+(src/)?(${forbidden.join('|')})(/.*)?$`,
                message: `this folder may import only: ${allowed.join(', ') || 'nothing of the project'} (see docs/architecture.md)`,
              },
            ]
          : []),
      ],
    },
  ];
}

export default [
  {
    files: ['src/**/*.ts', 'model-server/**/*.ts', 'pipelines/**/*.ts', 'charts/**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    // Known to this config so that disable comments naming its rules resolve.
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'off' },
  },
  ...Object.entries(MODULE_DEPENDENCIES).map(([folder, allowed]) => ({
    files: [`${folder}/**/*.ts`],
    ignores: Object.keys(ENTRY_POINT_DEPENDENCIES),
    rules: { 'no-restricted-imports': restrict(allowed, folder.replace(/^src\//, '')) },
  })),
  ...Object.entries(ENTRY_POINT_DEPENDENCIES).map(([file, allowed]) => ({
    files: [file],
    rules: { 'no-restricted-imports': restrict(allowed, file.split('/').slice(-2, -1)[0]) },
  })),
];
