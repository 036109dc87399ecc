// ESLint (flat config): typescript-eslint's recommended rules, plus the architecture written as import rules, so a
// change that crosses a boundary fails `npm run lint` (and CI) instead of waiting for a review to notice.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { ARCHITECTURE } from './eslint.architecture.mjs';

export default tseslint.config(
  { ignores: ['dist/**', 'data/**', 'node_modules/**', 'coverage/**', 'test/screenshots/**', 'src/db/migrations/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': 'error',
      // Nest modules and DTO namespaces are empty classes by design.
      '@typescript-eslint/no-extraneous-class': 'off',
      // CommonJS interop: the test register hook and a few scripts are plain require()s.
      '@typescript-eslint/no-require-imports': 'off',
      // It does not see a value used only inside a decorator's arguments (`@Body(new ZodValidationPipe(Schema))`).
      'no-useless-assignment': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly' },
    },
  },
  ...ARCHITECTURE,
);
