// What every matrix reader starts from: the repository, its built packages, the connector's operations.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

const swagger = JSON.parse(readFileSync(join(root, 'reference/apiDefinition.swagger.json'), 'utf8'));
/** Every operationId of the connector's definition. */
export const definedIds = Object.values(swagger.paths).flatMap((methods) =>
  Object.values(methods).flatMap((operation) => (operation?.operationId ? [operation.operationId] : [])),
);

/** A built module of the repository, or undefined when it is not built. */
export async function load(relativePath) {
  const path = join(root, relativePath);
  if (!existsSync(path)) return undefined;
  return import(pathToFileURL(path).href);
}
