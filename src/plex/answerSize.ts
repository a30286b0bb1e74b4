// The largest Plex API answer read by default, apart from the HTTP client so that reading the setting
// (src/session/answerLimit.ts) does not load axios for commands that never talk to a server.

/** Plex's biggest listings are a few MiB; more is a wrong server or a runaway answer, never held in memory. */
export const defaultMaxAnswerBytes = 64 * 1024 * 1024;
