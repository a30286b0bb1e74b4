// The version of the plugin API.

/** A plugin's `engines.plexterm` range is checked against it; it changes when the API does. */
export const pluginApiVersion = '1.5.0';
