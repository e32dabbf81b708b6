// Rewrites the README's tool table from the built server's tool list.
import { readFileSync, writeFileSync } from 'node:fs';
import { toolTable } from '../dist/index.js';

const file = new URL('../README.md', import.meta.url);
const text = readFileSync(file, 'utf8');
writeFileSync(
  file,
  text.replace(/<!-- tools -->\n[\s\S]*?<!-- \/tools -->/, `<!-- tools -->\n${toolTable()}\n<!-- /tools -->`),
);
