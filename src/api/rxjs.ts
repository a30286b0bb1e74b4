// `plexterm/rxjs`: the host's own rxjs 7, all of it, as one ES module (see ARCHITECTURE.md, "The plugin boundary").
// A plugin that imports it shares the host's copy and loads a file or two, where the `rxjs` package's Node build
// loads some 300 modules (about 200 ms, which a player plugin's activation used to spend before a play could start).
// A plugin may still bring its own `rxjs` 7: Observables cross the boundary by their subscribe() alone.
export * from 'rxjs';
