// Plain data and disposables: what crosses between a plugin and plexterm, and what every registration returns.

/** Values that may cross the boundary between the extension host and plexterm: JSON, nothing else. */
export type PlainData = null | boolean | number | string | readonly PlainData[] | { readonly [key: string]: PlainData };

/** What a registration returns: disposing it undoes the registration. Push it onto `context.subscriptions`. */
export interface Disposable {
  dispose(): void;
}
