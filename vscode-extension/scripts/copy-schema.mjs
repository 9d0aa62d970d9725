// Copies the workflow JSON Schema generated at the repository root into the extension, where the
// `yamlValidation` contribution points. Until the schema exists the build goes on with a schema
// that accepts everything, so the YAML extension does not report a missing file.
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const extensionRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(extensionRoot, '..', 'schemas', 'dag-factory.schema.json');
const target = join(extensionRoot, 'schemas', 'dag-factory.schema.json');

mkdirSync(dirname(target), { recursive: true });
if (existsSync(source)) {
  copyFileSync(source, target);
  console.log(`copy-schema: ${relative(extensionRoot, source)} -> ${relative(extensionRoot, target)}`);
} else {
  console.warn(
    `copy-schema: ${relative(extensionRoot, source)} does not exist yet; the extension is built without ` +
      'the workflow JSON Schema; a permissive placeholder is bundled instead.',
  );
  const placeholder = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'DAG Factory workflow (placeholder: the real schema was not available at build time)',
  };
  writeFileSync(target, JSON.stringify(placeholder, null, 2) + '\n');
}
