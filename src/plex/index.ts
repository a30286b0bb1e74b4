// The plex layer's public surface: the Plex Media Server client, plex.tv sign-in and server discovery.
export { PlexClient, type PlexClientOptions, type TimelineReport } from './client.js';
export { identityHeaders, plexPlatformName, type ClientIdentity } from './clientIdentity.js';
export { connectionKind, connectionPreference, raceConnections, type ConnectionKind, type RaceConnection, type RaceOptions, type RaceWinner } from './connectionRace.js';
export { PlexHttpClient, type CallOptions, type HttpClientOptions, type HttpMethod, type HttpRequestOptions, type HttpResponse } from './httpClient.js';
export * from './models.js';
export { defaultPageSize, type ListOptions, type Page } from './pager.js';
export { PlexRequestError, toPlexError, type RequestContext } from './plexErrors.js';
export { installRetryPolicy, isRetryableStatus, parseRetryAfterMs, type RetryOptions } from './retryPolicy.js';
export { defaultPlexTvUrl, PlexTv, type PlexTvOptions } from './plexTv.js';
export { authUrl, waitForPin, type PinChecker, type WaitForPinOptions } from './signIn.js';
