// Writes the catalogue as plain data: dist/host-spec.json (published), and with --update the
// committed host-spec.json that a test holds to the catalogue.
import { writeFileSync } from 'node:fs';
import { hostSpecification } from '../dist/spec.js';

const text = `${JSON.stringify(hostSpecification(), null, 2)}\n`;
writeFileSync(new URL('../dist/host-spec.json', import.meta.url), text);
if (process.argv.includes('--update')) writeFileSync(new URL('../host-spec.json', import.meta.url), text);
