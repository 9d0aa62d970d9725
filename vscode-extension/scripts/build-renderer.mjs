// Bundles the graph renderer (webview/main.ts with @dagrejs/dagre) into one minified script,
// written where the Python package ships it (../lint/graphs/renderer.min.js, committed, so
// `pip install .` needs no Node) and copied to dist/graph-renderer.js for the VS Code graph view:
// the HTML page and the editor view run the same bytes.
//   node scripts/build-renderer.mjs          build both
//   node scripts/build-renderer.mjs --check  exit 1 if the committed bundle is not what the sources build
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const extensionRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const shipped = join(extensionRoot, '..', 'lint', 'graphs', 'renderer.min.js');
const copied = join(extensionRoot, 'dist', 'graph-renderer.js');
const dagre = JSON.parse(readFileSync(join(extensionRoot, 'node_modules', '@dagrejs', 'dagre', 'package.json'), 'utf8'));

const result = await build({
  entryPoints: [join(extensionRoot, 'webview', 'main.ts')],
  bundle: true,
  write: false,
  format: 'iife',
  platform: 'browser',
  target: 'es2020',
  minify: true,
  legalComments: 'none',
  charset: 'utf8',
  banner: {
    js:
      '/* wflint graph renderer: built by vscode-extension/scripts/build-renderer.mjs from vscode-extension/webview/. ' +
      `Includes @dagrejs/dagre ${dagre.version} (${dagre.license} license, https://github.com/dagrejs/dagre). */`,
  },
  logLevel: 'warning',
});
const code = result.outputFiles[0].text;

if (process.argv.includes('--check')) {
  const committed = existsSync(shipped) ? readFileSync(shipped, 'utf8') : '';
  if (committed !== code) {
    console.error(`build-renderer: ${relative(process.cwd(), shipped)} is not current; run \`npm run build:renderer\` in vscode-extension/`);
    process.exit(1);
  }
  console.log(`build-renderer: ${relative(process.cwd(), shipped)} is current (${code.length} bytes)`);
} else {
  writeFileSync(shipped, code);
  mkdirSync(dirname(copied), { recursive: true });
  copyFileSync(shipped, copied);
  console.log(`build-renderer: ${relative(extensionRoot, shipped)} (${code.length} bytes) -> ${relative(extensionRoot, copied)}`);
}
