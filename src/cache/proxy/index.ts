// The stream proxy on 127.0.0.1: a URL per playback (a token valid for one part while its playback lasts) that answers
// players' Range requests from the entry's reads, with the content type of the part's container.
export { StreamProxy, type StreamRegistration, type StreamSource } from './streamProxy.js';
