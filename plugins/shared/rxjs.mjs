// The bundled plugins' rxjs: the host's own (plexterm/rxjs, one module), imported from here because this folder
// lies in plexterm's package, where Node finds plexterm/rxjs by its own name even without the host's module hooks.
// What the bundled plugins use of it, by name.
export { Observable, Subject, firstValueFrom, timeout } from 'plexterm/rxjs';
