import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'docs/api/',
      'coverage/',
      'node_modules/',
      'test/fixtures/',
      'test/docs/.blocks/',
      '.scratch/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-console': 'error',
    },
  },
  {
    files: ['bench/**', 'examples/**', 'scripts/**', 'test/**', 'src/cli/**'],
    rules: { 'no-console': 'off' },
  },
  {
    // Plain JavaScript scripts run by Node (smoke tests): Node globals, CommonJS allowed in .cjs.
    files: ['scripts/**/*.{js,mjs,cjs}'],
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        require: 'readonly',
        module: 'readonly',
        __dirname: 'readonly',
      },
    },
  },
  {
    // Braze Data Transformation code (generated): a script with a top-level return, given only
    // `payload` and `headers`; ES2018, as Braze's engine requires.
    files: ['docs/data-transformation/*.js'],
    languageOptions: {
      ecmaVersion: 2018,
      sourceType: 'script',
      globals: { payload: 'readonly', headers: 'readonly' },
      parserOptions: { ecmaFeatures: { globalReturn: true } },
    },
    // Its escape of control characters matches them on purpose.
    rules: { 'no-undef': 'error', 'no-control-regex': 'off' },
  },
  {
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
