import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import{a as r}from"./chunks/chunk-FD63IG7R.js";import"./chunks/chunk-EMJGFB7W.js";import"./chunks/chunk-I3GPN2KU.js";await r();
