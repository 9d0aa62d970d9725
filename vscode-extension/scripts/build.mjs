// Bundles the extension into dist/extension.js (one file, so the .vsix needs no node_modules).
import { build } from 'esbuild';

const production = !process.argv.includes('--dev');

await build({
  entryPoints: ['src/extension.ts'],
  bundle: true,
  outfile: 'dist/extension.js',
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  external: ['vscode'],
  minify: production,
  sourcemap: !production,
  logLevel: 'info',
});
