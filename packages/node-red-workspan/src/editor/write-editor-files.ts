import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { editorPage } from './editor-page.js';
import { helpPage } from './help-page.js';
import { messageCatalogue } from './message-catalogue.js';

/** Build step: writes the editor's files next to the node file, all generated from core's catalogue. */
const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const nodes = join(packageRoot, 'dist', 'nodes');
const locale = join(nodes, 'locales', 'en-US');
mkdirSync(locale, { recursive: true });
mkdirSync(join(nodes, 'icons'), { recursive: true });
writeFileSync(join(nodes, 'workspan.html'), `${editorPage()}\n`);
writeFileSync(join(locale, 'workspan.html'), `${helpPage()}\n`);
writeFileSync(join(locale, 'workspan.json'), `${JSON.stringify(messageCatalogue(), null, 2)}\n`);
copyFileSync(join(packageRoot, 'src', 'icons', 'workspan.svg'), join(nodes, 'icons', 'workspan.svg'));
