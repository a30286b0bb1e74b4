// Stands in for the form-data package under axios in the bundle: the real one (with mime-types and its 200 KB
// database) loads the first time a FormData is made. plexterm sends no forms, so that is never.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let loaded;

export default function FormData(...args) {
  loaded ??= require('form-data');
  return new loaded(...args);
}
