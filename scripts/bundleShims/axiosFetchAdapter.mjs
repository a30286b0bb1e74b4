// Stands in for axios's lib/adapters/fetch.js in the bundle. The original, loaded, builds its adapter at once, and
// touching Node's fetch loads undici (about 40 ms of every command). On Node, axios uses its http adapter;
// plexterm never asks for `adapter: 'fetch'`, which would now fail with axios's "not supported" error.
export const getFetch = () => false;
export default false;
