import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import{a as r}from"./chunks/chunk-J2OWVHLY.js";import"./chunks/chunk-63CBTSXY.js";import"./chunks/chunk-I3GPN2KU.js";await r();
